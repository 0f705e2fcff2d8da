/**
 * The shown history as CSV and JSON. Fields are picked one by one (never spread
 * from stored records), so nothing credential-like can ride along, and free text
 * is scrubbed of anything that looks like a token in case a server echoed one.
 */
import type { ErrorInfo, RunRecord } from '@/lib/model';
import type { JobSummary, Maybe, Unreadable } from './types';
import { isUnreadable } from './types';

export interface ExportEntry {
  job: Maybe<JobSummary>;
  runs: readonly Maybe<RunRecord>[];
}

export const CSV_COLUMNS = [
  'jobId',
  'jobCreatedAt',
  'jobStatus',
  'orgId',
  'sandbox',
  'dataflowId',
  'dataflowName',
  'audienceId',
  'audienceName',
  'status',
  'runId',
  'recordCount',
  'fileCount',
  'skipRule',
  'errorKind',
  'errorMessage',
  'updatedAt',
  // Last, so files read by column position before it existed still line up.
  'retriedIn',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type HistoryRow = Record<CsvColumn, string | number | undefined>;

/** Names and error texts go out through the store's one redactor: the same rules as what is stored. */
export { REDACTED, redactSecrets as scrubSecrets } from '@/lib/store/redact';
import { redactSecrets as scrubSecrets } from '@/lib/store/redact';

function iso(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

function errorFields(error: ErrorInfo | undefined): Pick<HistoryRow, 'errorKind' | 'errorMessage'> {
  return { errorKind: error?.kind, errorMessage: error ? scrubSecrets(error.message) : undefined };
}

function emptyRow(): HistoryRow {
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, undefined])) as HistoryRow;
}

function unreadableRow(item: Unreadable, jobId: string | undefined): HistoryRow {
  return { ...emptyRow(), jobId: jobId ?? item.id, runId: jobId ? item.id : undefined, status: 'unreadable', errorMessage: scrubSecrets(item.reason) };
}

/** What both exports say of a run, names scrubbed. */
function runFields(run: RunRecord) {
  return {
    audienceId: run.audienceId,
    audienceName: scrubSecrets(run.audienceName),
    status: run.status,
    runId: run.runId,
    recordCount: run.recordCount,
    fileCount: run.fileCount,
    skipRule: run.skipRule,
    /** The job a retry sent this run's pair again in: tells which failures were dealt with. */
    retriedIn: run.retriedIn,
  };
}

/** One row per run; a job whose runs are unknown or empty still gets one row. */
export function historyRows(entries: readonly ExportEntry[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const { job, runs } of entries) {
    if (isUnreadable(job)) {
      rows.push(unreadableRow(job, undefined));
      continue;
    }
    const jobPart: Partial<HistoryRow> = {
      jobId: job.id,
      jobCreatedAt: iso(job.createdAt),
      jobStatus: job.status,
      orgId: job.scope.orgId,
      sandbox: job.scope.sandbox,
    };
    if (runs.length === 0) {
      rows.push({
        ...emptyRow(),
        ...jobPart,
        dataflowId: job.dataflows.map((d) => d.id).join(' '),
        dataflowName: scrubSecrets(job.dataflows.map((d) => d.name).join(' | ')),
        ...errorFields(job.pauseReason),
        updatedAt: iso(job.updatedAt),
      });
      continue;
    }
    for (const run of runs) {
      if (isUnreadable(run)) {
        rows.push({ ...unreadableRow(run, job.id), ...jobPart });
        continue;
      }
      rows.push({
        ...emptyRow(),
        ...jobPart,
        dataflowId: run.flowId,
        dataflowName: scrubSecrets(run.dataflowName),
        ...runFields(run),
        ...errorFields(run.error),
        updatedAt: iso(run.updatedAt),
      });
    }
  }
  return rows;
}

/** Spreadsheets run cells starting with these as formulas (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Blanks a spreadsheet skips before it looks at a cell's first character (zero-width ones too). */
const LEADING_BLANKS = /^[\s\u200b-\u200d\u2060]+/u;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  // Judged as the spreadsheet will read it: leading blanks skipped, full-width signs as ASCII ('＝1+1').
  if (typeof value === 'string' && FORMULA_START.test(text.normalize('NFKC').replace(LEADING_BLANKS, ''))) text = `'${text}`;
  // ';' too: spreadsheets in Brazilian Portuguese split CSV on it.
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly HistoryRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** JSON keeps the job/run nesting; same picked fields as the CSV. */
export function toJson(entries: readonly ExportEntry[], exportedAt: number): string {
  const jobs = entries.map(({ job, runs }) => {
    if (isUnreadable(job)) return { unreadable: true, id: job.id, reason: scrubSecrets(job.reason) };
    return {
      id: job.id,
      createdAt: iso(job.createdAt),
      updatedAt: iso(job.updatedAt),
      status: job.status,
      scope: { orgId: job.scope.orgId, sandbox: job.scope.sandbox },
      dataflows: job.dataflows.map((d) => ({ id: d.id, name: scrubSecrets(d.name) })),
      pairCount: job.pairCount,
      counts: { ...job.counts },
      pauseReason: job.pauseReason && { kind: job.pauseReason.kind, message: scrubSecrets(job.pauseReason.message) },
      runs: runs.map((run) =>
        isUnreadable(run)
          ? { unreadable: true, id: run.id, reason: scrubSecrets(run.reason) }
          : {
              id: run.id,
              flowId: run.flowId,
              dataflowName: scrubSecrets(run.dataflowName),
              ...runFields(run),
              error: run.error && { kind: run.error.kind, status: run.error.status, message: scrubSecrets(run.error.message) },
              createdAt: iso(run.createdAt),
              updatedAt: iso(run.updatedAt),
            },
      ),
    };
  });
  return `${JSON.stringify({ format: 'bulk-export-now/history', version: 1, exportedAt: iso(exportedAt), jobs }, null, 2)}\n`;
}

export function exportFileName(kind: 'csv' | 'json', now: number): string {
  return `bulk-export-history-${new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${kind}`;
}
