import { expect, test } from 'vitest';
import { useHarness } from './harness';
import { allPairs, captureSession, freshWorld, job, jobs, pairCounts, posts, RUNS_PATH, startExport, waitFor, waitJob } from './export-kit';

// Issue 8 on the real browser: the whole browser closes with runs in flight and opens
// again on the same profile. The job comes back from IndexedDB, storage.session is
// gone (a console page captures the session again), tracking resumes by itself, and
// the simulator, which stays up across both browser lives, sees each pair POSTed once.
const h = useHarness({ scenario: 'bulk' });

test('browser restarted with 200 runs in flight: the job is back from IndexedDB, tracking resumes, each pair POSTed once', async () => {
  // Runs long enough to still be Processing when the browser closes and comes back.
  await freshWorld(h, 'bulk', { runDurationMs: 20_000 });
  const pairs = allPairs(h);
  expect(pairs).toHaveLength(200);
  const { jobId } = await startExport(h, pairs);

  // Every POST answered and every run created: only tracking is left, none of it done.
  const tracking = await waitJob(h, jobId, ['tracking'], 20_000);
  expect(posts(h)).toHaveLength(3);
  expect(posts(h).every((r) => r.status === 200)).toBe(true);
  expect(h.state.adhocRuns).toHaveLength(200);
  expect(tracking.counts['success'] ?? 0).toBe(0);
  const postsBefore = posts(h).length;

  await h.relaunch();

  // IndexedDB survived: the job is listed, still unfinished, before any session exists.
  const back = await waitFor('the job after the restart', async () => (await jobs(h)).find((j) => j.id === jobId));
  expect(['tracking', 'paused']).toContain(back.status);
  const session = await h.evalInWorker(async () => {
    const chrome = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome;
    return JSON.stringify(await chrome.storage.session.get(null));
  }, undefined);
  expect(session).not.toContain('sim-token');

  // No command asks for tracking: the worker's own start-up / alarm / session change does.
  const pollsBefore = h.requests(RUNS_PATH).filter((r) => r.method === 'GET').length;
  await captureSession(h);
  const done = await waitJob(h, jobId, ['done'], 40_000);
  expect(done.counts).toMatchObject({ success: 200 });
  expect(h.requests(RUNS_PATH).filter((r) => r.method === 'GET').length).toBeGreaterThan(pollsBefore);

  // Both browser lives: no POST after the restart, each pair POSTed and accepted once.
  expect(posts(h)).toHaveLength(postsBefore);
  const { posted, accepted } = pairCounts(h);
  expect(posted.size).toBe(200);
  expect([...posted.values()].every((n) => n === 1)).toBe(true);
  expect(accepted.size).toBe(200);
  expect([...accepted.values()].every((n) => n === 1)).toBe(true);
  expect((await job(h, jobId))?.status).toBe('done');
}, 60_000);
