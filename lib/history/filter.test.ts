import { describe, expect, it } from 'vitest';
import { canCancel, canRetry, failedRunIds, percentDone, retryableOf } from './actions';
import { matchesFilter } from './filter';
import { aJob, aRun } from './fixtures';

describe('matchesFilter', () => {
  const job = aJob({ dataflows: [{ id: 'flow-9', name: 'Exportação Diária' }] });

  it('filters by status group', () => {
    expect(matchesFilter(job, { status: 'failed' })).toBe(true);
    expect(matchesFilter(aJob({ counts: { success: 3, failed: 0, running: 0, skipped: 0, pending: 0 } }), { status: 'failed' })).toBe(false);
    expect(matchesFilter(job, { status: 'active' })).toBe(false);
    expect(matchesFilter(aJob({ status: 'tracking' }), { status: 'active' })).toBe(true);
    expect(matchesFilter(aJob({ status: 'cancelled' }), { status: 'done' })).toBe(false);
    // "With failures": failures still standing; a job whose failures were all retried is not one.
    expect(matchesFilter(aJob({ counts: { success: 2, failed: 1, retried: 1, running: 0, skipped: 0, pending: 0 } }), { status: 'failed' })).toBe(false);
    expect(matchesFilter(aJob({ counts: { success: 1, failed: 2, retried: 1, running: 0, skipped: 0, pending: 0 } }), { status: 'failed' })).toBe(true);
  });

  it('filters by dataflow, scope and accent-insensitive search', () => {
    expect(matchesFilter(job, { status: 'all', flowId: 'flow-9' })).toBe(true);
    expect(matchesFilter(job, { status: 'all', flowId: 'flow-1' })).toBe(false);
    expect(matchesFilter(job, { status: 'all', search: 'exportacao' })).toBe(true);
    expect(matchesFilter(job, { status: 'all', search: 'nothing' })).toBe(false);
    expect(matchesFilter(job, { status: 'all', scope: { orgId: 'ABC123@AdobeOrg', sandbox: 'dev' } })).toBe(false);
    expect(matchesFilter(job, { status: 'all', scope: { orgId: 'ABC123@AdobeOrg', sandbox: 'prod' } })).toBe(true);
  });
});

describe('job actions', () => {
  it('offers cancel only while unsent pairs remain', () => {
    const pending = { success: 0, failed: 0, running: 0, skipped: 0, pending: 3 };
    expect(canCancel(aJob({ status: 'sending', counts: pending }))).toBe(true);
    expect(canCancel(aJob({ status: 'paused', counts: pending }))).toBe(true);
    expect(canCancel(aJob({ status: 'tracking', counts: { ...pending, pending: 0, running: 3 } }))).toBe(false);
    expect(canCancel(aJob({ status: 'done' }))).toBe(false);
  });

  it('retries only failed runs, never unreadable ones', () => {
    const runs = [aRun({ audienceId: 'a' }), aRun({ audienceId: 'b', status: 'failed' }), { unreadable: true as const, id: 'x', reason: 'r' }];
    expect(failedRunIds(runs)).toEqual(['job-1|flow-1|b']);
    expect(canRetry(aJob())).toBe(true);
    expect(canRetry(aJob({ status: 'sending' }))).toBe(false);
  });

  it('leaves out failures already retried, and offers no retry once all were', () => {
    const runs = [aRun({ audienceId: 'a', status: 'failed', retriedIn: 'job-2' }), aRun({ audienceId: 'b', status: 'failed' })];
    expect(failedRunIds(runs)).toEqual(['job-1|flow-1|b']);
    expect(failedRunIds([runs[0]!])).toEqual([]);
    const counts = { success: 0, failed: 2, running: 0, skipped: 0, pending: 0 };
    expect(retryableOf(aJob({ counts: { ...counts, retried: 1 } }))).toBe(1);
    expect(canRetry(aJob({ counts: { ...counts, retried: 1 } }))).toBe(true);
    expect(canRetry(aJob({ counts: { ...counts, retried: 2 } }))).toBe(false);
    // Records from before the count existed: every failure is retryable.
    expect(retryableOf(aJob({ counts }))).toBe(2);
  });

  it('computes progress from finished runs', () => {
    expect(percentDone(aJob({ pairCount: 4, counts: { success: 1, failed: 1, running: 1, skipped: 0, pending: 1 } }))).toBe(50);
    expect(percentDone(aJob({ pairCount: 0, counts: { success: 0, failed: 0, running: 0, skipped: 0, pending: 0 } }))).toBe(100);
  });
});
