// Over 400 lines: the engine's restart and outcome guarantees against the console simulator, on one shared world (pure outcome rules: rejection.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { StoreError } from '@/lib/store/errors';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DataflowView, Pair, RunRecord, Scope } from '@/lib/model';
import { selectorsOf } from '@/test/console-sim/scenarios';
import { acceptedPairs, adhocPosts, dyingAfterFirstPost, eligiblePairs, trackToEnd, world, type World } from './engine.testkit';
import { ExportEngine, refusedRules, type EngineDeps, type ScheduleRule } from './engine';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function runsOf(world: World, jobId: string) {
  return (await world.store.runsOfJob(jobId)) as import('@/lib/model').RunRecord[];
}

/** Deletes a job's pending runs behind the store's back. */
async function deletePendingRuns(dbName: string, jobId: string): Promise<void> {
  const db = await openDB(dbName);
  const tx = db.transaction('runs', 'readwrite');
  for (const run of (await tx.store.index('byJob').getAll(jobId)) as RunRecord[]) if (run.status === 'pending') await tx.store.delete(run.id);
  await tx.done;
  db.close();
}

function expectNoPairTwice(world: World) {
  const accepted = acceptedPairs(world);
  expect(new Set(accepted).size).toBe(accepted.length);
}

describe('export engine against the console simulator', () => {
  it('sends 200 eligible pairs over 5 dataflows in exactly 3 POSTs, each pair once, and tracks all to success', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    expect(pairs).toHaveLength(200);
    const engine = w.engine();
    const started = await engine.start({ pairs, scope: w.scope });
    expect(started).toMatchObject({ sent: 200, skipped: [] });
    await engine.settled();

    const posts = adhocPosts(w);
    expect(posts).toHaveLength(3);
    const posted = posts.flatMap((p) =>
      Object.entries((p.body as { activationInfo: Record<string, string[]> }).activationInfo).flatMap(([f, ids]) => ids.map((a) => `${f}|${a}`)),
    );
    expect(posted).toHaveLength(200);
    expect(new Set(posted).size).toBe(200);
    expectNoPairTwice(w);

    await trackToEnd(w, engine);
    const runs = await runsOf(w, started.jobId);
    expect(runs.every((r) => r.status === 'success' && r.recordCount === 1000 && r.fileCount === 1)).toBe(true);
    expect(w.ended.map((j) => [j.id, j.status, j.counts.success])).toEqual([[started.jobId, 'done', 200]]);
  });

  it('a freed slot is claimed before the answer that freed it is written: the next POST does not wait for 80 run writes', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const engine = w.engine({ concurrency: 1 });
    const store = w.store;
    const settle = store.settleRuns.bind(store);
    // The first answer's write is held until the test lets it go: an engine that waited for
    // it before sending the next request would send nothing more meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writes = 0;
    store.settleRuns = async (ids, fn) => {
      if (writes++ === 0) await held;
      return settle(ids, fn);
    };
    const current = w;
    await engine.start({ pairs, scope: w.scope });
    try {
      // The first answer's write has begun (and is held), and the next request went out meanwhile.
      await vi.waitFor(
        () => {
          expect(writes).toBeGreaterThanOrEqual(1);
          expect(adhocPosts(current).length).toBeGreaterThanOrEqual(2);
        },
        { timeout: 5_000 },
      );
    } finally {
      release();
    }
    await engine.settled();
    // 200 pairs, 3 POSTs one at a time, every answer written in the end.
    expect(adhocPosts(w)).toHaveLength(3);
    expect(writes).toBeGreaterThanOrEqual(3);
    expectNoPairTwice(w);
  });

  it('two starts of the same pairs at the same moment: the second skips them as in progress, one POST', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 10);
    const engine = w.engine();
    const [first, second] = await Promise.all([engine.start({ pairs, scope: w.scope }), engine.start({ pairs, scope: w.scope })]);
    expect(first.sent).toBe(10);
    expect(second).toMatchObject({ sent: 0 });
    expect(second.skipped.map((s) => s.rule)).toEqual(Array(10).fill('adhocRunInProgress'));
    await engine.settled();
    expect(adhocPosts(w)).toHaveLength(1);
    expectNoPairTwice(w);
  });

  it('a worker killed between the last run update and closing the job: the restarted engine closes it', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 5);
    const engine = w.engine();
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    // The tracker's write landed; the job's close did not (the worker died in between).
    const runs = await runsOf(w, jobId);
    await w.store.updateRuns(runs.map((r) => ({ ...r, status: 'success' as const })));
    expect(await w.store.getJob(jobId)).toMatchObject({ status: 'tracking' });
    engine.dispose();
    const restarted = w.engine();
    await restarted.tick();
    expect(await w.store.getJob(jobId)).toMatchObject({ status: 'done', counts: { success: 5 } });
    restarted.dispose();
  });

  it('a worker killed mid-POST: the restarted engine reconciles through the runs API and sends no pair twice', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    // The first POST reaches the server, then the worker "dies": its answer is never recorded.
    const dying = dyingAfterFirstPost(w.clientFor(w.scope));
    const first = w.engine({ clientFor: () => dying, concurrency: 1 });
    const { jobId } = await first.start({ pairs, scope: w.scope });
    await new Promise((r) => setTimeout(r, 300));
    const before = (await w.store.requestsOfJob(jobId)) as import('@/lib/model').RequestRecord[];
    // The POST in flight, and the request claimed ahead of the next free slot.
    expect(before.filter((r) => r.status === 'sending')).toHaveLength(2);
    first.dispose();

    const store = w.reopenStore();
    const second = new ExportEngine({
      store,
      clientFor: w.clientFor,
      sessions: w.sessions,
      freshViews: (s, ids) => w!.views.viewsOf(s, ids),
      now: () => w!.sim.state.now(),
      reconcileGraceMs: 0,
      onJobEnded: (job) => w!.ended.push(job),
    });
    await second.tick();
    await second.settled();
    expectNoPairTwice(w);
    expect(acceptedPairs(w)).toHaveLength(200);
    const requests = (await store.requestsOfJob(jobId)) as import('@/lib/model').RequestRecord[];
    expect(requests.some((r) => r.status === 'sending' || r.status === 'unknown' || r.status === 'pending')).toBe(false);
    await trackToEnd({ ...w, store }, second);
    expect(((await store.runsOfJob(jobId)) as import('@/lib/model').RunRecord[]).every((r) => r.status === 'success')).toBe(true);
    second.dispose();
  });

  it("a worker killed before a new job's pending runs were written: the restarted engine writes them from the requests and sends each pair once", async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const create = w.store.createJob.bind(w.store);
    const name = w.store.name;
    w.store.createJob = async (...args) => {
      const created = await create(...args);
      await created.pendingWritten;
      await deletePendingRuns(name, created.summary.id); // as if they never were written...
      return { ...created, pendingWritten: new Promise<void>(() => undefined) }; // ...by a worker that died first
    };
    // Its first POST reaches the server; the worker dies before the answer.
    const dying = dyingAfterFirstPost(w.clientFor(w.scope));
    const first = w.engine({ clientFor: () => dying, concurrency: 1 });
    const { jobId } = await first.start({ pairs, scope: w.scope });
    await vi.waitFor(() => expect(adhocPosts(w!)).toHaveLength(1), { timeout: 5_000 });
    first.dispose();
    w.store.createJob = create;
    expect(await w.store.runCount(jobId)).toBe(0);

    const second = w.engine();
    await second.tick();
    await second.settled();
    expectNoPairTwice(w);
    expect(acceptedPairs(w)).toHaveLength(200);
    await trackToEnd(w, second);
    expect(await w.store.getJob(jobId)).toMatchObject({ status: 'done', counts: { pending: 0, success: 200 } });
    const runs = await runsOf(w, jobId);
    expect(runs).toHaveLength(200);
    // The names were only in the lost records: the dataflow's comes from the job, the audience's id stands in.
    expect(runs[0]).toMatchObject({ dataflowName: expect.not.stringMatching(/^$/), audienceName: runs[0]!.audienceId });
    second.dispose();
  });

  describe("a 429's Retry-After is kept with the request", () => {
    type RequestRecord = import('@/lib/model').RequestRecord;
    const requestsOf = async (world: World, jobId: string) => (await world.store.requestsOfJob(jobId)) as RequestRecord[];
    // The client hands a POST's 429 straight to the engine: one refused POST per fault.
    const quota = (retryAfter: number) => ({ kind: '429' as const, remaining: 1, path: '/adhocrun', retryAfter });
    /** Fires a captured timer; its resume is not awaitable, so wait (bounded) for a POST past `posts`. */
    const fire = async (timer: { fn: () => void }, posts: number) => {
      timer.fn();
      for (let i = 0; i < 200 && adhocPosts(w!).length === posts; i++) await new Promise((r) => setTimeout(r, 10));
    };

    it('a worker killed while waiting: the restarted engine sends nothing before "not before", then each pair once', async () => {
      w = await world('bulk');
      const pairs = (await eligiblePairs(w)).slice(0, 10);
      w.sim.state.faults.push(quota(60));
      const first = w.engine();
      const { jobId } = await first.start({ pairs, scope: w.scope });
      await first.settled();
      expect(w.sim.state.faults).toHaveLength(0);
      const refused = adhocPosts(w).length;
      expect(acceptedPairs(w)).toHaveLength(0);
      const notBefore = w.sim.state.now() + 60_000;
      expect(await requestsOf(w, jobId)).toMatchObject([{ status: 'pending', notBefore, error: { kind: 'quota' } }]);
      first.dispose();

      // The restarted worker: a new engine on a new connection to the same database.
      const store = w.reopenStore();
      const second = w.engine({ store });
      w.sim.state.advance(59_999);
      await second.tick();
      await second.settled();
      expect(adhocPosts(w)).toHaveLength(refused);
      // Still unfinished, so the tracking alarm keeps waking the worker.
      expect(await store.getJob(jobId)).toMatchObject({ status: 'sending' });
      expect(await store.trackingState()).toMatchObject({ unfinishedJobs: 1 });

      w.sim.state.advance(1);
      await second.tick();
      await second.settled();
      await second.tick();
      await second.settled();
      expect(adhocPosts(w)).toHaveLength(refused + 1);
      expect(acceptedPairs(w)).toHaveLength(10);
      expectNoPairTwice(w);
      const [sent] = await requestsOf(w, jobId);
      expect(sent).toMatchObject({ status: 'answered', attempts: 2 });
      expect(sent).not.toHaveProperty('notBefore');
      await trackToEnd({ ...w, store }, second);
      expect(w.ended.map((j) => j.status)).toEqual(['done']);
    });

    it('a live worker wakes its driver at the earliest "not before", not before it', async () => {
      w = await world('bulk');
      const pairs = (await eligiblePairs(w)).slice(0, 10);
      w.sim.state.faults.push(quota(45));
      const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
      const engine = w.engine({
        timers: {
          setTimeout: (fn, ms) => timers.push({ fn, ms, cleared: false }) - 1,
          clearTimeout: (handle) => {
            if (typeof handle === 'number' && timers[handle]) timers[handle].cleared = true;
          },
        },
      });
      await engine.start({ pairs, scope: w.scope });
      await engine.settled();
      const refused = adhocPosts(w).length;
      const live = timers.filter((t) => !t.cleared);
      // The poll timer is not set yet (nothing answered): the only live one is the wake.
      expect(live.map((t) => t.ms)).toEqual([45_000]);
      w.sim.state.advance(45_000);
      await fire(live[0]!, refused);
      await engine.settled();
      expect(adhocPosts(w)).toHaveLength(refused + 1);
      expect(acceptedPairs(w)).toHaveLength(10);
    });

    it("one job's later wake does not replace another job's earlier one", async () => {
      w = await world('bulk');
      const pairs = await eligiblePairs(w);
      const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
      const engine = w.engine({
        timers: {
          setTimeout: (fn, ms) => timers.push({ fn, ms, cleared: false }) - 1,
          clearTimeout: (handle) => {
            if (typeof handle === 'number' && timers[handle]) timers[handle].cleared = true;
          },
        },
      });
      w.sim.state.faults.push(quota(30));
      await engine.start({ pairs: pairs.slice(0, 10), scope: w.scope });
      await engine.settled();
      w.sim.state.faults.push(quota(90));
      await engine.start({ pairs: pairs.slice(10, 20), scope: w.scope });
      await engine.settled();
      const refused = adhocPosts(w).length;
      expect(timers.filter((t) => !t.cleared).map((t) => t.ms)).toEqual([30_000]);
      w.sim.state.advance(30_000);
      await fire(
        timers.find((t) => !t.cleared)!,
        refused,
      );
      await engine.settled();
      // The first job went; the second asked for its own wake, 60 s on.
      expect(adhocPosts(w)).toHaveLength(refused + 1);
      expect(acceptedPairs(w)).toHaveLength(10);
      expect(timers.filter((t) => !t.cleared && t.ms >= 30_000).map((t) => t.ms)).toContain(60_000);
    });

    it('the claim refuses a request another worker was told to hold back since it was planned, and clears it when it claims', async () => {
      w = await world('bulk');
      const pairs = (await eligiblePairs(w)).slice(0, 10);
      const store = w.store;
      const claim = store.claimRequests.bind(store);
      let raced = false;
      store.claimRequests = async (ids, fn) => {
        if (!raced) {
          raced = true;
          const [planned] = await requestsOf(w!, ids[0]!.slice(0, ids[0]!.lastIndexOf('#')));
          await store.updateRequest({ ...planned!, notBefore: w!.sim.state.now() + 5_000 });
        }
        return claim(ids, fn);
      };
      const engine = w.engine();
      const { jobId } = await engine.start({ pairs, scope: w.scope });
      await engine.settled();
      expect(adhocPosts(w)).toHaveLength(0);
      expect(await requestsOf(w, jobId)).toMatchObject([{ status: 'pending', attempts: 0 }]);
      w.sim.state.advance(5_000);
      await engine.tick();
      await engine.settled();
      expect(adhocPosts(w)).toHaveLength(1);
      const [sent] = await requestsOf(w, jobId);
      expect(sent).toMatchObject({ status: 'answered', attempts: 1 });
      expect(sent).not.toHaveProperty('notBefore');
    });
  });

  it('an unknown outcome with no run found is not re-sent before the grace period ends', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 10);
    w.sim.state.faults.push({ kind: 'drop', remaining: 1, path: '/adhocrun', method: 'POST' });
    const engine = w.engine({ reconcileGraceMs: 120_000 });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    let requests = (await w.store.requestsOfJob(jobId)) as import('@/lib/model').RequestRecord[];
    expect(requests.map((r) => r.status)).toEqual(['unknown']);
    await engine.tick();
    await engine.settled();
    expect(adhocPosts(w)).toHaveLength(1);
    w.sim.state.advance(121_000);
    await engine.tick();
    await engine.settled();
    requests = (await w.store.requestsOfJob(jobId)) as import('@/lib/model').RequestRecord[];
    expect(requests.map((r) => r.status)).toEqual(['answered', 'answered']);
    expect(acceptedPairs(w)).toHaveLength(10);
    expectNoPairTwice(w);
  });

  it.each([
    ['500 on the POST', { kind: '500' as const, remaining: 4, path: '/adhocrun' }],
    ['429 with Retry-After on the POST', { kind: '429' as const, remaining: 2, path: '/adhocrun', retryAfter: 1 }],
    ['a dropped connection on the POST', { kind: 'drop' as const, remaining: 1, path: '/adhocrun' }],
    ['malformed JSON on the POST', { kind: 'malformed' as const, remaining: 1, path: '/adhocrun' }],
    ['500 on polling', { kind: '500' as const, remaining: 20, path: '/flowservice/runs' }],
    ['a dropped connection on polling', { kind: 'drop' as const, remaining: 20, path: '/flowservice/runs' }],
    ['malformed JSON on polling', { kind: 'malformed' as const, remaining: 20, path: '/flowservice/runs' }],
  ])('%s: the job still completes and no pair is accepted twice', async (_name, fault) => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const engine = w.engine();
    const onPolling = fault.path.includes('/runs');
    if (!onPolling) w.sim.state.faults.push({ ...fault });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    if (onPolling) {
      // After the start's re-check, so the faults land on the tracker's calls.
      w.sim.state.faults.push({ ...fault });
      w.sim.state.advance(31_000);
      await engine.poll();
      expect(w.sim.state.faults).toHaveLength(0); // the tracker's calls met every fault
      expect((await w.store.counts()).inFlight).toBeGreaterThan(0);
    }
    await trackToEnd(w, engine);
    expectNoPairTwice(w);
    expect(acceptedPairs(w)).toHaveLength(200);
    const runs = await runsOf(w, jobId);
    expect(runs.filter((r) => r.status === 'success')).toHaveLength(200);
    expect(w.ended.map((j) => j.status)).toEqual(['done']);
  });

  it("reconciling a lost POST never adopts the audience's scheduled run from before it", async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 5);
    const [first] = pairs;
    const startedAt = w.sim.state.now() - 40_000;
    // The schedule exported this audience 40 s before our POST (and finished): not ours.
    const scheduled = {
      id: 'scheduled-run-1',
      flowId: first!.flowId,
      createdAt: startedAt,
      updatedAt: startedAt + 20_000,
      metrics: {
        durationSummary: { startedAtUTC: startedAt, completedAtUTC: startedAt + 20_000 },
        statusSummary: { status: 'success' },
        recordSummary: { outputRecordCount: 10, targetSummaries: [{ entitySummaries: [{ id: `segment:${first!.audienceId}` }] }] },
        fileSummary: { outputFileCount: 1 },
      },
    };
    w.sim.state.scenario.runs.push(scheduled);
    // Our POST never reaches the server: its outcome is unknown, so the engine reconciles.
    w.sim.state.faults.push({ kind: 'drop', remaining: 1, path: '/adhocrun' });
    const engine = w.engine();
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    const run = (await runsOf(w, jobId)).find((r) => r.audienceId === first!.audienceId);
    expect(run?.runId).toBeDefined();
    expect(run?.runId).not.toBe(scheduled.id);
    expect(acceptedPairs(w).sort()).toEqual(pairs.map((p) => `${p.flowId}|${p.audienceId}`).sort());
  });

  it('a POST answered but lost on the way back is adopted from the runs list, not re-sent', async () => {
    let lose = 1;
    w = await world('bulk', {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'POST' && String(input).includes('/adhocrun') && lose-- > 0) {
          await response.text();
          throw new TypeError('connection reset');
        }
        return response;
      },
    });
    const pairs = await eligiblePairs(w);
    const engine = w.engine({ reconcileGraceMs: 60 * 60_000 });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    expect(adhocPosts(w)).toHaveLength(3);
    expectNoPairTwice(w);
    await trackToEnd(w, engine);
    expect((await runsOf(w, jobId)).every((r) => r.status === 'success')).toBe(true);
  });

  it('401 on a POST pauses the job with an auth reason and a fresh capture resumes it', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const engine = w.engine({ concurrency: 1 });
    w.sim.state.faults.push({ kind: '401', remaining: 1, path: '/adhocrun' });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    const job = (await w.store.getJob(jobId)) as import('@/lib/store/schemas').JobSummary;
    expect(job.status).toBe('paused');
    expect(job.pauseReason?.kind).toBe('auth');
    expect((await w.sessions.getCredentials(w.scope))?.stale).toBe(true);
    expect(acceptedPairs(w)).toHaveLength(0);

    await w.capture(); // the console sends its (refreshed) token again
    await new Promise((r) => setTimeout(r, 50));
    await engine.settled();
    expect(acceptedPairs(w)).toHaveLength(200);
    await trackToEnd(w, engine);
    expectNoPairTwice(w);
    expect(((await w.store.getJob(jobId)) as import('@/lib/store/schemas').JobSummary).status).toBe('done');
  });

  it('a pause the full disk refuses holds nothing back for good: the job goes on and sends every pair once', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const write = w.store.write.bind(w.store);
    w.store.write = async (change) => {
      if (change.job?.status === 'paused') throw new StoreError('quota', 'IndexedDB quota exceeded');
      return write(change);
    };
    const engine = w.engine({ concurrency: 1 });
    w.sim.state.faults.push({ kind: '401', remaining: 1, path: '/adhocrun' });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    await engine.tick();
    await engine.settled();
    expect(acceptedPairs(w)).toHaveLength(200);
    expectNoPairTwice(w);
    expect((await w.store.getJob(jobId)) as import('@/lib/store/schemas').JobSummary).toMatchObject({ status: 'tracking' });
  });

  it('cancel before send: pending requests and their runs are cancelled, nothing is POSTed', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    // Paused by a missing session, so the job sits with every request pending.
    w.sim.state.faults.push({ kind: '401', remaining: 1, path: '/adhocrun' });
    const engine = w.engine({ concurrency: 1 });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    expect(await engine.cancel(jobId)).toEqual({ cancelled: true });
    const runs = await runsOf(w, jobId);
    expect(runs.every((r) => r.status === 'cancelled')).toBe(true);
    const job = (await w.store.getJob(jobId)) as import('@/lib/store/schemas').JobSummary;
    expect(job.status).toBe('cancelled');
    await w.capture();
    await engine.tick();
    await engine.settled();
    expect(adhocPosts(w)).toHaveLength(1); // only the refused one
    expect(acceptedPairs(w)).toHaveLength(0);
    expect(await engine.cancel(jobId)).toEqual({ cancelled: false });
  });

  it('a cancel during a POST takes back the request claimed ahead: cancelled with its runs, never sent', async () => {
    w = await world('bulk');
    const pairs = await eligiblePairs(w);
    const real = w.clientFor(w.scope);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = { ...real, activate: async (info: Record<string, string[]>) => (await gate, real.activate(info)) };
    const engine = w.engine({ clientFor: () => held, concurrency: 1 });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    type RequestRecord = import('@/lib/model').RequestRecord;
    const statuses = async () => ((await w!.store.requestsOfJob(jobId)) as RequestRecord[]).map((r) => r.status);
    await vi.waitFor(async () => expect(await statuses()).toEqual(['sending', 'sending', 'pending']), { timeout: 5_000 });
    expect(await engine.cancel(jobId)).toEqual({ cancelled: true });
    release();
    await engine.settled();
    expect(adhocPosts(w)).toHaveLength(1);
    expect(await statuses()).toEqual(['answered', 'cancelled', 'cancelled']);
    const runs = await runsOf(w, jobId);
    expect(runs.filter((r) => r.status === 'cancelled')).toHaveLength(120);
    expect(await w.store.getJob(jobId)).toMatchObject({ status: 'tracking', counts: { cancelled: 120, running: 80, pending: 0 } });
  });

  it('"already going on" adopts the named run and re-sends the rest of the body', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 6);
    const views = await w.views.viewsOf(w.scope, [...new Set(pairs.map((p) => p.flowId))]);
    // Someone else started one of them after our eligibility check.
    const [busy] = await w.clientFor(w.scope).activate({ [pairs[2]!.flowId]: [pairs[2]!.audienceId] });
    const engine = w.engine({ freshViews: async () => views });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    expectNoPairTwice(w);
    expect(acceptedPairs(w)).toHaveLength(6);
    const runs = await runsOf(w, jobId);
    const adopted = runs.find((r) => r.audienceId === pairs[2]!.audienceId)!;
    expect(adopted).toMatchObject({ status: 'sent', runId: busy!.runId });
    expect(runs.filter((r) => r.status === 'sent')).toHaveLength(6);
    await trackToEnd(w, engine);
    expect((await runsOf(w, jobId)).every((r) => r.status === 'success')).toBe(true);
  });

  it('"out of schedule" marks the named audiences skipped and sends the rest', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 5);
    const views = await w.views.viewsOf(w.scope, [...new Set(pairs.map((p) => p.flowId))]);
    const flow = w.sim.state.scenario.flows.find((f) => f.id === pairs[1]!.flowId)!;
    const selector = selectorsOf(flow).find((s) => s.value.id === pairs[1]!.audienceId)!;
    selector.value.schedule.endDate = '2020-01-01';
    const engine = w.engine({ freshViews: async () => views });
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    const runs = await runsOf(w, jobId);
    expect(runs.find((r) => r.audienceId === pairs[1]!.audienceId)).toMatchObject({ status: 'skipped', skipRule: 'scheduleEnded' });
    expect(runs.filter((r) => r.status === 'sent')).toHaveLength(4);
    expect(acceptedPairs(w)).toHaveLength(4);
    await trackToEnd(w, engine);
    expect(w.ended[0]?.counts).toMatchObject({ success: 4, skipped: 1 });
  });

  describe('"out of schedule" refusals', () => {
    /** The views the page had when the user clicked (all eligible), then the truth for every later re-check. */
    function clickedWith(world: World, views: DataflowView[]): EngineDeps['freshViews'] {
      let first = true;
      return async (scope, flowIds, audienceIds) => {
        if (first) {
          first = false;
          return views;
        }
        return world.views.viewsOf(scope, flowIds, audienceIds);
      };
    }

    const selectorOf = (world: World, pair: Pair) =>
      selectorsOf(world.sim.state.scenario.flows.find((f) => f.id === pair.flowId)!).find((s) => s.value.id === pair.audienceId)!;

    /** Gives `pair` the name `name` everywhere the simulator and the views read it. */
    function rename(world: World, pair: Pair, name: string) {
      selectorOf(world, pair).value.name = name;
      world.sim.state.scenario.audiences[pair.audienceId]!.name = name;
    }

    async function start(world: World, pairs: Pair[], freshViews: EngineDeps['freshViews']) {
      const engine = world.engine({ freshViews });
      const { jobId } = await engine.start({ pairs, scope: world.scope });
      await engine.settled();
      return { engine, jobId, runs: await runsOf(world, jobId) };
    }

    const runOf = (runs: RunRecord[], pair: Pair) => runs.find((r) => r.audienceId === pair.audienceId && r.flowId === pair.flowId);

    /** A fresh world, five eligible pairs, and the views the page has of them when the user clicks. */
    async function fivePairs(): Promise<{ world: World; pairs: Pair[]; clicked: () => Promise<DataflowView[]> }> {
      const env = (w = await world('bulk'));
      const pairs = (await eligiblePairs(env)).slice(0, 5);
      return { world: env, pairs, clicked: () => env.views.viewsOf(env.scope, [...new Set(pairs.map((p) => p.flowId))]) };
    }

    it('a refused audience whose schedule has not started is skipped as scheduleNotStarted', async () => {
      const { world: env, pairs, clicked } = await fivePairs();
      const views = await clicked();
      selectorOf(env, pairs[2]!).value.schedule.startDate = '2099-01-01';
      const { engine, runs } = await start(env, pairs, clickedWith(env, views));
      expect(runOf(runs, pairs[2]!)).toMatchObject({ status: 'skipped', skipRule: 'scheduleNotStarted', error: { kind: 'outOfSchedule' } });
      expect(runs.filter((r) => r.status === 'sent')).toHaveLength(4);
      expect(acceptedPairs(env)).toHaveLength(4);
      await trackToEnd(env, engine);
      expect(env.ended[0]?.counts).toMatchObject({ success: 4, skipped: 1 });
    });

    it('a refused audience whose schedule ended is skipped as scheduleEnded, one no longer mapped as notMapped', async () => {
      const { world: env, pairs, clicked } = await fivePairs();
      const views = await clicked();
      selectorOf(env, pairs[0]!).value.schedule.endDate = '2020-01-01';
      // Unmapped after the click: the simulator refuses it with the same message.
      const flow = env.sim.state.scenario.flows.find((f) => f.id === pairs[3]!.flowId)!;
      const selectors = flow.transformations[0].params.segmentSelectors.selectors as { value: { id: string } }[];
      selectors.splice(
        selectors.findIndex((s) => s.value.id === pairs[3]!.audienceId),
        1,
      );
      const { runs } = await start(env, pairs, clickedWith(env, views));
      expect(runOf(runs, pairs[0]!)).toMatchObject({ status: 'skipped', skipRule: 'scheduleEnded' });
      expect(runOf(runs, pairs[3]!)).toMatchObject({ status: 'skipped', skipRule: 'notMapped' });
      expect(
        runs
          .filter((r) => r.status === 'sent')
          .map((r) => r.audienceId)
          .sort(),
      ).toEqual([pairs[1]!, pairs[2]!, pairs[4]!].map((p) => p.audienceId).sort());
      expect(acceptedPairs(env)).toHaveLength(3);
    });

    it('two audiences of one body share a name: only the one out of schedule is skipped, the other is sent once', async () => {
      const { world: env, pairs, clicked } = await fivePairs();
      const [refused, twin] = [pairs[1]!, pairs[3]!];
      rename(env, twin, selectorOf(env, refused).value.name);
      const views = await clicked();
      selectorOf(env, refused).value.schedule.endDate = '2020-01-01';
      const { engine, runs } = await start(env, pairs, clickedWith(env, views));
      expect(runOf(runs, twin)!.audienceName).toBe(runOf(runs, refused)!.audienceName);
      expect(runOf(runs, refused)).toMatchObject({ status: 'skipped', skipRule: 'scheduleEnded' });
      expect(runOf(runs, twin)).toMatchObject({ status: 'sent' });
      expect(acceptedPairs(env).filter((p) => p === `${twin.flowId}|${twin.audienceId}`)).toHaveLength(1);
      expect(acceptedPairs(env)).toHaveLength(4);
      expectNoPairTwice(env);
      await trackToEnd(env, engine);
      expect(env.ended[0]?.counts).toMatchObject({ success: 4, skipped: 1 });
    });

    it('views unreadable at the refusal: every audience of the named name is skipped as scheduleEnded, the rest sent', async () => {
      const { world: env, pairs, clicked } = await fivePairs();
      const [refused, twin] = [pairs[1]!, pairs[3]!];
      rename(env, twin, selectorOf(env, refused).value.name);
      const views = await clicked();
      selectorOf(env, refused).value.schedule.startDate = '2099-01-01';
      let reads = 0;
      const freshViews: EngineDeps['freshViews'] = async (scope, flowIds, audienceIds) => {
        if (reads++ === 0) return views;
        // The dataflows and runs GETs fail for as long as this re-check lasts (retries included).
        env.sim.state.faults.push({ kind: '500', remaining: 100, method: 'GET', path: '/flowservice/' });
        try {
          return await env.views.viewsOf(scope, flowIds, audienceIds);
        } finally {
          env.sim.state.faults = [];
        }
      };
      const { engine, runs } = await start(env, pairs, freshViews);
      expect(reads).toBe(2);
      expect(env.sim.state.log.some((r) => r.method === 'GET' && r.path.includes('/flowservice/') && r.status === 500)).toBe(true);
      expect(runOf(runs, refused)).toMatchObject({ status: 'skipped', skipRule: 'scheduleEnded' });
      expect(runOf(runs, twin)).toMatchObject({ status: 'skipped', skipRule: 'scheduleEnded' });
      expect(runs.filter((r) => r.status === 'sent')).toHaveLength(3);
      expect(acceptedPairs(env)).toHaveLength(3);
      await trackToEnd(env, engine);
      expect(env.ended[0]?.counts).toMatchObject({ success: 3, skipped: 2 });
    });

    it('a name the views cannot tell apart is skipped as scheduleEnded while another name keeps its own rule', () => {
      const run = (id: string, audienceName: string) => ({ id, audienceId: id, audienceName }) as RunRecord;
      const named = [run('a1', 'Lapsed'), run('a2', ' lapsed '), run('b1', 'Churn'), run('c1', 'VIP'), run('c2', 'VIP')];
      const known = new Map<string, ScheduleRule>([
        ['a2', 'scheduleNotStarted'],
        ['c1', 'notMapped'],
        ['c2', 'scheduleEnded'],
      ]);
      const rules = refusedRules(new Set(['lapsed', 'churn', 'vip']), named, known);
      expect(Object.fromEntries(rules)).toEqual({ a2: 'scheduleNotStarted', b1: 'scheduleEnded', c1: 'notMapped', c2: 'scheduleEnded' });
    });
  });

  it('the re-check skips pairs that are not eligible any more, with their rule', async () => {
    w = await world('large');
    const result = await w.views.build({ kind: 'browse' }, w.scope);
    const blocked = result.dataflows.flatMap((f) => f.audiences.filter((a) => a.verdict.kind !== 'eligible').map((a) => ({ flowId: f.id, audienceId: a.id })));
    const eligible = result.dataflows.flatMap((f) => f.audiences.filter((a) => a.verdict.kind === 'eligible').map((a) => ({ flowId: f.id, audienceId: a.id })));
    const engine = w.engine();
    const started = await engine.start({ pairs: [...blocked.slice(0, 3), ...eligible.slice(0, 2)], scope: w.scope });
    expect(started.sent).toBe(2);
    expect(started.skipped).toHaveLength(3);
    await engine.settled();
    expect(acceptedPairs(w)).toHaveLength(2);
  });

  it('tracking 1,000 runs over 40 dataflows costs at most 120 calls in any simulated minute', async () => {
    w = await world('large');
    const flows = w.sim.state.scenario.flows.map((f) => f.id as string);
    const now = w.sim.state.now();
    const jobId = 'job-load';
    const runs = Array.from({ length: 1000 }, (_, i) => {
      const flowId = flows[i % 40]!;
      return {
        id: `${jobId}|${flowId}|a${i}`,
        jobId,
        scope: w!.scope,
        flowId,
        audienceId: `a${i}`,
        dataflowName: 'D',
        audienceName: `A${i}`,
        status: 'sent' as const,
        runId: `never-${i}`,
        createdAt: now,
        updatedAt: now,
      };
    });
    await w.store.createJob({ id: jobId, scope: w.scope, createdAt: now, updatedAt: now, status: 'tracking', dataflows: [], pairCount: 1000 }, [], runs);
    const engine = w.engine();
    w.sim.state.log = [];
    for (let t = 0; t < 240_000; t += 2_000) {
      await engine.poll();
      w.sim.state.advance(2_000);
    }
    const calls = w.sim.state.log.filter((r) => r.path.includes('/flowservice/runs')).map((r) => r.at);
    expect(calls.length).toBeGreaterThan(40); // every dataflow was polled, more than once
    for (const at of calls) expect(calls.filter((c) => c >= at && c < at + 60_000).length).toBeLessThanOrEqual(120);
    const polled = new Set(w.sim.state.log.map((r) => r.query.property));
    expect(polled.size).toBe(40);
  });

  it('after a job, no record in IndexedDB or storage.local carries the token', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 20);
    w.sim.state.faults.push({ kind: '401', remaining: 1, path: '/adhocrun' });
    const engine = w.engine();
    await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    await w.capture();
    await new Promise((r) => setTimeout(r, 50));
    await engine.settled();
    await trackToEnd(w, engine);
    const dump = JSON.stringify(await w.store.dumpAll());
    expect(dump).toContain(pairs[0]!.audienceId);
    expect(dump).not.toContain(w.token);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(w.token);
  });
});

describe('engine commands', () => {
  it('retry makes a new job of the failed runs', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 3);
    w.sim.state.config.failingAudiences = [pairs[0]!.audienceId];
    const engine = w.engine();
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    await trackToEnd(w, engine);
    expect(w.ended[0]?.counts).toMatchObject({ success: 2, failed: 1 });
    w.sim.state.config.failingAudiences = [];
    // Named runs that succeeded are never sent again: only failed runs are retried.
    const succeeded = (await runsOf(w, jobId)).filter((r) => r.status === 'success').map((r) => r.id);
    await expect(engine.retry(jobId, succeeded)).rejects.toMatchObject({ kind: 'badRequest' });
    const retried = await engine.retry(jobId);
    expect(retried.jobId).not.toBe(jobId);
    await engine.settled();
    const runs = await runsOf(w, retried.jobId);
    expect(runs.map((r) => r.audienceId)).toEqual([pairs[0]!.audienceId]);
    // The original failure records where it went; the job counts it, and offers nothing more.
    const originals = await runsOf(w, jobId);
    expect(originals.filter((r) => r.retriedIn !== undefined).map((r) => [r.audienceId, r.status, r.retriedIn])).toEqual([
      [pairs[0]!.audienceId, 'failed', retried.jobId],
    ]);
    expect(await w.store.getJob(jobId)).toMatchObject({ counts: { failed: 1, retried: 1 } });
    await expect(engine.retry(jobId)).rejects.toMatchObject({ kind: 'badRequest', message: 'Nothing to retry in this job.' });
    await expect(engine.retry(jobId, [originals.find((r) => r.status === 'failed')!.id])).rejects.toMatchObject({ kind: 'badRequest' });
    expect(acceptedPairs(w).filter((p) => p.endsWith(`|${pairs[0]!.audienceId}`))).toHaveLength(2);
  });

  it('a retry cancelled before it sends gives its runs back to the original job: retryable again, not counted retried', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 3);
    w.sim.state.config.failingAudiences = [pairs[0]!.audienceId, pairs[1]!.audienceId];
    const engine = w.engine();
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    await trackToEnd(w, engine);
    w.sim.state.config.failingAudiences = [];
    // The retry's POST is told to wait ten minutes: it is still pending when the user cancels.
    w.sim.state.faults.push({ kind: '429', remaining: 1, path: '/adhocrun', retryAfter: 600 });
    const retry = await engine.retry(jobId);
    await engine.settled();
    expect(await w.store.getJob(jobId)).toMatchObject({ counts: { failed: 2, retried: 2 } });
    expect(await w.store.getJob(retry.jobId)).toMatchObject({ retryOf: jobId });

    expect(await engine.cancel(retry.jobId)).toEqual({ cancelled: true });
    expect(await w.store.getJob(retry.jobId)).toMatchObject({ status: 'cancelled' });
    expect((await runsOf(w, jobId)).map((r) => r.retriedIn)).toEqual([undefined, undefined, undefined]);
    expect(await w.store.getJob(jobId)).toMatchObject({ counts: { failed: 2, retried: 0 } });

    // Offered again, and this time sent: twice in all (the first job, this retry), never by the cancelled one.
    const again = await engine.retry(jobId);
    await engine.settled();
    expect((await runsOf(w, again.jobId)).map((r) => r.audienceId).sort()).toEqual([pairs[0]!.audienceId, pairs[1]!.audienceId].sort());
    expect(acceptedPairs(w).filter((p) => p.endsWith(`|${pairs[0]!.audienceId}`))).toHaveLength(2);
  });

  it('a double click on retry sends each failed pair once: the second retry finds nothing left', async () => {
    w = await world('bulk');
    const pairs = (await eligiblePairs(w)).slice(0, 4);
    w.sim.state.config.failingAudiences = [pairs[0]!.audienceId, pairs[2]!.audienceId];
    const engine = w.engine();
    const { jobId } = await engine.start({ pairs, scope: w.scope });
    await engine.settled();
    await trackToEnd(w, engine);
    w.sim.state.config.failingAudiences = [];
    const before = adhocPosts(w).length;
    const [first, second] = await Promise.allSettled([engine.retry(jobId), engine.retry(jobId)]);
    await engine.settled();
    expect(first).toMatchObject({ status: 'fulfilled' });
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'Nothing to retry in this job.' } });
    expect(adhocPosts(w).length - before).toBe(1);
    const resent = acceptedPairs(w).slice(pairs.length);
    expect(resent.sort()).toEqual([pairs[0]!, pairs[2]!].map((p) => `${p.flowId}|${p.audienceId}`).sort());
    expect(await w.store.getJob(jobId)).toMatchObject({ counts: { failed: 2, retried: 2 } });
  });

  it('a retry leaves the failures the re-check skipped retryable, and marks only the ones sent', async () => {
    w = await world('large');
    const result = await w.views.build({ kind: 'browse' }, w.scope);
    const of = (eligible: boolean) =>
      result.dataflows.flatMap((f) => f.audiences.filter((a) => (a.verdict.kind === 'eligible') === eligible).map((a) => ({ flowId: f.id, audienceId: a.id })));
    const [blocked, eligible] = [of(false)[0]!, of(true)[0]!];
    const now = w.sim.state.now();
    const failed = (pair: { flowId: string; audienceId: string }) => ({
      id: `old|${pair.flowId}|${pair.audienceId}`,
      jobId: 'old',
      scope: w!.scope,
      ...pair,
      dataflowName: 'D',
      audienceName: pair.audienceId,
      status: 'failed' as const,
      error: { kind: 'server' as const, message: 'boom' },
      createdAt: now,
      updatedAt: now,
    });
    await w.store.createJob(
      { id: 'old', scope: w.scope, createdAt: now, updatedAt: now, status: 'done', dataflows: [], pairCount: 2 },
      [],
      [failed(blocked), failed(eligible)],
    );
    const engine = w.engine();

    const retried = await engine.retry('old');
    await engine.settled();
    expect(acceptedPairs(w)).toEqual([`${eligible.flowId}|${eligible.audienceId}`]);
    const marks = Object.fromEntries((await runsOf(w, 'old')).map((r) => [r.audienceId, r.retriedIn]));
    expect(marks).toEqual({ [eligible.audienceId]: retried.jobId, [blocked.audienceId]: undefined });
    expect(await w.store.getJob('old')).toMatchObject({ counts: { failed: 2, retried: 1 } });

    // Still offered: a second retry re-checks the one left (skipped again), and sends nothing twice.
    const again = await engine.retry('old');
    await engine.settled();
    expect((await runsOf(w, again.jobId)).map((r) => [r.audienceId, r.status])).toEqual([[blocked.audienceId, 'skipped']]);
    expect(acceptedPairs(w)).toHaveLength(1);
    expect(await w.store.getJob('old')).toMatchObject({ counts: { retried: 1 } });
  });

  it('start without a session for the scope fails as auth', async () => {
    w = await world('bulk');
    const engine = w.engine();
    const other: Scope = { orgId: 'OTHER@AdobeOrg', sandbox: 'dev' };
    await expect(engine.start({ pairs: [{ flowId: 'f', audienceId: 'a' }], scope: other })).rejects.toMatchObject({ kind: 'auth' });
  });
});
