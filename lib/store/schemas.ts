/**
 * zod/mini schemas of the domain records (lib/model.ts) as stored and as sent between
 * contexts. zod/mini so the content script may validate messages without full zod.
 */
import * as z from 'zod/mini';
import type {
  ErrorInfo,
  ErrorKind,
  JobRecord,
  JobStatus,
  Pair,
  RequestRecord,
  RequestStatus,
  RuleId,
  RunRecord,
  RunRecordStatus,
  Scope,
} from '@/lib/model';

export const RULE_IDS = [
  'notBatchFile',
  'dataflowDisabled',
  'notMapped',
  'scheduleEnded',
  'scheduleNotStarted',
  'activatedUnderOneHour',
  'mergePolicyChanged',
  'audienceRecentlyUpdated',
  'scheduledExportProcessing',
  'adhocRunInProgress',
  'sameData',
] as const satisfies readonly RuleId[];

export const ERROR_KINDS = [
  'auth',
  'forbidden',
  'notFound',
  'alreadyRunning',
  'outOfSchedule',
  'tooManyAudiences',
  'badRequest',
  'server',
  'network',
  'timeout',
  'malformed',
  'refused',
  'quota',
  'unknown',
] as const satisfies readonly ErrorKind[];

export const JOB_STATUSES = ['sending', 'tracking', 'paused', 'done', 'cancelled'] as const satisfies readonly JobStatus[];
export const REQUEST_STATUSES = ['pending', 'sending', 'answered', 'unknown', 'failed', 'cancelled'] as const satisfies readonly RequestStatus[];
export const RUN_STATUSES = ['pending', 'skipped', 'sent', 'processing', 'success', 'failed', 'cancelled'] as const satisfies readonly RunRecordStatus[];

const text = z.string().check(z.minLength(1));
const millis = z.number().check(z.nonnegative());
const count = z.number().check(z.int(), z.nonnegative());

export const ruleIdSchema = z.enum(RULE_IDS);
export const scopeSchema = z.object({ orgId: text, sandbox: text });
export const pairSchema = z.object({ flowId: text, audienceId: text });
export const errorInfoSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  status: z.optional(z.number()),
});

export const jobRecordSchema = z.object({
  id: text,
  scope: scopeSchema,
  createdAt: millis,
  updatedAt: millis,
  status: z.enum(JOB_STATUSES),
  pauseReason: z.optional(errorInfoSchema),
  dataflows: z.array(z.object({ id: text, name: z.string() })),
  pairCount: count,
  retryOf: z.optional(text),
});

export const requestRecordSchema = z.object({
  id: text,
  jobId: text,
  index: count,
  pairs: z.array(pairSchema),
  status: z.enum(REQUEST_STATUSES),
  attempts: count,
  sentAt: z.optional(millis),
  answeredAt: z.optional(millis),
  error: z.optional(errorInfoSchema),
  notBefore: z.optional(millis),
});

export const runRecordSchema = z.object({
  id: text,
  jobId: text,
  scope: scopeSchema,
  flowId: text,
  audienceId: text,
  dataflowName: z.string(),
  audienceName: z.string(),
  status: z.enum(RUN_STATUSES),
  requestId: z.optional(z.string()),
  runId: z.optional(z.string()),
  statusURL: z.optional(z.string()),
  recordCount: z.optional(z.number()),
  fileCount: z.optional(z.number()),
  skipRule: z.optional(ruleIdSchema),
  error: z.optional(errorInfoSchema),
  retriedIn: z.optional(text),
  createdAt: millis,
  updatedAt: millis,
});

/** Per-job run counts, kept on the job in the same transaction as its runs. */
export interface JobCounts {
  pending: number;
  /** sent + processing */
  running: number;
  success: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Failed runs already sent again by a retry; absent (records before it) = 0. */
  retried?: number;
}

export const jobCountsSchema = z.object({
  pending: count,
  running: count,
  success: count,
  failed: count,
  skipped: count,
  cancelled: count,
  retried: z.optional(count),
});

/** A job as the store keeps and lists it. */
export interface JobSummary extends JobRecord {
  scopeKey: string;
  counts: JobCounts;
}

export const jobSummarySchema = z.extend(jobRecordSchema, { scopeKey: text, counts: jobCountsSchema });

/** What a list shows in place of a record that no longer passes its schema. */
export interface UnreadableRecord {
  unreadable: true;
  id: string;
  reason: string;
}

export const unreadableSchema = z.object({ unreadable: z.literal(true), id: z.string(), reason: z.string() });

// The schemas must describe exactly the model's types: a drift fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>() => undefined as unknown as T;
check<Same<z.infer<typeof scopeSchema>, Scope>>();
check<Same<z.infer<typeof pairSchema>, Pair>>();
check<Same<z.infer<typeof errorInfoSchema>, ErrorInfo>>();
check<Same<z.infer<typeof jobRecordSchema>, JobRecord>>();
check<Same<z.infer<typeof requestRecordSchema>, RequestRecord>>();
check<Same<z.infer<typeof runRecordSchema>, RunRecord>>();
check<Same<z.infer<typeof jobSummarySchema>, JobSummary>>();
check<Same<z.infer<typeof jobCountsSchema>, JobCounts>>();
