/**
 * zod/mini schemas of the domain records as stored and as sent between contexts, and
 * their types (`z.infer`), which lib/model.ts re-exports. zod/mini so the content script
 * may validate messages without full zod; its modules import these types with
 * `import type`, which costs its bundle nothing.
 */
import * as z from 'zod/mini';

/** Every guardrail of platform-api.md, named. Strings for the rules live in lib/i18n/catalog/eligibility. */
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
  /** A warning: exporting again sends the same scheduled snapshot as our last export. */
  'sameData',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Why something failed, in a form the UI can explain (lib/i18n/catalog/errors). */

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
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const JOB_STATUSES = ['sending', 'tracking', 'paused', 'done', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const REQUEST_STATUSES = ['pending', 'sending', 'answered', 'unknown', 'failed', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const RUN_STATUSES = ['pending', 'skipped', 'sent', 'processing', 'success', 'failed', 'cancelled'] as const;
export type RunRecordStatus = (typeof RUN_STATUSES)[number];

const text = z.string().check(z.minLength(1));
const millis = z.number().check(z.nonnegative());
const count = z.number().check(z.int(), z.nonnegative());

export const ruleIdSchema = z.enum(RULE_IDS);

/** Which org+sandbox a session, a view or a job belongs to. */
export const scopeSchema = z.object({ orgId: text, sandbox: text });
export type Scope = z.infer<typeof scopeSchema>;

/** One (dataflow, audience) pair: the unit of an ad-hoc export. */
export const pairSchema = z.object({ flowId: text, audienceId: text });
export type Pair = z.infer<typeof pairSchema>;

/** A failure as it may be stored and shown: never carries a credential. */
export const errorInfoSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  /** The server's or our own text, trimmed; safe to show as text. */
  message: z.string(),
  status: z.optional(z.number()),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

// ---- What the background stores (lib/store) and the popup shows. All times are epoch milliseconds UTC. ----

/** One click on Export now. */
export const jobRecordSchema = z.object({
  id: text,
  scope: scopeSchema,
  createdAt: millis,
  updatedAt: millis,
  status: z.enum(JOB_STATUSES),
  /** Why a paused job waits (e.g. auth: refresh the console). */
  pauseReason: z.optional(errorInfoSchema),
  dataflows: z.array(z.object({ id: text, name: z.string() })),
  /** Pairs the user asked for, including the skipped ones. */
  pairCount: count,
  /** The job whose failed runs this one sends again (a cancel gives them back to that job's retry). */
  retryOf: z.optional(text),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

/** One POST of at most 80 pairs. `sending` with no answer after a restart = `unknown`: reconcile, never resend blindly. */
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
  /**
   * A 429's Retry-After, kept with the pending request so any worker (a restarted one too)
   * waits it out before claiming it again. Cleared by the claim.
   */
  notBefore: z.optional(millis),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/** One dataflow x audience of a job, tracked to its end. */
export const runRecordSchema = z.object({
  /** `${jobId}|${flowId}|${audienceId}` */
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
  /** For skipped: the rule that kept it out. */
  skipRule: z.optional(ruleIdSchema),
  error: z.optional(errorInfoSchema),
  /** Id of the job a retry sent this run's pair again in: this run is dealt with, not offered again. */
  retriedIn: z.optional(text),
  createdAt: millis,
  updatedAt: millis,
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Per-job run counts, kept on the job in the same transaction as its runs. */
export const jobCountsSchema = z.object({
  pending: count,
  /** sent + processing */
  running: count,
  success: count,
  failed: count,
  skipped: count,
  cancelled: count,
  /** Failed runs already sent again by a retry; absent (records before it) = 0. */
  retried: z.optional(count),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

/** A job as the store keeps and lists it. */
export const jobSummarySchema = z.extend(jobRecordSchema, { scopeKey: text, counts: jobCountsSchema });
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** What a list shows in place of a record that no longer passes its schema. */
export const unreadableSchema = z.object({ unreadable: z.literal(true), id: z.string(), reason: z.string() });
export type UnreadableRecord = z.infer<typeof unreadableSchema>;
