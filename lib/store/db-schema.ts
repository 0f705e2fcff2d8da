/**
 * The IndexedDB layout and its migrations. Each version's upgrade is kept as shipped
 * so a user on any older version is carried forward step by step.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { scopeKey } from '@/lib/session/credentials';
import { countBucket, emptyCounts } from './counts';
import type { JobCounts } from './schemas';

export const DB_NAME = 'bulk-export-now';
export const DB_VERSION = 4;

/** Values are `unknown`: every record is validated on read, whatever wrote it. */
export interface ExportDB extends DBSchema {
  jobs: {
    key: string;
    value: unknown;
    indexes: { byCreated: [number, string]; byStatus: string };
  };
  runs: {
    key: string;
    value: unknown;
    indexes: { byJob: string; byStatus: string };
  };
  requests: {
    key: string;
    value: unknown;
    indexes: { byJob: string };
  };
  /** Pairs waiting to be exported when they become eligible (lib/queue). */
  queue: {
    key: string;
    value: unknown;
    indexes: { byStatus: string; byQueue: string };
  };
}

type UpgradeTx = IDBPTransaction<ExportDB, StoreNames<ExportDB>[], 'versionchange'>;

/** Version 1 as first shipped: jobs by creation time and runs by job, nothing else. */
export function createV1(db: IDBPDatabase<unknown>): void {
  const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
  jobs.createIndex('byCreated', 'createdAt');
  const runs = db.createObjectStore('runs', { keyPath: 'id' });
  runs.createIndex('byJob', 'jobId');
}

function scopeKeyOf(value: unknown): string | undefined {
  const scope = (value as { scope?: { orgId?: unknown; sandbox?: unknown } } | null)?.scope;
  if (typeof scope?.orgId !== 'string' || typeof scope.sandbox !== 'string') return undefined;
  return scopeKey({ orgId: scope.orgId, sandbox: scope.sandbox });
}

/**
 * Version 2: the requests store, paging by (createdAt, id), indexes by status, dataflow
 * and org+sandbox, and per-job counts so lists never load every run. Runs get a
 * `scopeKey` field for their org+sandbox index (left in place by v3, which ignores it).
 */
export async function migrateToV2(tx: UpgradeTx): Promise<void> {
  const db = tx.db;
  const requests = db.createObjectStore('requests', { keyPath: 'id' });
  requests.createIndex('byJob', 'jobId');

  const jobs = tx.objectStore('jobs');
  // (createdAt, id) keeps paging stable when two jobs share a millisecond.
  jobs.deleteIndex('byCreated');
  jobs.createIndex('byCreated', ['createdAt', 'id']);
  // As shipped in v2; v4 drops it (nothing reads through it). The v4 types no longer name it.
  (jobs as unknown as IDBObjectStore).createIndex('byScope', ['scopeKey', 'createdAt']);
  jobs.createIndex('byStatus', 'status');

  const runs = tx.objectStore('runs');
  runs.createIndex('byStatus', 'status');
  // As shipped in v2; v3 drops both. The v3 types no longer name them.
  (runs as unknown as IDBObjectStore).createIndex('byFlow', 'flowId');
  (runs as unknown as IDBObjectStore).createIndex('byScope', 'scopeKey');

  const counts = new Map<string, JobCounts>();
  for (let cursor = await runs.openCursor(); cursor; cursor = await cursor.continue()) {
    const run = cursor.value as Record<string, unknown> | null;
    if (!run || typeof run !== 'object') continue;
    const key = scopeKeyOf(run);
    if (key) await cursor.update({ ...run, scopeKey: key });
    const bucket = countBucket(run.status);
    if (bucket && typeof run.jobId === 'string') {
      const jobCounts = counts.get(run.jobId) ?? emptyCounts();
      jobCounts[bucket] += 1;
      counts.set(run.jobId, jobCounts);
    }
  }
  for (let cursor = await jobs.openCursor(); cursor; cursor = await cursor.continue()) {
    const job = cursor.value as Record<string, unknown> | null;
    if (!job || typeof job !== 'object') continue;
    const key = scopeKeyOf(job);
    await cursor.update({ ...job, ...(key && { scopeKey: key }), counts: counts.get(String(job.id)) ?? emptyCounts() });
  }
}

/**
 * Version 3: no run index by dataflow or by org+sandbox. Nothing read through them, and
 * every run write kept them up to date: a bulk export writes 1,000 runs, then each again
 * when its POST is answered (about a tenth less time in the store without them).
 */
export function migrateToV3(tx: UpgradeTx): void {
  const runs = tx.objectStore('runs') as unknown as IDBObjectStore;
  for (const name of ['byFlow', 'byScope']) if (runs.indexNames.contains(name)) runs.deleteIndex(name);
}

/**
 * Version 4: the export queue, one record per waiting pair (lib/queue), by status and by
 * the confirmation that queued it; and no job index by org+sandbox (nothing read through it;
 * a scope filter reads jobs by creation and checks each).
 */
export function migrateToV4(db: IDBPDatabase<ExportDB>, tx: UpgradeTx): void {
  const jobs = tx.objectStore('jobs') as unknown as IDBObjectStore;
  if (jobs.indexNames.contains('byScope')) jobs.deleteIndex('byScope');
  const queue = db.createObjectStore('queue', { keyPath: 'id' });
  queue.createIndex('byStatus', 'status');
  queue.createIndex('byQueue', 'queueId');
}

export async function upgrade(db: IDBPDatabase<ExportDB>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  if (oldVersion < 1) createV1(db as unknown as IDBPDatabase<unknown>);
  if (oldVersion < 2) await migrateToV2(tx);
  if (oldVersion < 3) migrateToV3(tx);
  if (oldVersion < 4) migrateToV4(db, tx);
}
