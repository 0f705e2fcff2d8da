/**
 * What the history views work with: a stored job plus its run counts, and the
 * placeholder a corrupted stored record becomes after validation on read.
 */
import type { RunRecord, Scope } from '@/lib/model';
import type { UnreadableRecord } from '@/lib/store/schemas';

// One definition of each, the store's: a job with its run counts as stored and listed,
// and what a record that failed validation is shown as (one labelled row, never a crash).
export type { JobSummary, UnreadableRecord as Unreadable } from '@/lib/store/schemas';
export { isUnreadable } from '@/lib/store/readable';

export type Maybe<T> = T | UnreadableRecord;

/** The status filter groups the job statuses the way a user thinks about them. */
export type StatusFilter = 'all' | 'active' | 'failed' | 'done' | 'cancelled';

export interface HistoryFilter {
  status: StatusFilter;
  /** A dataflow id; absent = every dataflow. */
  flowId?: string;
  /** Free text matched against dataflow names/ids, the job id and the status. */
  search?: string;
  /** Only jobs of this org+sandbox; absent = every scope. */
  scope?: Scope;
}

export const EMPTY_FILTER: HistoryFilter = { status: 'all' };

export type { RunRecord };
