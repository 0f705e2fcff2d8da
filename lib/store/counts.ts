/**
 * A job's run counts, kept on the job record in the same transaction as its runs: which
 * count a run adds to, and how the counts change when a run does. Pure.
 */
import type { JobCounts } from './schemas';

export function emptyCounts(): JobCounts {
  return { pending: 0, running: 0, success: 0, failed: 0, skipped: 0, cancelled: 0 };
}

/** The counts a run status decides (`retried` follows the retry mark instead). */
export type StatusBucket = Exclude<keyof JobCounts, 'retried'>;

/** Which count a run status adds to; unknown statuses count nowhere. */
export function countBucket(status: unknown): StatusBucket | null {
  switch (status) {
    case 'pending':
      return 'pending';
    case 'sent':
    case 'processing':
      return 'running';
    case 'success':
    case 'failed':
    case 'skipped':
    case 'cancelled':
      return status;
    default:
      return null;
  }
}

/** 1 for a failed run a retry already sent again (what `counts.retried` adds up). */
export function retriedWeight(run: { status: unknown; retriedIn?: unknown }): number {
  return run.status === 'failed' && typeof run.retriedIn === 'string' ? 1 : 0;
}

/** A run as the counts see it: its status and retry mark (unknown values count nowhere). */
export interface CountedRun {
  status: unknown;
  retriedIn?: unknown;
}

/**
 * The job's counts once a run goes from `previous` (null: a run new to the job) to `next`,
 * or null when they do not change. No count goes below zero.
 */
export function nextCounts(counts: JobCounts, previous: CountedRun | null, next: CountedRun): JobCounts | null {
  const before = previous ? countBucket(previous.status) : null;
  const after = countBucket(next.status);
  const retried = retriedWeight(next) - (previous ? retriedWeight(previous) : 0);
  if (before === after && retried === 0) return null;
  const result = { ...counts };
  if (before !== after) {
    if (before) result[before] = Math.max(0, result[before] - 1);
    if (after) result[after] += 1;
  }
  if (retried !== 0) result.retried = Math.max(0, (result.retried ?? 0) + retried);
  return result;
}
