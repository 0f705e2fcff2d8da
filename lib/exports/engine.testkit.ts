/**
 * Test wiring: the in-process console simulator as the Platform API over real HTTP,
 * fake-indexeddb for the store, an in-memory session area, the simulator's clock.
 */
import { startSimulator, type Simulator } from '@/test/console-sim/server';
import type { ScenarioName } from '@/test/console-sim/scenarios';
import { createSessionStore, type SessionArea, type SessionStore } from '@/lib/session/session-store';
import { ExportStore } from '@/lib/store/export-store';
import type { JobSummary } from '@/lib/store/schemas';
import type { Credentials, Scope } from '@/lib/model';
import { createServerClock, type PlatformClient, type ServerClock } from '@/lib/platform';
import { createViewBuilder, type ViewBuilder } from '@/lib/view';
import { ourRunsFrom, platformClients } from '@/lib/background/clients';
import { ExportEngine, type EngineDeps } from './engine';

export function memoryArea(): SessionArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (key) => void delete data[key],
  };
}

let dbCounter = 0;

export interface World {
  sim: Simulator;
  scope: Scope;
  token: string;
  sessions: SessionStore;
  store: ExportStore;
  views: ViewBuilder;
  clientFor: (scope: Scope) => PlatformClient;
  ended: JobSummary[];
  engine(overrides?: Partial<EngineDeps>): ExportEngine;
  /** A new store on the same database, as a restarted worker opens it. */
  reopenStore(): ExportStore;
  /** A restarted worker's clients, on a server clock that has seen no answer yet. */
  restartedClients(): Pick<EngineDeps, 'clientFor' | 'serverOffset'>;
  capture(token?: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  fetch?: typeof fetch;
  /** The browser's clock minus the Platform's (the simulator's), in ms. */
  browserSkewMs?: number;
}

export async function world(scenario: ScenarioName = 'bulk', options: WorldOptions = {}): Promise<World> {
  const sim = await startSimulator({ scenario });
  // Frozen: tests move time explicitly.
  sim.state.setClock(sim.state.now(), 0);
  // The browser's clock; the server clock learns the Platform's from its answers, as in the worker.
  const now = () => sim.state.now() + (options.browserSkewMs ?? 0);
  const clock = createServerClock(now);
  const { orgId, sandbox } = sim.state.scenario;
  const scope = { orgId, sandbox };
  // The sessions belong to the simulator's origin, the one the clients call.
  const sessions = createSessionStore(memoryArea(), { platformOrigin: async () => sim.url });
  const dbName = `engine-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`;
  const store = new ExportStore({ name: dbName });
  const clientsOn = (serverClock: ServerClock) =>
    platformClients({
      origin: () => sim.url,
      sessions,
      now,
      sleep: async () => undefined,
      timeoutMs: 5_000,
      clock: serverClock,
      ...(options.fetch && { fetch: options.fetch }),
    });
  const clientFor = clientsOn(clock);
  const views = createViewBuilder({ clientFor, ourRuns: ourRunsFrom(store), ourRunIds: (scope, since) => store.recentRunIds(scope, since), now: clock.now });
  const ended: JobSummary[] = [];
  const engines: ExportEngine[] = [];
  const stores: ExportStore[] = [store];
  const w: World = {
    sim,
    scope,
    token: sim.state.scenario.token,
    sessions,
    store,
    views,
    clientFor,
    ended,
    engine(overrides = {}) {
      const engine = new ExportEngine({
        store,
        clientFor,
        sessions,
        freshViews: (s, ids, audienceIds) => views.viewsOf(s, ids, audienceIds),
        now,
        serverOffset: clock.offset,
        sleep: async () => undefined,
        reconcileGraceMs: 0,
        onJobEnded: (job) => ended.push(job),
        ...overrides,
      });
      engines.push(engine);
      return engine;
    },
    restartedClients() {
      const fresh = createServerClock(now);
      return { clientFor: clientsOn(fresh), serverOffset: fresh.offset };
    },
    reopenStore() {
      const next = new ExportStore({ name: dbName });
      stores.push(next);
      return next;
    },
    async capture(token = sim.state.scenario.token) {
      const credentials: Credentials = { authorization: `Bearer ${token}`, apiKey: 'exc_app', orgId, sandbox, seenAt: now(), source: 'console' };
      await sessions.recordCapture(credentials);
    },
    async close() {
      for (const engine of engines) engine.dispose();
      for (const s of stores) await s.close();
      await sim.close();
    },
  };
  await w.capture();
  return w;
}

/** Every eligible pair of the scenario, as the page would send them. */
export async function eligiblePairs(w: World) {
  const result = await w.views.build({ kind: 'browse' }, w.scope);
  if (result.error) throw new Error(result.error.message);
  return result.dataflows.flatMap((flow) => flow.audiences.filter((a) => a.verdict.kind === 'eligible').map((a) => ({ flowId: flow.id, audienceId: a.id })));
}

export const adhocPosts = (w: World) => w.sim.state.log.filter((r) => r.method === 'POST' && r.path.endsWith('/adhocrun'));

/** Pairs the simulator accepted (one created run each): none may appear twice. */
export function acceptedPairs(w: World): string[] {
  return w.sim.state.adhocRuns.map((r) => `${r.flowId}|${r.audienceId}`);
}

/** Lets the simulated runs finish and polls until nothing is in flight (bounded). */
export async function trackToEnd(w: World, engine: ExportEngine, stepMs = 31_000, maxRounds = 30): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    w.sim.state.advance(stepMs);
    await engine.tick();
    await engine.settled();
    if ((await w.store.counts()).inFlight === 0 && (await w.store.unfinishedJobs()).length === 0) return;
  }
  throw new Error('tracking did not end');
}

/**
 * The client of a worker that dies mid-POST: its first POST reaches the server, and no
 * answer ever comes back to it (nor does any later POST get out).
 */
export function dyingAfterFirstPost(real: PlatformClient): PlatformClient {
  let posts = 0;
  return {
    ...real,
    activate: async (info) => {
      posts += 1;
      if (posts === 1) await real.activate(info);
      return new Promise<never>(() => undefined);
    },
  };
}
