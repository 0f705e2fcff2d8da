/**
 * The history as the popup reads it: pages of jobs and a job's runs, read-only, straight
 * from IndexedDB (architecture.md lets the popup read the store). Not the ExportStore class,
 * whose write paths the popup's size budget would carry for nothing.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { connection } from './connection';
import { DB_NAME, type ExportDB } from './db-schema';
import { toStoreError } from './errors';
import { listJobsIn, runsOfJobIn, type JobPage, type ListJobsOptions } from './job-queries';
import type { Readable } from './readable';
import type { RunRecord } from './schemas';

type ReadTx = IDBPTransaction<ExportDB, StoreNames<ExportDB>[], 'readonly'>;

export interface HistoryReader {
  listJobs(options: ListJobsOptions): Promise<JobPage>;
  runsOfJob(jobId: string): Promise<Readable<RunRecord>[]>;
}

export function historyReader(name: string = DB_NAME): HistoryReader {
  const db = connection(name);
  async function read<T>(stores: StoreNames<ExportDB>[], work: (tx: ReadTx) => Promise<T>): Promise<T> {
    const tx = (await db.get()).transaction(stores, 'readonly') as unknown as ReadTx;
    try {
      return await work(tx);
    } catch (error) {
      throw toStoreError(error, tx.error);
    }
  }
  return {
    listJobs: (options) => read(['jobs'], (tx) => listJobsIn(tx, options)),
    runsOfJob: (jobId) => read(['runs'], (tx) => runsOfJobIn(tx, jobId)),
  };
}
