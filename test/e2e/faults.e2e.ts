import { expect, test } from 'vitest';
import { confirmation, useHarness } from './harness';
import {
  ADHOC_PATH,
  allPairs,
  command,
  dumpPersisted,
  freshWorld,
  job,
  jobs,
  pairCounts,
  posts,
  RUNS_PATH,
  startExport,
  waitFor,
  waitJob,
  type Pair,
} from './export-kit';

// Issue 8, faults: the worker killed at each step of a job, the same audience exported
// twice at once, and the Platform unreachable for a while. Every case ends with every
// run tracked and no pair accepted twice by the simulator.
const h = useHarness({ scenario: 'bulk' });

/**
 * One dataflow's 40 audiences: a single POST. Each test takes another dataflow, so a
 * job a previous test left behind can never touch this test's pairs.
 */
let nextFlow = 0;
const oneFlow = (): Pair[] => {
  const flowId = h.state.scenario.flows[nextFlow++ % h.state.scenario.flows.length]!.id as string;
  return allPairs(h).filter((p) => p.flowId === flowId);
};

function expectAcceptedOnce(count: number) {
  const { accepted } = pairCounts(h);
  expect(accepted.size).toBe(count);
  expect([...accepted.values()].every((n) => n === 1)).toBe(true);
}

function expectPostedOnce() {
  const { posted } = pairCounts(h);
  expect([...posted.values()].every((n) => n === 1)).toBe(true);
}

/** The job's request records as stored (IndexedDB, read from an extension page). */
async function storedRequests(jobId: string): Promise<{ status: string; notBefore?: number }[]> {
  const dump = JSON.parse(await dumpPersisted(h)) as Record<string, unknown>;
  return ((dump['bulk-export-now/requests'] ?? []) as { jobId: string; status: string; notBefore?: number }[]).filter((r) => r.jobId === jobId);
}

test('killed while waiting out a 429: a restarted worker keeps to the Retry-After and sends nothing early', async () => {
  await freshWorld(h, 'bulk');
  // Longer than the client waits by itself: the engine stores the request as pending with
  // the time the server named, and the worker dies meanwhile.
  h.state.faults.push({ kind: '429', remaining: 1, path: ADHOC_PATH, method: 'POST', retryAfter: 600 });
  const { jobId } = await startExport(h, oneFlow());
  await waitFor('the refused POST', () => posts(h).some((r) => r.status === 429), 15_000);
  const [waiting] = await waitFor('the request stored with its wait', async () => {
    const requests = await storedRequests(jobId);
    return requests.some((r) => r.status === 'pending' && r.notBefore !== undefined) && requests;
  });
  expect(waiting!.notBefore).toBeGreaterThan(Date.now() + 590_000);
  await h.stopServiceWorker();
  // Any message starts a new worker, which resumes unfinished jobs first thing.
  expect((await command(h, 'ping', {})).ok).toBe(true);
  await new Promise((r) => setTimeout(r, 5_000));
  expect(posts(h).map((r) => r.status)).toEqual([429]);
  expect(await storedRequests(jobId)).toEqual([expect.objectContaining({ status: 'pending', notBefore: waiting!.notBefore })]);
  expect((await job(h, jobId))?.counts).toMatchObject({ pending: 40 });
  // Not left waiting for the tests after this one.
  expect(await command(h, 'exports.cancel', { jobId })).toMatchObject({ ok: true, data: { cancelled: true } });
});

test('killed during its POST: the restarted worker reconciles through the runs list, never re-sends', async () => {
  await freshWorld(h, 'bulk', { latencyMs: 1_500 });
  const { jobId } = await startExport(h, oneFlow());
  await waitFor('the POST on its way', () => posts(h).length >= 1, 20_000);
  await h.stopServiceWorker();
  const done = await waitJob(h, jobId, ['done'], 40_000);
  expect(done.counts).toMatchObject({ success: 40 });
  expect(posts(h)).toHaveLength(1);
  // The answer never reached the extension: the runs list did the work.
  expect(h.requests(RUNS_PATH).some((r) => r.method === 'GET')).toBe(true);
  expectAcceptedOnce(40);
});

test('killed right after its POST was answered, and again while polling', async () => {
  await freshWorld(h, 'bulk', { runDurationMs: 4_000 });
  const { jobId } = await startExport(h, oneFlow());
  await waitFor('the answered POST', () => posts(h).some((r) => r.status === 200), 20_000);
  await h.stopServiceWorker();
  expect((await job(h, jobId))?.status).not.toBe('done');
  const pollsBefore = h.requests(RUNS_PATH).length;
  await waitFor('a runs poll', () => h.requests(RUNS_PATH).length > pollsBefore, 20_000);
  await h.stopServiceWorker();
  const done = await waitJob(h, jobId, ['done'], 40_000);
  expect(done.counts).toMatchObject({ success: 40 });
  expect(posts(h)).toHaveLength(1);
  expectAcceptedOnce(40);
});

test('a second click while the first POST is in flight sends nothing twice', async () => {
  // Runs long enough that the first job's pairs are still ours when the second click lands.
  await freshWorld(h, 'bulk', { latencyMs: 1_500, runDurationMs: 60_000 });
  const pairs = oneFlow();
  await startExport(h, pairs);
  await waitFor('the first POST on its way', () => posts(h).length >= 1, 20_000);
  const second = await startExport(h, pairs);
  expect(second.sent).toBe(0);
  expect(second.skipped).toHaveLength(40);
  expect((await waitJob(h, second.jobId, ['done'], 10_000)).counts).toMatchObject({ skipped: 40 });
  expect(posts(h)).toHaveLength(1);
  expectAcceptedOnce(40);
});

test('the Platform unreachable for a while: a start fails plainly; tracking waits and completes once it is back', async () => {
  await freshWorld(h, 'bulk', { runDurationMs: 2_000 });
  // Down: every API call dropped.
  h.state.faults.push({ kind: 'drop', remaining: 10_000, path: '/data/' });
  const pairs = oneFlow();
  const refused = await command(h, 'exports.start', { pairs, origin: 'popup' });
  expect(refused.ok).toBe(false);
  expect(refused.error?.kind).toMatch(/network|timeout|unknown/);
  expect(h.state.adhocRuns.filter((r) => r.flowId === pairs[0]!.flowId)).toEqual([]);
  h.state.faults = [];

  const { jobId } = await startExport(h, pairs);
  await waitFor('the answered POST', () => posts(h).some((r) => r.status === 200), 20_000);
  // Down again while the runs are tracked.
  h.state.faults.push({ kind: 'drop', remaining: 10_000, path: RUNS_PATH });
  await waitFor('a dropped poll', () => h.requests(RUNS_PATH).some((r) => r.status === 0), 20_000);
  await new Promise((r) => setTimeout(r, 2_000));
  expect((await job(h, jobId))?.status).toBe('tracking');
  h.state.faults = [];
  // The failed poll backs off; a restarted worker polls everything at once (as Chrome's idle stop does).
  await h.stopServiceWorker();
  const done = await waitJob(h, jobId, ['done'], 40_000);
  expect(done.counts).toMatchObject({ success: 40 });
  expect(pairCounts(h, (r) => r.status === 200).posted.size).toBe(40);
  expectAcceptedOnce(40);
});

test('two console tabs confirm the same dataflow export at the same moment, through the page UI', async () => {
  await freshWorld(h, 'bulk', { latencyMs: 200, runDurationMs: 3_000 });
  const pairs = oneFlow();
  const flow = h.state.scenario.flows.find((f) => f.id === pairs[0]!.flowId)!;
  const tabs = await Promise.all([h.openConsole(h.route()), h.openConsole(h.route())]);
  const dialogs = [];
  for (const { frame } of tabs) {
    const check = `[role="grid"] [role="row"]:has(a:text-is("${String(flow.name)}")) [data-bulk-export-now="badge"] >> input`;
    await frame.waitForSelector(check, { timeout: 20_000 });
    await frame.click(check);
    const bar = frame.locator('[data-bulk-export-now="bulk"]');
    await bar.locator('button.primary').click();
    const dialog = confirmation(frame);
    await dialog.waitFor();
    dialogs.push(dialog.locator('button.primary'));
  }
  const earlier = new Set((await jobs(h)).map((j) => j.id));
  h.clearRequests();
  await Promise.all(dialogs.map((confirm) => confirm.click()));
  await waitFor('the export POST', () => posts(h).some((r) => r.status === 200), 20_000);
  // Both jobs end (one sent, one skipped as in progress); the simulator saw each pair once.
  await waitFor(
    'both jobs to end',
    async () => {
      const ours = (await jobs(h)).filter((j) => !earlier.has(j.id));
      return ours.length === 2 && ours.every((j) => j.status === 'done') ? ours : undefined;
    },
    30_000,
  );
  expect(posts(h)).toHaveLength(1);
  expectPostedOnce();
  expectAcceptedOnce(40);
  for (const { page } of tabs) await page.close();
});
