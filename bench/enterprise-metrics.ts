/**
 * The enterprise scenario (issue 17): 200 batch dataflows, 10,000 audiences. Browse at
 * 150 ms per API call (our badges against the console's own table, our calls, the
 * worker's heap), then a bulk export of every pair at 200 ms (POSTs, wall time against
 * one dataflow at a time), then tracking those runs (calls per minute while in flight,
 * how late each run's end is recorded once the simulator finishes it).
 */
import type { Frame, Page } from 'playwright-core';
import { selectorsOf } from '../test/console-sim/scenarios';
import type { Harness } from '../test/e2e/harness';
import { openConsoleIn, sleep, waitForContentScript } from './browser';
import { lastPostAnswered, oneDataflowAtATime, posts, sendStart, type Pair } from './export-metrics';
import type { Measurement } from './report';
import { workerHeapUsed } from './worker-heap';

const BROWSE_LATENCY_MS = 150;
const BULK_LATENCY_MS = 200;
const BADGE = '[data-bulk-export-now="badge"][aria-label]';
const ENDED = ['success', 'failed', 'cancelled', 'skipped'];

export interface EnterprisePlan {
  /** Dataflows whose pairs the bulk export sends (200: all 10,000 pairs). */
  bulkFlows: number;
  trackingSeconds: number;
  /** How long to wait for every run's end to be recorded before giving up. */
  endWaitSeconds: number;
}

export interface EnterpriseResult {
  browseRatio: Measurement;
  browseCalls: Measurement;
  workerHeapMb: Measurement;
  bulkPosts: Measurement;
  bulkRatio: Measurement;
  trackingPerMin: Measurement;
  endLagSeconds: Measurement;
}

/** Requests the extension made (a worker's fetch is initiated by no site), not the console app's (same-origin or same-site). */
const ours = (h: Harness, from: number) => h.state.log.slice(from).filter((r) => r.path.startsWith('/data/') && r.headers['sec-fetch-site'] === 'none');

/**
 * Route change -> the app's table rendered, and -> every body row in view badged, ms;
 * from the same sim:route mark.
 */
function browseOnce(frame: Frame, hash: string): Promise<{ table: number; badged: number; rows: number }> {
  return frame.evaluate(
    ({ hash, badge }) =>
      new Promise<{ table: number; badged: number; rows: number }>((done, fail) => {
        performance.clearMarks('sim:route');
        performance.clearMarks('sim:table-rendered');
        const inView = () =>
          [...document.querySelectorAll('[role="row"][aria-rowindex]')].filter((row) => {
            if (row.querySelector('[role="columnheader"]')) return false;
            const box = row.getBoundingClientRect();
            return box.bottom > 0 && box.top < innerHeight;
          });
        const check = () => {
          const route = performance.getEntriesByName('sim:route')[0];
          const rendered = performance.getEntriesByName('sim:table-rendered')[0];
          const rows = inView();
          if (!route || !rendered || rows.length === 0 || rows.some((row) => !row.querySelector(badge))) return;
          const at = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          done({ table: rendered.startTime - route.startTime, badged: at - route.startTime, rows: rows.length });
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
        const timer = setTimeout(() => {
          observer.disconnect();
          fail(new Error('browse: rows in view not all badged after 60 s'));
        }, 60_000);
        location.hash = hash;
      }),
    { hash, badge: BADGE },
  );
}

/** Run ids (Platform's) whose record in the extension's history has ended. */
async function endedRunIds(page: Page): Promise<string[]> {
  return page.evaluate(
    (ended) =>
      new Promise<string[]>((done, fail) => {
        const open = indexedDB.open('bulk-export-now');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('runs').objectStore('runs').getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => {
            db.close();
            done((all.result as { status: string; runId?: string }[]).flatMap((r) => (r.runId && ended.includes(r.status) ? [r.runId] : [])));
          };
        };
      }),
    ENDED,
  );
}

export async function enterpriseMetrics(h: Harness, plan: EnterprisePlan): Promise<EnterpriseResult> {
  const { flows, orgId, sandbox } = h.state.scenario;
  // The session is captured on one dataflow's page (its 50 audiences get cached: 0.5%).
  h.state.config.latencyMs = BROWSE_LATENCY_MS;
  const tab = await openConsoleIn(h.context, h, h.route(flows[0]!.id as string));
  await waitForContentScript(tab.frame);
  await tab.frame.waitForSelector(`[role="row"][aria-rowindex] ${BADGE}`, { timeout: 60_000 });
  await sleep(1_000);

  const from = h.state.log.length;
  const browse = await browseOnce(tab.frame, h.route());
  await sleep(2_000); // calls still under way once the rows in view are badged count too
  const calls = ours(h, from);
  const heap = await workerHeapUsed(h);
  await tab.page.close();

  // Bulk: every pair of the first `bulkFlows` dataflows, runs kept Processing while tracked.
  const byFlow = new Map<string, Pair[]>();
  for (const flow of flows.slice(0, plan.bulkFlows)) {
    byFlow.set(
      flow.id as string,
      selectorsOf(flow).map((s) => ({ flowId: flow.id as string, audienceId: s.value.id as string })),
    );
  }
  const pairs = [...byFlow.values()].flat();
  h.state.config.latencyMs = BULK_LATENCY_MS;
  h.state.config.runDurationMs = 60 * 60_000;
  const popup = await h.openExtensionPage('popup.html');
  await popup.waitForLoadState('load');
  await sleep(500);
  h.clearRequests();
  const reply = await sendStart(popup, pairs, { orgId, sandbox });
  if (!reply.ok) throw new Error(`exports.start failed: ${JSON.stringify(reply.error)}`);
  const ended = await lastPostAnswered(h, 1_500, 120_000);
  const postCount = posts(h).length;

  const windowStart = h.state.log.length;
  await sleep(plan.trackingSeconds * 1000);
  const trackingCalls = h.state.log.slice(windowStart).filter((r) => r.path.startsWith('/data/')).length;
  const inFlight = h.state.adhocRuns.filter((r) => r.finishAt > h.state.now()).length;

  // The simulator finishes every run now; each end should be in the history within 2 minutes.
  const finishedAt = Date.now();
  for (const run of h.state.adhocRuns) run.finishAt = h.state.now();
  const runIds = new Set(h.state.adhocRuns.map((r) => r.raw.id as string));
  const recorded = new Map<string, number>();
  const deadline = finishedAt + plan.endWaitSeconds * 1000;
  while (recorded.size < runIds.size && Date.now() < deadline) {
    await sleep(1_000);
    const now = Date.now();
    for (const id of await endedRunIds(popup)) if (runIds.has(id) && !recorded.has(id)) recorded.set(id, now);
  }
  await popup.close();
  const missing = runIds.size - recorded.size;
  const lag = missing > 0 ? Number.POSITIVE_INFINITY : (Math.max(...recorded.values()) - finishedAt) / 1000;

  // The console's way, from Node against the same latency, on a fresh world.
  h.state.seed('enterprise');
  h.state.config.latencyMs = BULK_LATENCY_MS;
  const baseline = await oneDataflowAtATime(h, byFlow);
  h.state.seed('enterprise');

  const byPath = new Map<string, number>();
  for (const call of calls) byPath.set(call.path.replace(/^.*\//, ''), (byPath.get(call.path.replace(/^.*\//, '')) ?? 0) + 1);
  const scale = 60 / plan.trackingSeconds;
  return {
    browseRatio: {
      value: browse.badged / browse.table,
      note: `${browse.rows} rows in view badged ${browse.badged.toFixed(0)} ms / table ${browse.table.toFixed(0)} ms after the route change, one cold visit`,
    },
    browseCalls: { value: calls.length, note: [...byPath].map(([path, n]) => `${path} ${n}`).join(', ') },
    workerHeapMb: { value: heap.retained / 1e6, note: `Runtime.getHeapUsage usedSize after a forced GC; ${(heap.before / 1e6).toFixed(1)} MB before it` },
    bulkPosts: { value: postCount, note: `${pairs.length} pairs, ${byFlow.size} dataflows` },
    bulkRatio: { value: (ended - reply.sentAt) / baseline, note: `${ended - reply.sentAt} / ${baseline} ms` },
    trackingPerMin: {
      value: trackingCalls * scale,
      note: `${trackingCalls} calls in ${plan.trackingSeconds} s${scale !== 1 ? ` x${scale.toFixed(1)}` : ''}, ${inFlight} runs in flight`,
    },
    endLagSeconds: {
      value: lag,
      note:
        missing > 0
          ? `${missing} of ${runIds.size} ends not recorded after ${plan.endWaitSeconds} s`
          : `last of ${runIds.size} ends recorded ${lag.toFixed(1)} s after the simulator finished them`,
    },
  };
}
