/**
 * What the history views work with: a stored job plus its run counts, and the
 * placeholder a corrupted stored record becomes after validation on read.
 */
import type { JobRecord, RunRecord, Scope } from '@/lib/model';

export interface RunCounts {
  success: number;
  failed: number;
  running: number;
  skipped: number;
  pending: number;
  /** Runs cancelled before sending; the store counts them, older summaries may not. */
  cancelled?: number;
  /** Failed runs a retry already sent again in a new job; absent on older records = 0. */
  retried?: number;
}

export interface JobSummary extends JobRecord {
  counts: RunCounts;
}

/** A stored record that failed validation: shown as one labelled row, never a crash. */
export interface Unreadable {
  unreadable: true;
  id: string;
  reason: string;
}

export type Maybe<T> = T | Unreadable;

export function isUnreadable<T extends object>(item: T | Unreadable): item is Unreadable {
  return (item as Partial<Unreadable>).unreadable === true;
}

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
