/**
 * The history filter as a pure predicate, so the store adapter, the popup and the
 * tests agree on what "failed" or a search term selects.
 */
import type { Scope } from '@/lib/model';
import { retryableOf } from './actions';
import type { HistoryFilter, JobSummary } from './types';

export function sameScope(a: Scope, b: Scope): boolean {
  return a.orgId === b.orgId && a.sandbox === b.sandbox;
}

function matchesStatus(job: JobSummary, status: HistoryFilter['status']): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'active':
      return job.status === 'sending' || job.status === 'tracking' || job.status === 'paused';
    case 'failed':
      // Failures still standing: those all sent again by a retry are the retry's to show.
      return retryableOf(job) > 0;
    case 'done':
      return job.status === 'done';
    case 'cancelled':
      return job.status === 'cancelled';
  }
}

/** Case- and accent-insensitive, so "exportacao" finds "Exportação". */
function normaliseForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

function matchesSearch(job: JobSummary, search: string | undefined): boolean {
  const needle = normaliseForSearch(search ?? '');
  if (!needle) return true;
  const haystack = [job.id, job.status, job.scope.orgId, job.scope.sandbox, ...job.dataflows.flatMap((d) => [d.id, d.name])];
  return haystack.some((value) => normaliseForSearch(value).includes(needle));
}

export function matchesFilter(job: JobSummary, filter: HistoryFilter): boolean {
  if (filter.scope && !sameScope(job.scope, filter.scope)) return false;
  if (filter.flowId && !job.dataflows.some((d) => d.id === filter.flowId)) return false;
  return matchesStatus(job, filter.status) && matchesSearch(job, filter.search);
}
