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
  | 'adhocRunInProgress';

export type Verdict =
  | { kind: 'eligible'; warnings: RuleId[] }
  /** `until` is null when the end cannot be known (a run still processing). */
  | { kind: 'wait'; rule: RuleId; until: Millis | null; warnings: RuleId[] }
  | { kind: 'blocked'; rule: RuleId; warnings: RuleId[] };

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
}
