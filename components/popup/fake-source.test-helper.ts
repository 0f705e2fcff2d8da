/** An in-memory HistorySource for component tests (never used by the extension). */
import { vi } from 'vitest';
import type { RunRecord } from '@/lib/model';
import { matchesFilter } from '@/lib/history/filter';
import { isUnreadable } from '@/lib/history/types';
import type { HistorySource, JobSummary, Maybe, SessionInfo } from './source';

export interface FakeData {
  jobs: Maybe<JobSummary>[];
  runs?: Record<string, Maybe<RunRecord>[]>;
  sessions?: SessionInfo[];
  /** What the background would say about a job that is not moving. */
  waits?: Record<string, string>;
}

export function fakeSource(data: FakeData) {
  const listeners = new Set<() => void>();
  const source = {
    listJobs: vi.fn(async ({ cursor, limit, filter }: Parameters<HistorySource['listJobs']>[0]) => {
      const all = data.jobs.filter((job) => isUnreadable(job) || matchesFilter(job, filter));
      const start = cursor ? Number(cursor) : 0;
      const end = start + limit;
      return { items: all.slice(start, end), next: end < all.length ? String(end) : undefined };
    }),
    runsOfJob: vi.fn(async (jobId: string) => data.runs?.[jobId] ?? []),
    retry: vi.fn(async (jobId: string, _runIds: string[]) => ({ jobId })),
    cancel: vi.fn(async (_jobId: string) => undefined),
    waitOf: vi.fn(async (jobId: string) => data.waits?.[jobId]),
    sessions: vi.fn(async () => data.sessions ?? []),
    onChange: vi.fn((cb: () => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    }),
    openDataflow: vi.fn(),
    openConsole: vi.fn(),
  } satisfies HistorySource;
  return { source, emitChange: () => listeners.forEach((cb) => cb()) };
}
