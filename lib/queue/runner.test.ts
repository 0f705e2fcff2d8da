/**
 * Export when ready, end to end in-process: the engine, the store and the queue on
 * fake-indexeddb, the console simulator over HTTP on its frozen clock (2026-11-28 12:00Z),
 * where "Cart abandoners 7d" may go at 12:20Z (one-hour rule).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pair } from '@/lib/model';
import { acceptedPairs, world, type World } from '@/lib/exports/engine.testkit';
import type { ExportEngine } from '@/lib/exports/engine';
import { ExportQueue, type QueueDeps } from './runner';
import { QueueStore } from './queue-store';
import { WAKE_MARGIN_MS } from './plan';

const MINUTE = 60_000;
const worlds: World[] = [];
const stores: QueueStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const w of worlds.splice(0)) await w.close();
});

interface Rig {
  w: World;
  engine: ExportEngine;
  queue: ExportQueue;
  wakes: (number | null)[];
  pairOf(name: string): Pair;
  /** A new queue on a new store connection, as a restarted worker makes it. */
  restart(overrides?: Partial<QueueDeps>): ExportQueue;
}

async function rig(overrides: Partial<QueueDeps> = {}): Promise<Rig> {
  const w = await world('fixtures');
  worlds.push(w);
  await w.capture();
  const engine = w.engine();
  const view = await w.views.build({ kind: 'browse' }, w.scope);
  const wakes: (number | null)[] = [];
  const make = (more: Partial<QueueDeps>) => {
    const store = new QueueStore(w.store.name);
    stores.push(store);
    return new ExportQueue({
      store,
      recentRuns: (scope, since) => w.store.recentRuns(scope, since),
      start: (input) => engine.start(input),
      freshViews: (scope, flowIds, audienceIds) => w.views.viewsOf(scope, flowIds, audienceIds),
      hasSession: async (scope) => Boolean(await w.sessions.getCredentials(scope)),
      now: () => w.sim.state.now(),
      serverNow: () => w.sim.state.now(),
      wakeAt: (at) => void wakes.push(at),
      ...more,
    });
  };
  const pairOf = (name: string): Pair => {
    for (const flow of view.dataflows) {
      const audience = flow.audiences.find((a) => a.name === name && flow.verdict.kind === 'eligible');
      if (audience) return { flowId: flow.id, audienceId: audience.id };
    }
    throw new Error(`no ${name}`);
  };
  return { w, engine, queue: make(overrides), wakes, pairOf, restart: (more = {}) => make({ ...overrides, ...more }) };
}

async function queueWaiting(r: Rig, pairs: Pair[]) {
  const result = await r.engine.start({ pairs, scope: r.w.scope, leaveWaiting: true });
  return { result, queued: await r.queue.add(r.w.scope, result.waiting) };
}

const at = (iso: string) => Date.parse(iso);
const posted = (r: Rig, pair: Pair) => acceptedPairs(r.w).filter((key) => key === `${pair.flowId}|${pair.audienceId}`).length;

describe('export when ready', () => {
  it('sends the eligible pair now and the waiting one when its hour is up, once, and wakes at its end', async () => {
    const r = await rig();
    const gold = r.pairOf('Gold members');
    const cart = r.pairOf('Cart abandoners 7d');
    const { result, queued } = await queueWaiting(r, [gold, cart]);
    expect(result.sent).toBe(1);
    expect(queued).toBe(1);
    expect(r.wakes.at(-1)).toBe(at('2026-11-28T12:20:00Z') + WAKE_MARGIN_MS);
    const [entry] = await r.queue.list();
    expect(entry).toMatchObject({ rule: 'activatedUnderOneHour', until: at('2026-11-28T12:20:00Z'), audienceName: 'Cart abandoners 7d', status: 'queued' });

    await r.queue.process(); // not due yet
    expect(posted(r, cart)).toBe(0);

    r.w.sim.state.advance(20 * MINUTE + WAKE_MARGIN_MS);
    await r.queue.process();
    await r.engine.settled();
    await r.queue.process();
    await r.engine.settled();
    expect(posted(r, cart)).toBe(1);
    expect(posted(r, gold)).toBe(1);
    expect(await r.queue.list()).toEqual([]);
    expect(r.wakes.at(-1)).toBeNull();
  });

  it("a worker killed between the job and the queue's mark adopts that job at its next wake: nothing sent twice", async () => {
    const r = await rig();
    const cart = r.pairOf('Cart abandoners 7d');
    await queueWaiting(r, [cart]);
    r.w.sim.state.advance(21 * MINUTE);
    // The engine makes and sends the job, then the worker dies before the queue writes "sent".
    let made!: () => void;
    const jobMade = new Promise<void>((resolve) => (made = resolve));
    const dying = r.restart({
      start: async (input) => {
        await r.engine.start(input);
        made();
        return new Promise(() => undefined);
      },
    });
    void dying.process();
    await jobMade;
    await r.engine.settled();
    expect(posted(r, cart)).toBe(1);

    const restarted = r.restart();
    await restarted.process();
    expect(posted(r, cart)).toBe(1);
    expect(await restarted.list()).toEqual([]);
  });

  it('a pair the user exported by hand after queueing it is adopted, not sent again', async () => {
    const r = await rig();
    const cart = r.pairOf('Cart abandoners 7d');
    const { result } = await queueWaiting(r, [cart]);
    expect(result.jobId).toBe(''); // nothing to send now: no job
    const [entry] = await r.queue.list();
    r.w.sim.state.advance(21 * MINUTE);
    const byHand = await r.engine.start({ pairs: [cart], scope: r.w.scope });
    await r.engine.settled();
    await r.queue.process();
    await r.engine.settled();
    expect(posted(r, cart)).toBe(1);
    const store = new QueueStore(r.w.store.name);
    stores.push(store);
    expect(await store.get(entry!.id)).toMatchObject({ status: 'adopted', jobId: byHand.jobId });
  });

  it('cancel sends nothing, for one confirmation or one pair', async () => {
    const r = await rig();
    const cart = r.pairOf('Cart abandoners 7d');
    await queueWaiting(r, [cart]);
    const [entry] = await r.queue.list();
    expect(await r.queue.cancel({ entryId: entry!.id })).toBe(1);
    expect(r.wakes.at(-1)).toBeNull();
    r.w.sim.state.advance(21 * MINUTE);
    await r.queue.process();
    expect(posted(r, cart)).toBe(0);
  });

  it('a wait that moved is queued again with its new end; a wait with no end is watched each minute', async () => {
    const r = await rig();
    const holiday = r.pairOf('Holiday launch');
    await queueWaiting(r, [holiday]);
    const [entry] = await r.queue.list();
    expect(entry!.until).toBe(at('2026-12-01T00:00:00Z'));
    // As if it had been queued for earlier: the fresh view says the schedule starts on the 1st.
    const store = new QueueStore(r.w.store.name);
    stores.push(store);
    await store.put([{ ...entry!, rule: 'activatedUnderOneHour', until: at('2026-11-28T11:00:00Z') }]);
    await r.queue.process();
    expect(await r.queue.list()).toMatchObject([{ rule: 'scheduleNotStarted', until: at('2026-12-01T00:00:00Z'), status: 'queued' }]);
    expect(r.wakes.at(-1)).toBe(at('2026-12-01T00:00:00Z') + WAKE_MARGIN_MS);

    const lapsed = r.pairOf('Lapsed & <VIP> "quoted"');
    await queueWaiting(r, [lapsed]);
    expect(r.wakes.at(-1)).toBe(r.w.sim.state.now() + MINUTE);
  });

  it('without a console session at its time the pair waits for one, and goes when one is seen', async () => {
    const r = await rig();
    const cart = r.pairOf('Cart abandoners 7d');
    await queueWaiting(r, [cart]);
    await r.w.sessions.markStale(r.w.scope);
    const told: number[] = [];
    const noSession = r.restart({ hasSession: async () => false, onNeedsSession: (n) => told.push(n) });
    r.w.sim.state.advance(21 * MINUTE);
    await noSession.process();
    await noSession.process();
    expect(await noSession.list()).toMatchObject([{ needsSession: true }]);
    expect(told).toEqual([1]); // told once, not at every wake
    expect(r.wakes.at(-1)).toBeNull();
    expect(posted(r, cart)).toBe(0);

    await r.w.capture();
    await r.queue.process();
    await r.engine.settled();
    expect(posted(r, cart)).toBe(1);
  });

  it('a pair blocked at its time is dropped with the rule that blocks it', async () => {
    const r = await rig();
    const cart = r.pairOf('Cart abandoners 7d');
    await queueWaiting(r, [cart]);
    const [entry] = await r.queue.list();
    const store = new QueueStore(r.w.store.name);
    stores.push(store);
    await store.put([{ ...entry!, audienceId: 'no-such-audience', id: `${entry!.queueId}|x` }]);
    await store.put([{ ...entry!, status: 'cancelled' }]);
    r.w.sim.state.advance(21 * MINUTE);
    await r.queue.process();
    expect(await r.queue.list()).toEqual([]);
    expect(await store.get(`${entry!.queueId}|x`)).toMatchObject({ status: 'skipped', skipRule: 'notMapped' });
  });
});

describe('after the next scheduled export (same data)', () => {
  it('waits until its scheduled time, watches until a scheduled export has run, then sends once', async () => {
    const r = await rig();
    const gold = r.pairOf('Gold members');
    await r.engine.start({ pairs: [gold], scope: r.w.scope });
    await r.engine.settled();
    r.w.sim.state.advance(MINUTE);
    await r.engine.tick();
    await r.engine.settled();
    const view = await r.w.views.viewsOf(r.w.scope, [gold.flowId]);
    const audience = view[0]!.audiences.find((a) => a.id === gold.audienceId)!;
    expect(audience.verdict.warnings).toContain('sameData');

    const result = await r.engine.start({ pairs: [gold], scope: r.w.scope, leaveWaiting: true, holdSameData: true });
    expect(result.jobId).toBe('');
    await r.queue.add(r.w.scope, result.waiting);
    // Gold's schedule: daily at 23:00 UTC.
    expect(await r.queue.list()).toMatchObject([{ rule: 'sameData', until: at('2026-11-28T23:00:00Z'), afterScheduled: true }]);

    r.w.sim.state.setClock(at('2026-11-28T23:00:10Z'), 0);
    await r.queue.process();
    // Its time came, no scheduled export has run yet: watched each minute, not sent.
    expect(await r.queue.list()).toMatchObject([{ rule: 'sameData', until: null }]);
    expect(posted(r, gold)).toBe(1);

    r.w.sim.state.addScheduledRun(gold.flowId, [], 'success');
    await r.queue.process();
    await r.engine.settled();
    expect(posted(r, gold)).toBe(2);
    expect(await r.queue.list()).toEqual([]);
  });
});
