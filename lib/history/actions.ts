/** Which actions a job offers: pure, so the popup's buttons and the tests share one rule. */
import type { RunRecord } from '@/lib/model';
import type { JobSummary, Maybe } from './types';
import { isUnreadable } from './types';

/**
 * "Cancel" only stops what has not been sent: a job still sending (or paused
 * before sending) with pairs left. Sent pairs are already on the Platform side.
 */
export function canCancel(job: JobSummary): boolean {
  return (job.status === 'sending' || job.status === 'paused') && job.counts.pending > 0;
}

/** Failed runs not yet sent again by a retry: what "Retry" would send. */
export function retryableOf(job: JobSummary): number {
  return Math.max(0, job.counts.failed - (job.counts.retried ?? 0));
}

/** Retry is offered once the job stopped sending; the background re-checks eligibility. */
export function canRetry(job: JobSummary): boolean {
  return retryableOf(job) > 0 && job.status !== 'sending';
}

/** Runs already retried are left out: a second retry would export them twice. */
export function failedRunIds(runs: readonly Maybe<RunRecord>[]): string[] {
  return runs.filter((r): r is RunRecord => !isUnreadable(r) && r.status === 'failed' && r.retriedIn === undefined).map((r) => r.id);
}

/**
 * What the job's pill says: a finished job with failures not sent again never reads as
 * plain success ("finished with failures", or "failed" when nothing succeeded).
 */
export type JobOutcome = JobSummary['status'] | 'doneFailures' | 'failed';

export function outcomeOf(job: JobSummary): JobOutcome {
  if (job.status !== 'done' || retryableOf(job) === 0) return job.status;
  return job.counts.success === 0 ? 'failed' : 'doneFailures';
}

export function totalOf(job: JobSummary): number {
  const { success, failed, running, skipped, pending, cancelled = 0 } = job.counts;
  return Math.max(job.pairCount, success + failed + running + skipped + pending + cancelled);
}

/** Finished = reached an end state (success, failed, skipped, cancelled), for the progress bar. */
export function finishedOf(job: JobSummary): number {
  return job.counts.success + job.counts.failed + job.counts.skipped + (job.counts.cancelled ?? 0);
}

export function percentDone(job: JobSummary): number {
  const total = totalOf(job);
  return total === 0 ? 100 : Math.round((finishedOf(job) / total) * 100);
}
