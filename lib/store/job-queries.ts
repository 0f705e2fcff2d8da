/**
 * The job queries of the export store: the unfinished jobs, and the history's pages
 * (newest first, by the (createdAt, id) index, with an opaque cursor and a filter).
 * Each runs inside a transaction the store opens (lib/store/export-store.ts).
 */
import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';
import type { JobStatus, Scope } from '@/lib/model';
import { scopeKey } from '@/lib/session/credentials';
import type { ExportDB } from './db-schema';
import { isUnreadable, readRecord, type Readable } from './readable';
import { jobSummarySchema, runRecordSchema, type JobSummary, type RunRecord } from './schemas';

export interface JobFilter {
  status?: JobStatus | JobStatus[];
  flowId?: string;
  scope?: Scope;
}

export interface ListJobsOptions {
  /** `nextCursor` of the previous page. */
  before?: string;
  limit: number;
  filter?: JobFilter;
}

export interface JobPage {
  /** Newest first. Damaged jobs appear as unreadable entries (only when no filter is set). */
  items: Readable<JobSummary>[];
  nextCursor?: string;
}

type ReadTx = IDBPTransaction<ExportDB, StoreNames<ExportDB>[], 'readonly'>;
/** IndexedDB 3 (Chromium 141+); not in every browser nor in fake-indexeddb. */
type GetAllRecords = (
  this: IDBIndex,
  options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection },
) => IDBRequest<{ key: IDBValidKey; primaryKey: IDBValidKey; value: unknown }[]>;

export function encodeCursor(key: [number, string]): string {
  return JSON.stringify(key);
}

function decodeCursor(cursor: string | undefined): [number, string] | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(cursor);
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // A bad cursor starts from the newest page.
  }
  return null;
}

function matches(job: JobSummary, filter: JobFilter): boolean {
  if (filter.status) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    if (!statuses.includes(job.status)) return false;
  }
  if (filter.flowId && !job.dataflows.some((d) => d.id === filter.flowId)) return false;
  // Text search is the history's (lib/history/filter: accents folded), after these.
  if (filter.scope && job.scopeKey !== scopeKey(filter.scope)) return false;
  return true;
}

function hasFilter(filter: JobFilter | undefined): boolean {
  return !!filter && Object.values(filter).some((v) => v !== undefined && v !== '');
}

/** The jobs a worker resumes (sending, tracking or paused), oldest first; damaged ones left out. */
export async function unfinishedJobsIn(tx: ReadTx): Promise<JobSummary[]> {
  const index = tx.objectStore('jobs').index('byStatus');
  const raws = [...(await index.getAll('sending')), ...(await index.getAll('tracking')), ...(await index.getAll('paused'))];
  const jobs = raws.map((raw) => jobSummarySchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));
  return jobs.sort((a, b) => a.createdAt - b.createdAt);
}

/** Newest first, by index; counts come from the job records, so no run is loaded. */
export async function listJobsIn(tx: ReadTx, options: ListJobsOptions): Promise<JobPage> {
  const limit = Math.max(1, Math.min(500, Math.floor(options.limit)));
  const before = decodeCursor(options.before);
  const filter = options.filter ?? {};
  const filtered = hasFilter(filter);
  const index = tx.objectStore('jobs').index('byCreated');
  const range = before ? IDBKeyRange.upperBound(before, true) : undefined;
  if (!filtered) return newestJobs(tx, range, limit);
  const items: Readable<JobSummary>[] = [];
  let lastKey: [number, string] | null = null;
  let more = false;
  for (let cursor = await index.openCursor(range, 'prev'); cursor; cursor = await cursor.continue()) {
    const record = readRecord(jobSummarySchema, cursor.value, cursor.primaryKey);
    const include = isUnreadable(record) ? !filtered : matches(record, filter);
    if (!include) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(record);
    lastKey = cursor.key as [number, string];
  }
  return more && lastKey ? { items, nextCursor: encodeCursor(lastKey) } : { items };
}

/**
 * An unfiltered page without a cursor walk (one round trip per job): the index's keys
 * in one read, then the page's records fetched together.
 */
async function newestJobs(tx: ReadTx, range: IDBKeyRange | undefined, limit: number): Promise<JobPage> {
  const index = unwrap(tx.objectStore('jobs').index('byCreated')) as IDBIndex & { getAllRecords?: GetAllRecords };
  if (typeof index.getAllRecords === 'function') return newestJobsAtOnce(index, index.getAllRecords, range, limit);
  const ids = await tx.objectStore('jobs').index('byCreated').getAllKeys(range);
  const pageIds = ids.slice(Math.max(0, ids.length - limit)).reverse();
  const raws = await Promise.all(pageIds.map((id) => tx.objectStore('jobs').get(id)));
  const items = raws.map((raw, i) => readRecord(jobSummarySchema, raw, pageIds[i]));
  if (ids.length <= limit) return { items };
  // The cursor is the last item's index key, (createdAt, id), as the cursor walk gives it.
  const last = raws[raws.length - 1] as { createdAt?: unknown; id?: unknown } | undefined;
  const lastId = pageIds[pageIds.length - 1];
  const createdAt = typeof last?.createdAt === 'number' ? last.createdAt : undefined;
  return createdAt === undefined || typeof lastId !== 'string' ? { items } : { items, nextCursor: encodeCursor([createdAt, lastId]) };
}

/**
 * Where the browser can read an index backwards with a count (IndexedDB 3's
 * getAllRecords), the page is one round trip: one more than the page tells if more follow.
 */
function newestJobsAtOnce(index: IDBIndex, getAllRecords: GetAllRecords, range: IDBKeyRange | undefined, limit: number): Promise<JobPage> {
  return new Promise((resolve, reject) => {
    const request = getAllRecords.call(index, { query: range ?? null, count: limit + 1, direction: 'prev' });
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const records = request.result.slice(0, limit);
      const items = records.map((record) => readRecord(jobSummarySchema, record.value, record.primaryKey));
      const last = records[records.length - 1];
      const key = last?.key;
      const more = request.result.length > limit;
      resolve(
        more && Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string'
          ? { items, nextCursor: encodeCursor([key[0], key[1]]) }
          : { items },
      );
    };
  });
}

/** A job's runs, each validated (a damaged one is unreadable, with its id). */
export async function runsOfJobIn(tx: ReadTx, jobId: string): Promise<Readable<RunRecord>[]> {
  const store = tx.objectStore('runs');
  const [keys, values] = await Promise.all([store.index('byJob').getAllKeys(jobId), store.index('byJob').getAll(jobId)]);
  return values.map((raw, i) => readRecord(runRecordSchema, raw, keys[i]));
}
