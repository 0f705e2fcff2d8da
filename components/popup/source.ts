/**
 * What the popup needs from the rest of the extension, as a small interface the
 * entrypoint wires to the store and the background (real-source.ts) and tests fake.
 */
import type { ErrorInfo, RunRecord, Scope } from '@/lib/model';
import type { HistoryFilter, JobSummary, Maybe } from '@/lib/history/types';
import type { QueueEntry } from '@/lib/queue/entry';

export type { HistoryFilter, JobSummary, Maybe } from '@/lib/history/types';

export interface SessionInfo extends Scope {
  seenAt: number;
  /** The API answered 401 with this session's token: the console tab needs a refresh. */
  stale?: boolean;
}

export interface JobPage {
  items: Maybe<JobSummary>[];
  /** Cursor of the next page; absent = no more. */
  next?: string;
}

export interface HistorySource {
  /** Newest first. */
  listJobs(q: { cursor?: string; limit: number; filter: HistoryFilter }): Promise<JobPage>;
  runsOfJob(jobId: string): Promise<Maybe<RunRecord>[]>;
  /** The background re-checks eligibility of each run before sending again. */
  retry(jobId: string, runIds: string[]): Promise<{ jobId: string }>;
  cancel(jobId: string): Promise<void>;
  /** Why a job that is sending or paused is not moving, and until when (the background's words), if it says. */
  waitOf?(jobId: string): Promise<string | undefined>;
  sessions(): Promise<SessionInfo[]>;
  /** Calls back when stored history changes; returns the unsubscribe. */
  onChange(cb: () => void): () => void;
  openDataflow(scope: Scope, flowId: string): void;
  /** Opens the console's Destinations page (the fix for "not signed in"). */
  openConsole?(): void;
  frames?: FrameAccess;
  access?: SiteAccess;
  queue?: QueueAccess;
}

/** The export queue (lib/queue): what waits to be sent when it becomes eligible. */
export interface QueueAccess {
  list(): Promise<QueueEntry[]>;
  cancel(target: { queueId: string } | { entryId: string }): Promise<void>;
}

/** The site access the browser may withhold from the extension (lib/access). */
export interface SiteAccess {
  /** Host patterns needed and not granted now. */
  missing(): Promise<string[]>;
  /** Asks the browser for them (call it in the click); false when the user declined. */
  request(origins: string[]): Promise<boolean>;
}

/** Console frames on Adobe hosts the extension cannot read yet (lib/frame-origins). */
export interface FrameAccess {
  /** Origins noticed and not allowed, newest first. */
  noticed(): Promise<string[]>;
  /** Asks the browser for access (call it in the click), then tells the background; false when the user declined. */
  grant(origin: string): Promise<boolean>;
}

/** Error explanation, as lib/platform/errors.ts `explainError` provides it. */
export type Explain = (info: ErrorInfo) => { title: string; action?: string };

/** Side effects the browser does for the popup, injectable for tests. */
export interface PopupEffects {
  copy(text: string): Promise<void>;
  save(fileName: string, mime: string, text: string): void;
  now(): number;
}
