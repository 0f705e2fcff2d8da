import type { ConsoleMessage } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { useHarness } from './harness';
import {
  ADHOC_PATH,
  allPairs,
  captureSession,
  dumpPersisted,
  freshWorld,
  job,
  pairCounts,
  pairsOf,
  posts,
  RUNS_PATH,
  startExport,
  waitFor,
  waitJob,
} from './export-kit';

// Issue 4 on the real browser: the background engine exports the `bulk` scenario
// (5 dataflows x 40 audiences) through the simulator, and survives faults and stops.
const h = useHarness({ scenario: 'bulk' });

/** Everything every extension context printed: the token must never be in it. */
const consoleOutput: string[] = [];
beforeAll(() => {
  const collect = (message: ConsoleMessage) => consoleOutput.push(message.text());
  h.context.on('console', collect);
  for (const worker of h.context.serviceWorkers()) worker.on('console', collect);
  h.context.on('serviceworker', (worker) => worker.on('console', collect));
});

function expectEachPairOnce(expected: number) {
  const { posted, accepted } = pairCounts(h);
  expect(posted.size).toBe(expected);
  expect([...posted.values()].every((n) => n === 1)).toBe(true);
  expect(accepted.size).toBe(expected);
  expect([...accepted.values()].every((n) => n === 1)).toBe(true);
}

test('200 eligible audiences over 5 dataflows: 3 POSTs, each pair once, every run ends success', async () => {
  await freshWorld(h, 'bulk');
  const pairs = allPairs(h);
  expect(pairs).toHaveLength(200);

  const started = await startExport(h, pairs);
  expect(started).toMatchObject({ sent: 200, skipped: [] });

  const done = await waitJob(h, started.jobId, ['done'], 45_000);
  expect(done.counts).toMatchObject({ success: 200 });
  const sent = posts(h);
  expect(sent).toHaveLength(Math.ceil(200 / 80));
  expect(sent.map((r) => pairsOf(r).length).sort()).toEqual([40, 80, 80]);
  expect(sent.every((r) => r.status === 200)).toBe(true);
  expectEachPairOnce(200);
});

test('the worker stopped after the first POST and again while polling: every run tracked, no pair POSTed twice', async () => {
  // Slow answers so a stop lands while POSTs are out; runs long enough to be polled.
  await freshWorld(h, 'bulk', { latencyMs: 1_500, runDurationMs: 5_000 });
  const pairs = allPairs(h);
  const { jobId } = await startExport(h, pairs);

  // All three POSTs reached the simulator, none answered yet (the simulator answers after
  // its latency): the stop leaves them `sending`. A POST stopped before it left would
  // rightly wait out the engine's 2-minute reconcile grace, too long for this test.
  await waitFor('the POSTs', () => posts(h).length >= 3, 20_000);
  expect(posts(h).every((r) => r.status === undefined)).toBe(true);
  await h.stopServiceWorker();
  // A command wakes the worker (as a click would): it resumes from IndexedDB.
  await waitFor('the job to be tracking again', async () => ((await job(h, jobId))?.status === 'tracking' ? true : undefined), 30_000);
  await waitFor('a runs poll', () => h.requests(RUNS_PATH).some((r) => r.method === 'GET'), 20_000);
  await h.stopServiceWorker();

  const done = await waitJob(h, jobId, ['done'], 45_000);
  expect(done.counts).toMatchObject({ success: 200 });
  const { posted, accepted } = pairCounts(h);
  // A POST cut by the stop may reach the simulator, then be reconciled: never accepted twice.
  expect(accepted.size).toBe(200);
  expect([...accepted.values()].every((n) => n === 1)).toBe(true);
  expect([...posted.values()].every((n) => n === 1)).toBe(true);
});

test('500, 429 + Retry-After, a dropped connection and malformed JSON: the job completes, retries in the log, no pair accepted twice', async () => {
  await freshWorld(h, 'bulk');
  const pairs = allPairs(h);
  // The POST path: answered "not done" first (500, then 429 asking for 1 s).
  h.state.faults.push({ kind: '500', remaining: 1, path: ADHOC_PATH, method: 'POST' });
  h.state.faults.push({ kind: '429', remaining: 1, path: ADHOC_PATH, method: 'POST', retryAfter: 1 });
  // The reads: a dropped connection and a truncated body, first met by the start's own
  // eligibility re-check (each read again by the client)...
  h.state.faults.push({ kind: 'drop', remaining: 1, path: RUNS_PATH, method: 'GET' });
  h.state.faults.push({ kind: 'malformed', remaining: 1, path: RUNS_PATH, method: 'GET' });
  h.clearRequests();

  const { jobId } = await startExport(h, pairs);
  expect(h.state.faults.filter((f) => f.method === 'GET')).toEqual([]);
  // ...then by the tracker's polling.
  h.state.faults.push({ kind: 'drop', remaining: 1, path: RUNS_PATH, method: 'GET' });
  h.state.faults.push({ kind: 'malformed', remaining: 1, path: RUNS_PATH, method: 'GET' });
  const done = await waitJob(h, jobId, ['done'], 60_000);
  expect(done.counts).toMatchObject({ success: 200 });
  expect(h.state.faults).toEqual([]);

  const statuses = posts(h).map((r) => r.status);
  expect(statuses).toContain(500);
  expect(statuses).toContain(429);
  expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  const polls = h
    .requests(RUNS_PATH)
    .filter((r) => r.method === 'GET')
    .map((r) => r.status);
  expect(polls.filter((s) => s === 0)).toHaveLength(2); // the dropped ones
  expect(polls.filter((s) => s === 200).length).toBeGreaterThan(1);
  const { accepted } = pairCounts(h);
  expect(accepted.size).toBe(200);
  expect([...accepted.values()].every((n) => n === 1)).toBe(true);
});

test('a 401 mid-job pauses it with an auth reason; a fresh console request with a rotated token resumes it', async () => {
  // Slow answers: the token is rotated while the POSTs are out, so the gateway refuses them.
  await freshWorld(h, 'bulk', { latencyMs: 1_500 });
  const { jobId } = await startExport(h, allPairs(h));
  await waitFor('the first POST', () => posts(h).length >= 1, 20_000);
  h.state.scenario.token = 'sim-token-rotated';

  const paused = await waitJob(h, jobId, ['paused'], 30_000);
  expect(paused.pauseReason).toMatchObject({ kind: 'auth' });
  expect(paused.pauseReason?.message).toBeTruthy();
  expect(posts(h).length).toBeGreaterThan(0);
  expect(posts(h).every((r) => r.status === 401)).toBe(true);
  expect(h.state.adhocRuns).toHaveLength(0);

  // The console page asks the API again, with the new token: the job goes on by itself.
  h.state.config.latencyMs = 0;
  await captureSession(h);
  const done = await waitJob(h, jobId, ['done'], 45_000);
  expect(done.counts).toMatchObject({ success: 200 });
  const accepted = posts(h).filter((r) => r.status === 200);
  expect(accepted).toHaveLength(3);
  expect(accepted.every((r) => r.headers['authorization'] === 'Bearer sim-token-rotated')).toBe(true);
  const { accepted: runs } = pairCounts(h);
  expect(runs.size).toBe(200);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
});

test('no token string in IndexedDB, storage.local or any console output after jobs', async () => {
  const tokens = ['sim-token-1', 'sim-token-rotated'];
  // The previous tests ran jobs with both tokens; one more with the current one.
  await freshWorld(h, 'bulk');
  const { jobId } = await startExport(h, allPairs(h).slice(0, 10));
  await waitJob(h, jobId, ['done'], 30_000);

  const persisted = await dumpPersisted(h);
  expect(persisted).toContain(jobId); // the dump did read the store
  expect(persisted.length).toBeGreaterThan(1000);
  for (const token of tokens) {
    expect(persisted).not.toContain(token);
    expect(consoleOutput.join('\n')).not.toContain(token);
  }
  // The session itself is kept where it belongs, in storage.session only.
  const session = await h.evalInWorker(async () => {
    const chrome = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<unknown> } } } }).chrome;
    return JSON.stringify(await chrome.storage.session.get(null));
  }, undefined);
  expect(session).toContain('sim-token-1');
});
