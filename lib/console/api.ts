/**
 * What the content UI needs from the background, injected by the entrypoint so
 * everything in lib/console can be tested with a fake.
 */
import type { Locale } from '@/lib/i18n/types';
import type { ErrorInfo, Pair, RuleId, Scope } from '@/lib/model';
import type { PresentedDataflow } from '@/lib/present/view';
import type { PageCss } from './sheets';

export type ViewRoute = { kind: 'browse' } | { kind: 'dataflow'; flowId: string };

export interface ViewResult {
  /** The org and sandbox whose session answered (the confirmation names them); null when none was seen. */
  scope?: Scope | null;
  /** With each dataflow's and audience's badge in the page's language. */
  dataflows: PresentedDataflow[];
  /** Each rule in plain words, in the page's language. */
  reasons: Partial<Record<RuleId, string>>;
  /** Whether the background has seen this console's session (never the token itself). */
  sessionSeen: boolean;
  error?: ErrorInfo;
  /** Why this page cannot be read and what to do, in the page's language (an app frame we cannot read). */
  notice?: string;
}

/** What the confirmation leaves for later: the waiting pairs, and those that would send our last export's data. */
export interface Later {
  queue?: boolean;
  holdSameData?: boolean;
}

export interface StartExportResult {
  jobId: string;
  sent: number;
  skipped: { pair: Pair; rule: RuleId }[];
  /** Pairs left to the background's queue (export when ready). */
  queued?: number;
}

/** A job as the background's store counts it (runs per state). */
export interface JobStatus {
  status: 'sending' | 'tracking' | 'paused' | 'done' | 'cancelled';
  pairCount: number;
  counts: { pending: number; running: number; success: number; failed: number; skipped: number; cancelled: number };
  /** Why it is not moving and until when, in the page's language. */
  wait?: string;
}

/**
 * `sandbox` is the console route's: the background answers with that sandbox's session,
 * so two tabs in two sandboxes never see or send with each other's.
 */
export interface ConsoleApi {
  /** The page's strings in one locale (lib/i18n/page-strings.ts). */
  strings(locale: Locale): Promise<Record<string, string>>;
  /** Our shadow roots' CSS (lib/console/styles.ts). */
  styles(): Promise<PageCss>;
  /** `frames`: the shell page's app frame (its `src`), for the background to tell whether we can read it. */
  getView(route: ViewRoute, sandbox: string, locale: Locale, frames: string[]): Promise<ViewResult>;
  /** `scope`: the org and sandbox of the view the user saw; the background refuses another than the tab's own. */
  startExport(pairs: Pair[], sandbox: string, scope?: Scope, later?: Later): Promise<StartExportResult>;
  /** Sends a job's failed runs again, as a new job (the background re-checks each). */
  retry(jobId: string): Promise<{ jobId: string }>;
  /** The job's progress as stored; null when it is gone (history cleared). */
  jobStatus(jobId: string, locale: Locale): Promise<JobStatus | null>;
  /** The background says runs started or ended: re-fetch the view. Returns an unsubscribe. */
  onViewChanged(cb: () => void): () => void;
  /** Each recognised table's fingerprint in this frame, for the diagnostics (computed on demand by the background). */
  tableLines(): Promise<string[]>;
  /** Open the popup's history (at one job when given). */
  openHistory(jobId?: string): void;
  /** Open the eligibility report of a view, for this tab's org and sandbox. */
  openReport(route: ViewRoute, sandbox: string, locale: Locale): void;
}

export interface ConsoleUiOptions {
  api: ConsoleApi;
  /** The frame the UI runs in; defaults to the global window. */
  window?: Window;
  /** Clock, for tests. */
  now?: () => number;
}

export interface ConsoleUi {
  destroy(): void;
}
