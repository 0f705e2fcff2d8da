/**
 * Helpers for the export e2e files (export, faults, security): commands sent from an
 * extension page, waiting on the store through `history.list`, reading what the
 * simulator received, and dumping everything the extension persisted.
 */
import type { Page } from 'playwright-core';
import { selectorsOf, type ScenarioName } from '../console-sim/scenarios';
import type { LoggedRequest } from '../console-sim/state';
import { poll } from './browser-harness';
import type { ExtensionApi, Harness } from './harness';

export const ADHOC_PATH = '/data/core/activation/disflowprovider/adhocrun';
export const RUNS_PATH = '/data/foundation/flowservice/runs';

export interface Pair {
  flowId: string;
  audienceId: string;
}

export interface Reply<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { kind: string; message: string };
}

export interface JobView {
  id: string;
  status: 'sending' | 'tracking' | 'paused' | 'done' | 'cancelled';
  pauseReason?: { kind: string; message: string };
  dataflows?: { id: string; name: string }[];
  counts: Record<string, number>;
}

const pages = new WeakMap<Harness, Page>();

/**
 * One extension page per harness sends every command (re-opened if a test closed it): the
 * options page, which sends nothing of its own after loading. (The popup asks the worker
 * about waiting jobs as the history changes, which would wake a worker a test just stopped.)
 */
async function extensionPage(h: Harness): Promise<Page> {
  const known = pages.get(h);
  if (known && !known.isClosed()) return known;
  const page = await h.openExtensionPage('options.html');
  pages.set(h, page);
  return page;
}

export async function command<T = unknown>(h: Harness, type: string, payload: unknown, page?: Page): Promise<Reply<T>> {
  const from = page ?? (await extensionPage(h));
  return (await from.evaluate(
    ([type, payload]) =>
      (globalThis as unknown as { chrome: ExtensionApi }).chrome.runtime.sendMessage({ channel: 'bulk-export-now', kind: 'command', type, payload }),
    [type, payload] as const,
  )) as Reply<T>;
}

export async function startExport(h: Harness, pairs: Pair[], page?: Page): Promise<{ jobId: string; sent: number; skipped: unknown[] }> {
  const reply = await command<{ jobId: string; sent: number; skipped: unknown[] }>(h, 'exports.start', { pairs, origin: 'popup' }, page);
  if (!reply.ok || !reply.data) throw new Error(`exports.start failed: ${JSON.stringify(reply.error)}`);
  return reply.data;
}

export async function jobs(h: Harness): Promise<JobView[]> {
  const reply = await command<{ items: JobView[] }>(h, 'history.list', { limit: 200 });
  if (!reply.ok || !reply.data) throw new Error(`history.list failed: ${JSON.stringify(reply.error)}`);
  return reply.data.items;
}

export async function job(h: Harness, jobId: string): Promise<JobView | undefined> {
  return (await jobs(h)).find((j) => j.id === jobId);
}

export function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  return poll(what, probe, timeoutMs, 200);
}

export async function waitJob(h: Harness, jobId: string, statuses: JobView['status'][], timeoutMs = 30_000): Promise<JobView> {
  let seen: unknown;
  try {
    return await waitFor(
      `job ${jobId} to be ${statuses.join('/')}`,
      async () => {
        const all = await jobs(h);
        const found = all.find((j) => j.id === jobId);
        seen = found ?? all;
        return found && statuses.includes(found.status) ? found : undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(seen).slice(0, 2_000)}`, { cause: error });
  }
}

/**
 * A clean world: the scenario reseeded (the harness's simulator runs on real time:
 * the engine compares run creation times with its own clock), short runs, and a
 * console page opened so the background captures the session's token.
 */
export async function freshWorld(h: Harness, scenario: ScenarioName, config: { runDurationMs?: number; latencyMs?: number } = {}): Promise<void> {
  h.state.seed(scenario);
  h.state.config.runDurationMs = config.runDurationMs ?? 1_500;
  h.state.config.latencyMs = config.latencyMs ?? 0;
  await captureSession(h);
}

/** Opens a console page and waits until the background holds a fresh session. */
export async function captureSession(h: Harness): Promise<void> {
  const { page } = await h.openConsole(h.route());
  await waitFor('a fresh console session', async () => {
    const reply = await command<{ sessions: { stale: boolean; seenAt: number }[] }>(h, 'session.list', {});
    return reply.data?.sessions.some((s) => !s.stale) || undefined;
  });
  await page.close();
}

export function allPairs(h: Harness): Pair[] {
  return h.state.scenario.flows.flatMap((flow) => selectorsOf(flow).map((s) => ({ flowId: flow.id as string, audienceId: s.value.id as string })));
}

export const pairKey = (p: Pair) => `${p.flowId}|${p.audienceId}`;

export function posts(h: Harness): LoggedRequest[] {
  return h.requests(ADHOC_PATH).filter((r) => r.method === 'POST');
}

/** The pairs of a logged ad-hoc POST body (`activationInfo`: flow id -> audience ids). */
export function pairsOf(request: LoggedRequest): Pair[] {
  const info = (request.body as { activationInfo?: Record<string, string[]> } | undefined)?.activationInfo ?? {};
  return Object.entries(info).flatMap(([flowId, ids]) => ids.map((audienceId) => ({ flowId, audienceId })));
}

/** How many times each pair was POSTed (all POSTs) and accepted (a run created in the simulator). */
export function pairCounts(h: Harness, filter: (r: LoggedRequest) => boolean = () => true) {
  const posted = new Map<string, number>();
  for (const request of posts(h).filter(filter)) for (const p of pairsOf(request)) posted.set(pairKey(p), (posted.get(pairKey(p)) ?? 0) + 1);
  const accepted = new Map<string, number>();
  for (const run of h.state.adhocRuns) accepted.set(pairKey(run), (accepted.get(pairKey(run)) ?? 0) + 1);
  return { posted, accepted };
}

/** Everything the extension persisted: every IndexedDB database and store, storage.local. */
export async function dumpPersisted(h: Harness): Promise<string> {
  const page = await extensionPage(h);
  return page.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
    const out: Record<string, unknown> = { local: await chrome.storage.local.get(null) };
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        out[`${info.name}/${name}`] = await new Promise((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}
