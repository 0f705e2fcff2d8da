/** A tiny observable state shared by the badges, the bulk controls and the panel. */
import type { ErrorInfo, Pair, RuleId } from '@/lib/model';
import type { PresentedDataflow } from '@/lib/present/view';
import type { Later, ViewResult } from './api';
import type { ExportPlan } from './plan';
import type { DetailTab, PageRoute } from './routes';

export interface JobProgress {
  /** `failed`: the export did not start (`error` says why). `queued`: nothing went now, all was queued. */
  status: 'sending' | 'running' | 'done' | 'failed' | 'queued';
  jobId?: string;
  pairs: Pair[];
  sent: number;
  /** Runs of the job that succeeded and failed, as the background's store counts them. */
  success: number;
  failed: number;
  skipped: { rule: RuleId; count: number }[];
  error?: ErrorInfo;
  /** Why a running job is not moving and until when (the background's words). */
  wait?: string;
  /** Pairs the background queued to export when they become eligible. */
  queued?: number;
}

export interface UiState {
  route: PageRoute | null;
  tab: DetailTab | null;
  view: ViewResult | null;
  lastError: ErrorInfo | null;
  /** Audience ids on a dataflow page, dataflow ids on the Browse list. */
  selection: ReadonlySet<string>;
  /** The selection is the console's own (its checkbox column), read from the table: ours is not offered. */
  consoleSelection: boolean;
  /** The plan waiting for the user's confirmation (the modal dialog), if any. */
  confirm: ExportPlan | null;
  /** The floating panel is open (from its launcher or the bar's button). */
  panelOpen: boolean;
  /** A bulk bar is above a table in this frame: the panel opens from there, no floating launcher. */
  barShown: boolean;
  job: JobProgress | null;
}

export interface UiActions {
  toggle(id: string, on: boolean): void;
  selectAllEligible(): void;
  clearSelection(): void;
  /** The plan for the current selection (audiences, or every audience of the selected dataflows). */
  planSelection(): ExportPlan;
  /** The plan for every eligible audience in view (tables whose selection is the console's). */
  planAllEligible(): ExportPlan;
  /** How many dataflows (Browse) or audiences (a dataflow) "all eligible" would take. */
  eligibleCount(): number;
  /** Shows the confirmation of `plan`; focus returns to `opener` when it closes. */
  askConfirm(plan: ExportPlan, opener: HTMLElement): void;
  /** Closes the confirmation; `yes` starts the export. */
  answerConfirm(yes: boolean, later?: Later): void;
  /** Opens or closes the panel; focus returns to `opener` on close. */
  togglePanel(open: boolean, opener?: HTMLElement): void;
  runExport(plan: ExportPlan): Promise<void>;
  /** Sends the failed runs of the page's last job again (a new job, re-checked by the background). */
  retryFailed(): Promise<void>;
  openHistory(jobId?: string): void;
  /** Opens the eligibility report of this view in a tab of ours (report.html). */
  openReport(): void;
  diagnosticsText(): Promise<string>;
  now(): number;
}

export interface Store<T> {
  get(): T;
  set(patch: Partial<T>): void;
  subscribe(listener: (state: T) => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<(state: T) => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const l of [...listeners]) l(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The dataflows the current route is about (one on a detail page, all on Browse). */
export function flowsInScope(state: UiState): PresentedDataflow[] {
  const flows = state.view?.dataflows ?? [];
  if (state.route?.kind === 'dataflow') {
    const id = state.route.flowId;
    return flows.filter((f) => f.id.toLowerCase() === id);
  }
  return flows;
}
