/**
 * The bulk export path against the simulator at 200 ms latency: how many POSTs carry
 * 1,000 pairs over 40 dataflows, how long from the command to the last answer compared
 * with the console's way (one dataflow per POST, one after the other), and how many API
 * calls per minute the tracker makes while the 1,000 runs stay Processing.
 */
import type { Page } from 'playwright-core';
import { selectorsOf } from '../test/console-sim/scenarios';
import type { LoggedRequest } from '../test/console-sim/state';
import type { ExtensionApi, Harness } from '../test/e2e/harness';
import { sleep } from './browser';
import type { Measurement } from './report';

export const ADHOC_PATH = '/data/core/activation/disflowprovider/adhocrun';
const ADHOC_ACCEPT = 'application/vnd.adobe.adhoc.activation+json; version=2';
const LATENCY_MS = 200;

export interface Pair {
  flowId: string;
  audienceId: string;
}

/** The 40 dataflows of 25 audiences each in the bench scenario, as the bulk control would send them. */
export function bulkPairs(h: Harness): Map<string, Pair[]> {
  const byFlow = new Map<string, Pair[]>();
  for (const flow of h.state.scenario.flows) {
    const selectors = selectorsOf(flow);
    if (selectors.length !== 25) continue;
    byFlow.set(
      flow.id as string,
      selectors.map((s) => ({ flowId: flow.id as string, audienceId: s.value.id as string })),
    );
  }
  return byFlow;
}

export const posts = (h: Harness): LoggedRequest[] => h.state.log.filter((r) => r.method === 'POST' && r.path === ADHOC_PATH);

/**
 * Real time (ms, Date.now) when the last POST was answered, once no new POST has come
 * for `quietMs` and every one has an answer. The simulator sets a logged request's
 * status when it answers; polling every 5 ms notes when that happened.
 */
export async function lastPostAnswered(h: Harness, quietMs: number, timeoutMs: number): Promise<number> {
  const answeredAt = new Map<number, number>();
  let lastChange = Date.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = Date.now();
    let pending = 0;
    for (const r of posts(h)) {
      if (r.status === undefined) pending += 1;
      else if (!answeredAt.has(r.seq)) {
        answeredAt.set(r.seq, now);
        lastChange = now;
      }
    }
    if (answeredAt.size > 0 && pending === 0 && now - lastChange >= quietMs) break;
    if (now > deadline) throw new Error(`bulk export: ${answeredAt.size} POSTs answered, ${pending} pending after ${timeoutMs} ms`);
    await sleep(5);
  }
  return Math.max(...answeredAt.values());
}

/**
 * The "click": `exports.start` sent from the page, as the confirmation sends it. The pairs
 * are put in the page first, untimed: copying 10,000 of them in through Playwright took
 * ~0.3 s that no user waits for. `sentAt` (Date.now, ms) is when the page sent the command.
 */
export async function sendStart(
  page: Page,
  pairs: Pair[],
  scope: { orgId: string; sandbox: string },
): Promise<{ ok: boolean; error?: unknown; sentAt: number }> {
  type Held = { __benchStart?: unknown; __benchReply?: Promise<{ ok: boolean; error?: unknown }> };
  await page.evaluate((payload) => void ((globalThis as Held).__benchStart = payload), { pairs, origin: 'popup', scope });
  const sentAt = await page.evaluate(() => {
    const held = globalThis as unknown as Held & { chrome: ExtensionApi };
    const at = Date.now();
    held.__benchReply = held.chrome.runtime.sendMessage({
      channel: 'bulk-export-now',
      kind: 'command',
      type: 'exports.start',
      payload: held.__benchStart,
    }) as Promise<{
      ok: boolean;
      error?: unknown;
    }>;
    return at;
  });
  const reply = await page.evaluate(() => (globalThis as unknown as Held).__benchReply!);
  return { ...reply, sentAt };
}

export interface BulkResult {
  posts: Measurement;
  ratio: Measurement;
  tracking: Measurement;
}

/**
 * Needs a console page to have been opened in the extension's browser (the background
 * captures the session from it). Leaves the simulator reseeded.
 */
export async function bulkAndTracking(h: Harness, trackingSeconds: number): Promise<BulkResult> {
  const byFlow = bulkPairs(h);
  const pairs = [...byFlow.values()].flat();
  const { orgId, sandbox } = h.state.scenario;
  // Runs stay Processing for 10 simulated minutes: the tracker has 1,000 runs in flight.
  h.state.config.latencyMs = LATENCY_MS;
  h.state.config.runDurationMs = 10 * 60_000;
  const page = await h.openExtensionPage('popup.html');
  // The clock starts at the "click": on a page done loading, not while its scripts still
  // run (a command evaluated then waited ~100 ms for the page's main thread).
  await page.waitForLoadState('load');
  await sleep(500);
  h.clearRequests();
  const reply = await sendStart(page, pairs, { orgId, sandbox });
  if (!reply.ok) throw new Error(`exports.start failed: ${JSON.stringify(reply.error)}`);
  const ended = await lastPostAnswered(h, 1_500, 60_000);
  const ours = ended - reply.sentAt;
  await page.close();

  // Tracking: every API call in a window, with no console page open (only the extension calls).
  for (const p of h.context.pages()) if (!p.url().startsWith('chrome-extension://') && p.url() !== 'about:blank') await p.close();
  const windowStart = h.state.log.length;
  await sleep(trackingSeconds * 1000);
  const calls = h.state.log.slice(windowStart).filter((r) => r.path.startsWith('/data/')).length;
  const inFlight = h.state.adhocRuns.filter((r) => r.finishAt > h.state.now()).length;
  const postCount = posts(h).length;

  // The console's way, from Node against a fresh world at the same latency.
  h.state.seed('bench');
  h.state.config.latencyMs = LATENCY_MS;
  const baseline = await oneDataflowAtATime(h, byFlow);
  h.state.seed('bench');

  const scale = 60 / trackingSeconds;
  return {
    posts: { value: postCount, note: `${pairs.length} pairs, ${byFlow.size} dataflows` },
    ratio: { value: ours / baseline, note: `${ours} / ${baseline} ms` },
    tracking: {
      value: calls * scale,
      note: `${calls} calls in ${trackingSeconds} s${scale !== 1 ? ` x${scale.toFixed(1)}` : ''}, ${inFlight} runs in flight`,
    },
  };
}

/** Sequential POSTs of one dataflow's audiences each, as the console's button does; ms. */
export async function oneDataflowAtATime(h: Harness, byFlow: Map<string, Pair[]>): Promise<number> {
  const { token, apiKey, orgId, sandbox } = h.state.scenario;
  const started = Date.now();
  for (const [flowId, pairs] of byFlow) {
    const response = await fetch(`${h.sim.url}${ADHOC_PATH}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'x-api-key': apiKey,
        'x-gw-ims-org-id': orgId,
        'x-sandbox-name': sandbox,
        'Content-Type': 'application/json',
        Accept: ADHOC_ACCEPT,
      },
      body: JSON.stringify({ activationInfo: { [flowId]: pairs.map((p) => p.audienceId) } }),
    });
    if (!response.ok) throw new Error(`baseline POST for ${flowId}: HTTP ${response.status}`);
    await response.text();
  }
  return Date.now() - started;
}
