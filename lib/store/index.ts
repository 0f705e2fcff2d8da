/**
 * The export history (IndexedDB `bulk-export-now`). The background writes through the
 * shared `exportStore()`; the popup may read through it directly.
 */
export { ExportStore, isUnreadable } from './export-store';
export type { JobFilter, JobPage, ListJobsOptions, Readable, RetentionLimits, RetryOf, StoreChange, StoreOptions } from './export-store';
export { StoreError, toStoreError } from './errors';
export type { StoreErrorKind } from './errors';
export { DB_NAME, DB_VERSION, createV1 } from './db-schema';
export * from './schemas';

import { ExportStore } from './export-store';

let shared: ExportStore | null = null;

export function exportStore(): ExportStore {
  shared ??= new ExportStore();
  return shared;
}
