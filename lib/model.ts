/**
 * The domain, as every part of the extension sees it once data has crossed a
 * boundary (API response, stored record, message). Pure types; the zod schemas in
 * lib/platform turn raw API bodies into these. All times are epoch milliseconds UTC.
 */

export type Millis = number;

export type Frequency = 'ONCE' | 'DAILY' | 'EVERY_3_HOURS' | 'EVERY_6_HOURS' | 'EVERY_8_HOURS' | 'EVERY_12_HOURS';
export type TriggerType = 'SCHEDULED' | 'AFTER_SEGMENT_EVAL';

export interface Schedule {
  frequency: Frequency | (string & {});
  triggerType?: TriggerType | (string & {});
  /** `YYYY-MM-DD`, a UTC day. */
  startDate?: string;
  /** `YYYY-MM-DD`, a UTC day; absent = no end. */
  endDate?: string;
  /** `HH:MM` UTC. */
  startTime?: string;
}

/** An audience as mapped on one dataflow (a segment selector). */
export interface MappedAudience {
  id: string;
  name: string;
  exportMode?: string;
  schedule?: Schedule;
  /** When the audience was first activated on this dataflow. */
  createdAt?: Millis;
  updatedAt?: Millis;
}

export interface Dataflow {
  id: string;
  name: string;
  /** `enabled` | `disabled` as the API says it. */
  state: string;
  flowSpecId?: string;
  isDestinationFlow: boolean;
  audiences: MappedAudience[];
  sandboxName?: string;
  lastRun?: { id: string; state: string; startedAt?: Millis };
}

export type RunStatus = 'success' | 'failed' | 'processing' | 'waiting' | 'cancelled' | 'unknown';

export interface Run {
  id: string;
  flowId: string;
  createdAt: Millis;
  startedAt?: Millis;
  completedAt?: Millis;
  /** Lower-cased from the API's varying spellings. */
  status: RunStatus;
  /** Audience ids named by the run's entity summaries (`segment:<id>` stripped). Empty = dataflow-level. */
  audienceIds: string[];
  recordCount?: number;
  fileCount?: number;
  errors: { code?: string; message: string }[];
}

/** From the audiences bulk-get (Segmentation Service). */
export interface AudienceRecord {
  id: string;
  name?: string;
  mergePolicyId?: string;
  createdAt?: Millis;
  updatedAt?: Millis;
  originName?: string;
}

export interface MergePolicyRecord {
  id: string;
  name?: string;
  updatedAt?: Millis;
  version?: number;
}

/** One (dataflow, audience) pair: the unit of an ad-hoc export. */
export interface Pair {
  flowId: string;
  audienceId: string;
}

/** Every guardrail of platform-api.md, named. Strings for the rules live in lib/i18n/catalog/eligibility. */
export type RuleId =
  | 'notBatchFile'
  | 'dataflowDisabled'
  | 'notMapped'
  | 'scheduleEnded'
  | 'scheduleNotStarted'
  | 'activatedUnderOneHour'
  | 'mergePolicyChanged'
  | 'audienceRecentlyUpdated'
  | 'scheduledExportProcessing'
  | 'adhocRunInProgress'
  /** A warning: exporting again sends the same scheduled snapshot as our last export. */
  | 'sameData';

export type Verdict =
  | { kind: 'eligible'; warnings: RuleId[] }
  /** `until` is null when the end cannot be known (a run still processing). */
  | { kind: 'wait'; rule: RuleId; until: Millis | null; warnings: RuleId[] }
  /** `at`: the day the block began, where the rule has one (the schedule's end day). */
  | { kind: 'blocked'; rule: RuleId; warnings: RuleId[]; at?: Millis };

/** Which org+sandbox a session, a view or a job belongs to. */
export interface Scope {
  orgId: string;
  sandbox: string;
}

/** What the page and the popup are shown for one dataflow. */
export interface DataflowView {
  id: string;
  name: string;
  state: string;
  /** Dataflow-level verdict: not a batch file flow, disabled... ; eligible when its audiences decide. */
  verdict: Verdict;
  audiences: AudienceView[];
  /** A scheduled export of the whole dataflow is processing (Browse badge warning). */
  processing: boolean;
}

export interface AudienceView {
  id: string;
  name: string;
  verdict: Verdict;
  /** Set while one of our own ad-hoc runs for this pair is in flight. */
  running?: boolean;
  /** With the `sameData` warning: when our export ran, and when the next scheduled one starts (null: unknown). */
  sameData?: { exportedAt: Millis; next: Millis | null };
}

/** The console session's headers, as captured or typed in. Lives only in storage.session. */
export interface Credentials {
  /** Full header value, `Bearer …`. */
  authorization: string;
  apiKey: string;
  /** `…@AdobeOrg` */
  orgId: string;
  sandbox: string;
  /** When the console was last seen sending these. */
  seenAt: Millis;
  source: 'console' | 'manual';
  /** Set when the API answered 401 with these. */
  stale?: boolean;
  /**
   * The Platform origin these were captured from or typed in for. The session store
   * always sets it and only answers credentials of the configured origin.
   */
  origin?: string;
}

/** Why something failed, in a form the UI can explain (lib/i18n/catalog/errors). */
export type ErrorKind =
  | 'auth'
  | 'forbidden'
  | 'notFound'
  | 'alreadyRunning'
  | 'outOfSchedule'
  | 'tooManyAudiences'
  | 'badRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'refused'
  | 'quota'
  | 'unknown';

/** A failure as it may be stored and shown: never carries a credential. */
export interface ErrorInfo {
  kind: ErrorKind;
  /** The server's or our own text, trimmed; safe to show as text. */
  message: string;
  status?: number;
}

// ---- What the background stores (lib/store) and the popup shows ----

export type JobStatus = 'sending' | 'tracking' | 'paused' | 'done' | 'cancelled';

/** One click on Export now. */
export interface JobRecord {
  id: string;
  scope: Scope;
  createdAt: Millis;
  updatedAt: Millis;
  status: JobStatus;
  /** Why a paused job waits (e.g. auth: refresh the console). */
  pauseReason?: ErrorInfo;
  dataflows: { id: string; name: string }[];
  /** Pairs the user asked for, including the skipped ones. */
  pairCount: number;
  /** The job whose failed runs this one sends again (a cancel gives them back to that job's retry). */
  retryOf?: string;
}

export type RequestStatus = 'pending' | 'sending' | 'answered' | 'unknown' | 'failed' | 'cancelled';

/** One POST of at most 80 pairs. `sending` with no answer after a restart = `unknown`: reconcile, never resend blindly. */
export interface RequestRecord {
  id: string;
  jobId: string;
  index: number;
  pairs: Pair[];
  status: RequestStatus;
  attempts: number;
  sentAt?: Millis;
  answeredAt?: Millis;
  error?: ErrorInfo;
  /**
   * A 429's Retry-After, kept with the pending request so any worker (a restarted one too)
   * waits it out before claiming it again. Cleared by the claim.
   */
  notBefore?: Millis;
}

export type RunRecordStatus = 'pending' | 'skipped' | 'sent' | 'processing' | 'success' | 'failed' | 'cancelled';

/** One dataflow x audience of a job, tracked to its end. */
export interface RunRecord {
  /** `${jobId}|${flowId}|${audienceId}` */
  id: string;
  jobId: string;
  scope: Scope;
  flowId: string;
  audienceId: string;
  dataflowName: string;
  audienceName: string;
  status: RunRecordStatus;
  requestId?: string;
  runId?: string;
  statusURL?: string;
  recordCount?: number;
  fileCount?: number;
  /** For skipped: the rule that kept it out. */
  skipRule?: RuleId;
  error?: ErrorInfo;
  /** Id of the job a retry sent this run's pair again in: this run is dealt with, not offered again. */
  retriedIn?: string;
  createdAt: Millis;
  updatedAt: Millis;
}
