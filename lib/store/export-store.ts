/**
 * The export history in IndexedDB: jobs (one per click), requests (one per POST) and
 * runs (one per dataflow x audience). Each engine state change is one transaction, so a
 * worker killed at any moment leaves a consistent record to resume from.
 *
 * Over 400 lines on purpose: every read and write of the three stores goes through this
 * class's one transaction helper, which is what keeps each change atomic; the pure parts are
 * apart (counts.ts: nextCounts, job-queries.ts: the job lists, readable.ts, db-schema.ts).
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ErrorInfo, JobRecord, JobStatus, RequestRecord, RunRecord, Scope } from '@/lib/model';
import { scopeKey } from '@/lib/session/credentials';
import { emptyCounts, nextCounts } from './counts';
import { DB_NAME, type ExportDB } from './db-schema';
import { connection, type Connection } from './connection';
import { listJobsIn, runsOfJobIn, unfinishedJobsIn, type JobPage, type ListJobsOptions } from './job-queries';
import { isUnreadable, readRecord, type Readable } from './readable';
import { redactSecrets } from './redact';
import { StoreError, toStoreError } from './errors';
import { jobRecordSchema, jobSummarySchema, requestRecordSchema, runRecordSchema, type JobCounts, type JobSummary } from './schemas';

const DAY = 24 * 60 * 60 * 1000;
/**
 * A new job's pending runs go in transactions of this many, one after the other. Chromium's
 * IndexedDB works through one database's requests in order whatever their stores, so one
 * transaction of 10,000 runs (about a second) held up the job's first POST claims; between
 * smaller ones, a claim waits for one at most.
 */
const NEW_RUNS_PER_TRANSACTION = 100;

export { isUnreadable, type Readable };
export type { JobFilter, JobPage, ListJobsOptions } from './job-queries';

export interface RetentionLimits {
  days: number;
  maxRuns: number;
}

/** One state change of the engine, written atomically. */
export interface StoreChange {
  job?: JobRecord;
  requests?: RequestRecord[];
  runs?: RunRecord[];
}

/** A job just made: its record, and the write of its pending runs still going on (see `createJob`). */
export interface CreatedJob {
  summary: JobSummary;
  pendingWritten: Promise<void>;
}

/** Runs of an earlier job that a new job sends again. */
export interface RetryOf {
  jobId: string;
  runIds: readonly string[];
}

export interface StoreOptions {
  /** Another name for tests; production uses `bulk-export-now`. */
  name?: string;
}

type Mode = 'readonly' | 'readwrite';
type Tx<M extends Mode = 'readwrite'> = IDBPTransaction<ExportDB, StoreNames<ExportDB>[], M>;
const ALL_STORES: StoreNames<ExportDB>[] = ['jobs', 'runs', 'requests'];
const FINISHED: ReadonlySet<JobStatus> = new Set(['done', 'cancelled']);

function withoutSecrets<T extends { error?: ErrorInfo; pauseReason?: ErrorInfo }>(record: T): T {
  const clean = (info: ErrorInfo | undefined) => info && { ...info, message: redactSecrets(info.message) };
  const result = { ...record };
  if (record.error) result.error = clean(record.error);
  if (record.pauseReason) result.pauseReason = clean(record.pauseReason);
  return result;
}

type Settle = (runs: Readable<RunRecord>[]) => StoreChange;

/** The runs of `jobId` not marked yet get `retriedIn` (a run named twice is marked once). */
function retriedBy(jobId: string, retriedIn: string, now: number): Settle {
  return (runs) => ({
    runs: [...new Map(runs.map((run) => [run.id, run])).values()]
      .filter((run): run is RunRecord => !isUnreadable(run) && run.jobId === jobId && run.retriedIn === undefined)
      .map((run) => ({ ...run, retriedIn, updatedAt: now })),
  });
}

/** The runs of `jobId` marked retried in `retriedIn` lose the mark: that job sends them no more. */
function unretriedBy(jobId: string, retriedIn: string, now: number): Settle {
  return (runs) => ({
    runs: runs
      .filter((run): run is RunRecord => !isUnreadable(run) && run.jobId === jobId && run.retriedIn === retriedIn)
      .map(({ retriedIn: _, ...run }) => ({ ...run, updatedAt: now })),
  });
}

export class ExportStore {
  readonly name: string;
  private readonly connection: Connection;

  constructor(options: StoreOptions = {}) {
    this.name = options.name ?? DB_NAME;
    this.connection = connection(this.name);
  }

  private db(): Promise<IDBPDatabase<ExportDB>> {
    return this.connection.get();
  }

  /**
   * Runs `work` in one transaction; any failure aborts it all and becomes a StoreError.
   * `stores` is what it touches: read-write transactions whose stores overlap run one
   * after the other, so a wider scope makes unrelated reads and writes queue.
   */
  private async transaction<M extends Mode, T>(mode: M, work: (tx: Tx<M>) => Promise<T>, stores: StoreNames<ExportDB>[] = ALL_STORES): Promise<T> {
    const db = await this.db();
    const tx = db.transaction(stores, mode) as unknown as Tx<M>;
    const done = tx.done;
    // Awaited below; this only keeps an early failure from being reported as unhandled.
    done.catch(() => undefined);
    try {
      const result = await work(tx);
      // A read has its answer once its requests succeeded; waiting for the transaction's
      // completion event too cost the popup's first page up to ~25 ms on a busy main thread.
      if (mode !== 'readonly') await done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      throw toStoreError(error, tx.error);
    }
  }

  /** The stores a change touches: runs carry their job's counts. */
  private static storesOf(change: StoreChange): StoreNames<ExportDB>[] {
    const stores: StoreNames<ExportDB>[] = [];
    if (change.job || change.runs?.length) stores.push('jobs');
    if (change.runs?.length) stores.push('runs');
    if (change.requests?.length) stores.push('requests');
    return stores.length > 0 ? stores : ['jobs'];
  }

  /** `newRuns`: the runs cannot exist yet (a new job's), so no earlier version is read. */
  private static async applyChange(
    tx: Tx,
    change: StoreChange,
    initialCounts?: JobCounts,
    newRuns = false,
    /** Runs this transaction already read (id -> raw), not read again. */
    known?: ReadonlyMap<string, unknown>,
  ): Promise<void> {
    const touched = new Map<string, JobSummary>();

    const loadJob = async (id: string): Promise<JobSummary | null> => {
      const cached = touched.get(id);
      if (cached) return cached;
      const parsed = jobSummarySchema.safeParse(await tx.objectStore('jobs').get(id));
      if (!parsed.success) return null;
      touched.set(id, parsed.data);
      return parsed.data;
    };

    if (change.job) {
      const job = withoutSecrets(jobRecordSchema.parse(change.job));
      const existing = await loadJob(job.id);
      touched.set(job.id, { ...job, scopeKey: scopeKey(job.scope), counts: existing?.counts ?? initialCounts ?? emptyCounts() });
    }
    // Requests of one transaction run in order: issue them together rather than one
    // round trip each (a job's 1,000 runs are written in one change).
    await Promise.all((change.requests ?? []).map((request) => tx.objectStore('requests').put(withoutSecrets(requestRecordSchema.parse(request)))));
    const written = (change.runs ?? []).map((input) => withoutSecrets(runRecordSchema.parse(input)));
    const runs = written.length > 0 ? tx.objectStore('runs') : null;
    const previousRaw = newRuns || !runs ? [] : await Promise.all(written.map((run) => (known?.has(run.id) ? known.get(run.id) : runs.get(run.id))));
    if (runs) await Promise.all(written.map((run) => runs.put(run)));
    const earlier = new Map<string, RunRecord>(); // a run named twice counts from its first write
    for (const [i, run] of written.entries()) {
      const previous = runRecordSchema.safeParse(earlier.get(run.id) ?? previousRaw[i]);
      earlier.set(run.id, run);
      const job = await loadJob(run.jobId);
      if (!job) continue;
      const counts = nextCounts(job.counts, previous.success ? previous.data : null, run);
      if (counts) touched.set(job.id, { ...job, counts });
    }
    for (const job of touched.values()) await tx.objectStore('jobs').put(job);
  }

  /**
   * A new job. First, all or nothing: the job with its counts, its requests, its runs
   * already settled (skipped) and, for a retry, the earlier job's runs it sends again marked
   * retried (a worker dying in between must not leave them offered for another retry). Then
   * the pending runs, a part per transaction (see NEW_RUNS_PER_TRANSACTION): a bulk export's
   * 10,000 take about a second, and the job's first POSTs are claimed meanwhile. Until
   * `pendingWritten` settles a read may see only some of them; the engine waits for it
   * before it reads or writes the job's runs. A worker dying first leaves the job short of
   * runs, which `runCount` shows and `putNewRuns` mends.
   */
  async createJob(job: JobRecord, requests: RequestRecord[], runs: RunRecord[], retryOf?: RetryOf): Promise<CreatedJob> {
    // Checked before anything is written: a bad run fails the whole job, not its second half.
    let checked: RunRecord[];
    try {
      checked = runs.map((run) => withoutSecrets(runRecordSchema.parse(run)));
    } catch (error) {
      throw toStoreError(error);
    }
    const pending = checked.filter((run) => run.status === 'pending');
    const counts = pending.reduce((sum, run) => nextCounts(sum, null, run) ?? sum, emptyCounts());
    const summary = await this.transaction('readwrite', async (tx) => {
      if (await tx.objectStore('jobs').get(job.id)) throw new StoreError('failed', `Job ${job.id} already exists`);
      await ExportStore.applyChange(tx, { job, requests }, counts);
      // Runs after the job so their counts land on it.
      await ExportStore.applyChange(tx, { runs: checked.filter((run) => run.status !== 'pending') }, undefined, true);
      if (retryOf) await ExportStore.settle(tx, retryOf.runIds, retriedBy(retryOf.jobId, job.id, job.createdAt));
      return jobSummarySchema.parse(await tx.objectStore('jobs').get(job.id));
    });
    const pendingWritten = this.writeNewRuns(pending);
    // Callers that only await the job still see the runs (see above); a failure is theirs to read.
    pendingWritten.catch(() => undefined);
    return { summary, pendingWritten };
  }

  /** Runs new to the store whose counts their job already holds (a new job's pending runs), in the runs store alone. */
  async putNewRuns(runs: readonly RunRecord[]): Promise<void> {
    await this.writeNewRuns(runs.map((run) => withoutSecrets(runRecordSchema.parse(run))));
  }

  private async writeNewRuns(checked: readonly RunRecord[]): Promise<void> {
    for (let i = 0; i < checked.length; i += NEW_RUNS_PER_TRANSACTION) {
      const chunk = checked.slice(i, i + NEW_RUNS_PER_TRANSACTION);
      await this.transaction(
        'readwrite',
        async (tx) => {
          const store = tx.objectStore('runs');
          await Promise.all(chunk.map((run) => store.put(run)));
        },
        ['runs'],
      );
    }
  }

  /** How many runs a job has in the store, from the index alone. */
  runCount(jobId: string): Promise<number> {
    return this.transaction('readonly', (tx) => tx.objectStore('runs').index('byJob').count(jobId), ['runs']);
  }

  /** Any combination of job, requests and runs in one transaction; job counts follow the runs. */
  write(change: StoreChange): Promise<void> {
    return this.transaction('readwrite', (tx) => ExportStore.applyChange(tx, change), ExportStore.storesOf(change));
  }

  /**
   * A cancel's change, and, for a retry job, the earlier job's runs it will no longer send
   * given back to that job's retry, in one transaction (a worker dying in between must not
   * leave them marked retried by a job that never sent them).
   */
  cancel(change: StoreChange & { job: JobRecord }, given: RetryOf | undefined): Promise<void> {
    return this.transaction('readwrite', async (tx) => {
      await ExportStore.applyChange(tx, change);
      if (given) await ExportStore.settle(tx, given.runIds, unretriedBy(given.jobId, change.job.id, change.job.updatedAt));
    });
  }

  /**
   * Read-check-write of requests in one transaction: `claim` sees each request as stored and
   * returns its next state, or null to leave it (null too for a request not found).
   */
  claimRequests(ids: readonly string[], claim: (request: RequestRecord) => RequestRecord | null): Promise<(RequestRecord | null)[]> {
    return this.transaction(
      'readwrite',
      async (tx) => {
        const store = tx.objectStore('requests');
        const stored = await Promise.all(ids.map((id) => store.get(id)));
        const claimed = stored.map((raw) => {
          const request = requestRecordSchema.safeParse(raw);
          return request.success ? claim(request.data) : null;
        });
        await Promise.all(claimed.flatMap((next) => (next ? [store.put(withoutSecrets(requestRecordSchema.parse(next)))] : [])));
        return claimed;
      },
      ['requests'],
    );
  }

  /**
   * Reads the runs with these ids and writes the change `settle` makes of them, in one
   * transaction (no other write can come between the read and the write).
   */
  settleRuns(ids: readonly string[], settle: Settle): Promise<StoreChange> {
    return this.transaction('readwrite', (tx) => ExportStore.settle(tx, ids, settle));
  }

  private static async settle(tx: Tx, ids: readonly string[], settle: Settle): Promise<StoreChange> {
    const store = tx.objectStore('runs');
    const raws = await Promise.all(ids.map((id) => store.get(id)));
    const change = settle(raws.flatMap((raw, i) => (raw === undefined ? [] : [readRecord(runRecordSchema, raw, ids[i])])));
    await ExportStore.applyChange(tx, change, undefined, false, new Map(ids.map((id, i) => [id, raws[i]])));
    return change;
  }

  updateJob(job: JobRecord): Promise<void> {
    return this.write({ job });
  }

  updateRequest(request: RequestRecord): Promise<void> {
    return this.write({ requests: [request] });
  }

  updateRuns(runs: RunRecord[]): Promise<void> {
    return this.write({ runs });
  }

  getJob(id: string): Promise<Readable<JobSummary> | undefined> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const raw = await tx.objectStore('jobs').get(id);
        return raw === undefined ? undefined : readRecord(jobSummarySchema, raw, id);
      },
      ['jobs'],
    );
  }

  runsOfJob(jobId: string): Promise<Readable<RunRecord>[]> {
    return this.transaction('readonly', (tx) => runsOfJobIn(tx, jobId), ['runs']);
  }

  /** The runs with these ids (missing ones left out), in one transaction. */
  getRuns(ids: readonly string[]): Promise<Readable<RunRecord>[]> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const store = tx.objectStore('runs');
        const raws = await Promise.all(ids.map((id) => store.get(id)));
        return raws.flatMap((raw, i) => (raw === undefined ? [] : [readRecord(runRecordSchema, raw, ids[i])]));
      },
      ['runs'],
    );
  }

  requestsOfJob(jobId: string): Promise<Readable<RequestRecord>[]> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const index = tx.objectStore('requests').index('byJob');
        const [keys, values] = await Promise.all([index.getAllKeys(jobId), index.getAll(jobId)]);
        const records = values.map((raw, i) => readRecord(requestRecordSchema, raw, keys[i]));
        return records.sort((a, b) => (isUnreadable(a) || isUnreadable(b) ? 0 : a.index - b.index));
      },
      ['requests'],
    );
  }

  /** Runs the tracker must poll (sent / processing). Damaged ones cannot be polled and are left out. */
  inFlightRuns(): Promise<RunRecord[]> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const index = tx.objectStore('runs').index('byStatus');
        const raws = [...(await index.getAll('sent')), ...(await index.getAll('processing'))];
        return raws.map((raw) => runRecordSchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));
      },
      ['runs'],
    );
  }

  /**
   * Runs our unfinished jobs own: waiting to be sent, sent or processing. The view marks
   * their pairs as exporting, so a pair waiting out a Retry-After never reads "Eligible".
   */
  ownedRuns(): Promise<RunRecord[]> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const index = tx.objectStore('runs').index('byStatus');
        const raws = [...(await index.getAll('pending')), ...(await index.getAll('sent')), ...(await index.getAll('processing'))];
        return raws.map((raw) => runRecordSchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));
      },
      ['runs'],
    );
  }

  /**
   * The runs of this org+sandbox's jobs created since `since`, raw: read by creation
   * index, then by job, so only recent jobs are read. `withSuccess`: only jobs with a
   * successful run.
   */
  private recentRaw(scope: Scope, since: number, withSuccess: boolean): Promise<unknown[]> {
    const key = scopeKey(scope);
    return this.transaction(
      'readonly',
      async (tx) => {
        const jobs = await tx
          .objectStore('jobs')
          .index('byCreated')
          .getAll(IDBKeyRange.lowerBound([since, '']));
        const ids = jobs.flatMap((raw) => {
          const job = raw as { id?: unknown; scopeKey?: unknown; counts?: { success?: unknown } } | null;
          if (!job || job.scopeKey !== key || typeof job.id !== 'string') return [];
          return !withSuccess || job.counts?.success ? [job.id] : [];
        });
        return (await Promise.all(ids.map((id) => tx.objectStore('runs').index('byJob').getAll(id)))).flat();
      },
      ['jobs', 'runs'],
    );
  }

  /** Runs of this org+sandbox's jobs made since `since` (the queue: pairs the user exported after queueing them). */
  async recentRuns(scope: Scope, since: number): Promise<RunRecord[]> {
    const raws = await this.recentRaw(scope, since, false);
    return raws.map((raw) => runRecordSchema.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));
  }

  /**
   * Platform run ids of our successful runs since `since`: the same-data warning (the runs
   * API does not say which runs are ad-hoc). Read on every view, so unparsed.
   */
  async recentRunIds(scope: Scope, since: number): Promise<Set<string>> {
    const out = new Set<string>();
    for (const raw of await this.recentRaw(scope, since, true)) {
      const run = raw as { status?: unknown; runId?: unknown } | null;
      if (run?.status === 'success' && typeof run.runId === 'string') out.add(run.runId);
    }
    return out;
  }

  /** Jobs a restarted worker must resume (sending, tracking, paused), oldest first. */
  unfinishedJobs(): Promise<JobSummary[]> {
    return this.transaction('readonly', unfinishedJobsIn, ['jobs']);
  }

  /** Newest first, by index; counts come from the job records, so no run is loaded (lib/store/job-queries). */
  listJobs(options: ListJobsOptions): Promise<JobPage> {
    return this.transaction('readonly', (tx) => listJobsIn(tx, options), ['jobs']);
  }

  /**
   * Retention: deletes whole finished jobs (with their runs and requests) older than
   * `days`, then the oldest finished ones while more than `maxRuns` runs are stored.
   * Unfinished jobs are never pruned: a worker may still resume them.
   */
  prune(now: number, limits: RetentionLimits): Promise<{ jobs: number; runs: number }> {
    const cutoff = now - limits.days * DAY;
    return this.transaction('readwrite', async (tx) => {
      const jobs = tx.objectStore('jobs');
      const runs = tx.objectStore('runs');
      let totalRuns = await runs.count();
      let deletedJobs = 0;
      let deletedRuns = 0;
      const candidates: { id: string; createdAt: number }[] = [];
      for (let cursor = await jobs.index('byCreated').openCursor(); cursor; cursor = await cursor.continue()) {
        const record = readRecord(jobSummarySchema, cursor.value, cursor.primaryKey);
        if (!isUnreadable(record) && !FINISHED.has(record.status)) continue;
        candidates.push({ id: String(cursor.primaryKey), createdAt: (cursor.key as [number, string])[0] });
      }
      for (const candidate of candidates) {
        if (candidate.createdAt >= cutoff && totalRuns <= limits.maxRuns) break;
        const removed = await ExportStore.deleteJob(tx, candidate.id);
        totalRuns -= removed;
        deletedRuns += removed;
        deletedJobs += 1;
      }
      return { jobs: deletedJobs, runs: deletedRuns };
    });
  }

  /** Deletes a job with its runs and requests; returns how many runs went. */
  private static async deleteJob(tx: Tx, jobId: string): Promise<number> {
    let removed = 0;
    for (let c = await tx.objectStore('runs').index('byJob').openKeyCursor(jobId); c; c = await c.continue()) {
      await tx.objectStore('runs').delete(c.primaryKey);
      removed += 1;
    }
    for (let c = await tx.objectStore('requests').index('byJob').openKeyCursor(jobId); c; c = await c.continue()) {
      await tx.objectStore('requests').delete(c.primaryKey);
    }
    await tx.objectStore('jobs').delete(jobId);
    return removed;
  }

  /**
   * What the tracking alarm and badge need, from index counts only: nothing is loaded or
   * parsed, and the requests store is left to the engine's writes.
   */
  trackingState(): Promise<{ inFlight: number; unfinishedJobs: number }> {
    return this.transaction(
      'readonly',
      async (tx) => {
        const runs = tx.objectStore('runs').index('byStatus');
        const jobs = tx.objectStore('jobs').index('byStatus');
        const [sent, processing, sending, tracking, paused] = await Promise.all([
          runs.count('sent'),
          runs.count('processing'),
          jobs.count('sending'),
          jobs.count('tracking'),
          jobs.count('paused'),
        ]);
        return { inFlight: sent + processing, unfinishedJobs: sending + tracking + paused };
      },
      ['jobs', 'runs'],
    );
  }

  counts(): Promise<{ jobs: number; runs: number; requests: number; inFlight: number }> {
    return this.transaction('readonly', async (tx) => {
      const runsByStatus = tx.objectStore('runs').index('byStatus');
      return {
        jobs: await tx.objectStore('jobs').count(),
        runs: await tx.objectStore('runs').count(),
        requests: await tx.objectStore('requests').count(),
        inFlight: (await runsByStatus.count('sent')) + (await runsByStatus.count('processing')),
      };
    });
  }

  /** Every raw record, for diagnostics and the test that scans for tokens. */
  dumpAll(): Promise<{ jobs: unknown[]; runs: unknown[]; requests: unknown[] }> {
    return this.transaction('readonly', async (tx) => ({
      jobs: await tx.objectStore('jobs').getAll(),
      runs: await tx.objectStore('runs').getAll(),
      requests: await tx.objectStore('requests').getAll(),
    }));
  }

  clearHistory(): Promise<void> {
    return this.transaction('readwrite', async (tx) => {
      await Promise.all(ALL_STORES.map((name) => tx.objectStore(name).clear()));
    });
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
