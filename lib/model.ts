/**
 * The domain, as every part of the extension sees it once data has crossed a
 * boundary (API response, stored record, message). Pure types; the zod schemas in
 * lib/platform turn raw API bodies into these. All times are epoch milliseconds UTC.
 *
 * The shapes that are stored or sent between contexts have a zod/mini schema; their
 * types are inferred from it where it lives and re-exported here (type-only: nothing
 * of the schemas reaches a bundle through this module).
 */
export type {
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
} from '@/lib/store/schemas';
export type { AudienceView, DataflowView, Verdict } from '@/lib/messages/view-schemas';

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
