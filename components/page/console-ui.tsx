/**
 * The content UI for one frame: on each route (route.ts) with its view (view-loader.ts),
 * badges the recognised tables, places the bulk controls and the floating panel (hidden
 * while one of its frames shows the page: frames.ts), follows the job it started, and
 * removes everything it added when the route changes. Everything talks to the background
 * through the injected ConsoleApi.
 *
 * Just over 400 lines: what is left here is the actions the controls call, which share the
 * page's one store and the job they follow; routing, frames and view loading are modules.
 */
import { render } from 'preact';
import type { ErrorInfo } from '@/lib/model';
import { pairKey } from '@/lib/pairs';
import { consoleLocale as getLocale, loadConsoleStrings, pageLocale, setConsoleLocale, t } from '@/lib/console/i18n';
import { BulkControl } from './BulkControl';
import { ConfirmDialog } from './ConfirmDialog';
import { Panel } from './Panel';
import type { ConsoleUi, ConsoleUiOptions } from '@/lib/console/api';
import type { PresentedDataflow } from '@/lib/present/view';
import { eligibleIds, groupByRule, planOf } from '@/lib/console/plan';
import { activeTab, sameRoute, type PageRoute } from '@/lib/console/routes';
import { OUR_ATTR } from '@/lib/console/selectors';
import { createStore, flowsInScope, type JobProgress, type UiActions, type UiState } from '@/lib/console/store';
import { CommandError, errorText } from '@/lib/messages/errors';
import { applyCss, loadPageCss, pageCss } from '@/lib/console/sheets';
import { diagnosticsText } from '@/lib/console/fingerprint';
import { nameIndex, outermostContainer, type TableKind } from '@/lib/console/tables';
import { watchTables, type RowContext, type TableInfo } from '@/lib/console/watcher';
import { watchFrames } from './frames';
import { watchRoute } from './route';
import { loadViews, viewRoute } from './view-loader';

/** The background answers failures as ErrorInfo (already redacted); anything else is ours. */
const errorInfoOf = (err: unknown): ErrorInfo => (err instanceof CommandError ? err.info : { kind: 'unknown', message: errorText(err) });

function mountShadow(doc: Document, kind: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('div');
  host.setAttribute(OUR_ATTR, kind);
  const root = host.attachShadow({ mode: 'open' });
  applyCss(root, pageCss().ui);
  return { host, root };
}

export function startConsoleUi(options: ConsoleUiOptions): ConsoleUi {
  const win = options.window ?? window;
  const doc = win.document;
  const api = options.api;
  const now = options.now ?? (() => Date.now());

  const store = createStore<UiState>({
    route: null,
    tab: null,
    view: null,
    lastError: null,
    selection: new Set(),
    consoleSelection: false,
    confirm: null,
    panelOpen: false,
    barShown: false,
    job: null,
  });

  let version = 0;
  let context: RowContext | null = null;
  let panel: { host: HTMLElement; root: ShadowRoot } | null = null;
  const controls = new Map<Element, { host: HTMLElement; root: ShadowRoot; container?: Element }>();
  let destroyed = false;
  // Aborted by destroy(): takes every listener off, stops the route poll and the view loader.
  const off = new AbortController();

  const routeKindOfTable = (kind: TableKind) => (kind === 'browse' ? 'browse' : 'dataflow');

  function buildContext(): RowContext | null {
    const state = store.get();
    if (!state.view || !state.route) return null;
    const flows = flowsInScope(state);
    const byFlow = new Map<string, PresentedDataflow>(flows.map((f) => [f.id.toLowerCase(), f]));
    const audiences = state.route.kind === 'dataflow' ? (flows[0]?.audiences ?? []) : [];
    const byAudience = new Map(audiences.map((a) => [a.id.toLowerCase(), a]));
    const selection = state.selection;
    const routeKind = state.route.kind;
    return {
      version,
      names: nameIndex(audiences.map((a) => ({ ...a, id: a.id.toLowerCase() }))),
      knownAudiences: new Set(byAudience.keys()),
      kind: routeKind === 'browse' ? 'browse' : 'activation',
      ids: [...(routeKind === 'browse' ? byFlow : byAudience).keys()],
      badge(kind, id) {
        if (routeKindOfTable(kind) !== routeKind) return null;
        const browse = kind === 'browse';
        const item = (browse ? byFlow : byAudience).get(id);
        if (!item) return null;
        return {
          model: item.badge,
          selection: {
            checked: selection.has(item.id),
            label: t(browse ? 'console.select.flow' : 'console.select.audience', { name: item.name }),
            onChange: (on) => actions.toggle(item.id, on),
          },
        };
      },
    };
  }

  /** Badges and controls must re-render: new view, selection or time boundary. */
  function invalidate(): void {
    version++;
    context = buildContext();
    watcher.refreshAll();
    watcher.prepare();
  }

  const watcher = watchTables(doc, win, {
    context: () => context,
    tablesChanged: placeControls,
    pageChanged: (tabChanged) => checkRoute(tabChanged),
    consoleSelection: followConsoleSelection,
  });

  /** The console's own checkboxes select: our selection is theirs (ids of the view's records). */
  let consoleIds: ReadonlySet<string> | null = null;
  function followConsoleSelection(ids: ReadonlySet<string> | null): void {
    consoleIds = ids;
    if (ids === null) {
      if (store.get().consoleSelection) store.set({ consoleSelection: false, selection: new Set() });
      return;
    }
    const byLowerId = new Map(
      flowsInScope(store.get())
        .flatMap<{ id: string }>((f) => (store.get().route?.kind === 'browse' ? [f] : f.audiences))
        .map((x) => [x.id.toLowerCase(), x.id]),
    );
    const selection = new Set<string>();
    for (const id of ids) {
      const original = byLowerId.get(id);
      if (original) selection.add(original);
    }
    store.set({ consoleSelection: true, selection });
  }

  function placeControls(tables: ReadonlyMap<Element, TableInfo>): void {
    const route = store.get().route;
    for (const [table, control] of controls) {
      const kind = tables.get(table)?.kind;
      if (!kind || !route || routeKindOfTable(kind) !== route.kind) {
        render(null, control.root);
        control.host.remove();
        controls.delete(table);
      }
    }
    if (route) {
      for (const [table, { kind }] of tables) {
        if (routeKindOfTable(kind) !== route.kind) continue;
        let control = controls.get(table);
        if (!control) {
          control = mountShadow(doc, 'bulk');
          render(<BulkControl store={store} actions={actions} />, control.root);
          controls.set(table, control);
        }
        // Only re-place when the console moved things: this runs after every batch.
        if (control.container && control.host.nextElementSibling === control.container && control.container.contains(table)) continue;
        const container = outermostContainer(table);
        control.container = container;
        if (control.host.nextElementSibling !== container) container.before(control.host);
      }
    }
    // With a bar above the table, the panel opens from there: no launcher over the console's last rows.
    if (store.get().barShown !== controls.size > 0) store.set({ barShown: controls.size > 0 });
  }

  /** The bulk control's progress, from the job's own counts in the background's store. */
  async function updateJob(): Promise<void> {
    const job = store.get().job;
    if (!job || job.status !== 'running' || !job.jobId) return;
    const stored = await api.jobStatus(job.jobId, getLocale()).catch(() => undefined);
    const current = store.get().job;
    if (stored === undefined || current?.jobId !== job.jobId || current.status !== 'running') return;
    if (stored === null) {
      store.set({ job: { ...current, status: 'done' } });
      return;
    }
    const { success, failed } = stored.counts;
    const ended = stored.status === 'done' || stored.status === 'cancelled';
    store.set({ job: { ...current, success, failed, status: ended ? 'done' : 'running', wait: stored.wait } });
  }

  const {
    refresh,
    refreshSoon,
    remembered,
    cancel: cancelViews,
  } = loadViews(
    win,
    api,
    store,
    now,
    off.signal,
    () => !childShowing(),
    (view) => {
      void updateJob();
      // Most refreshes (and the one after a remembered view) change nothing: badges stay as they are.
      const before = store.get().view;
      if (!before || JSON.stringify(view) !== JSON.stringify(before)) {
        store.set({ view, lastError: view.error ?? store.get().lastError });
        // The console's selection is kept as ids of the view's records: map it again.
        if (consoleIds) followConsoleSelection(consoleIds);
        invalidate();
      }
    },
  );

  let panelOpener: HTMLElement | null = null;
  let confirmOpener: HTMLElement | null = null;

  const actions: UiActions = {
    now,
    toggle(id, on) {
      const next = new Set(store.get().selection);
      if (on) next.add(id);
      else next.delete(id);
      store.set({ selection: next });
      invalidate();
    },
    selectAllEligible() {
      const state = store.get();
      store.set({ selection: new Set([...state.selection, ...eligibleIds(state)]) });
      invalidate();
    },
    clearSelection() {
      store.set({ selection: new Set() });
      invalidate();
    },
    planSelection: () => planOf(store.get(), store.get().selection),
    planAllEligible: () => planOf(store.get(), new Set(eligibleIds(store.get()))),
    eligibleCount: () => eligibleIds(store.get()).length,
    askConfirm(plan, opener) {
      confirmOpener = opener;
      store.set({ confirm: plan });
    },
    answerConfirm(yes, later = {}) {
      const plan = store.get().confirm;
      store.set({ confirm: null });
      // Focus goes back where the user was before the dialog they opened.
      confirmOpener?.focus();
      if (yes && plan) void actions.runExport({ ...plan, queue: Boolean(later.queue && plan.waiting.length > 0), holdSameData: Boolean(later.holdSameData) });
    },
    togglePanel(open, opener) {
      if (open) panelOpener = opener ?? null;
      store.set({ panelOpen: open });
      // Focus goes back to whatever opened it (the launcher, or the bar's button).
      if (!open) panelOpener?.focus();
    },
    async runExport(plan) {
      // The job goes out with the session of the sandbox the user is looking at.
      const route = store.get().route;
      // Queued ones go to the background with the rest; it sends what it can and queues the waits.
      const pairs = plan.queue ? [...plan.pairs, ...plan.waiting] : plan.pairs;
      if (pairs.length === 0 || !route) return;
      const waiting = new Set((plan.queue ? plan.waiting : []).map(pairKey));
      const planSkipped = plan.skipped.filter((s) => !waiting.has(pairKey(s.pair)));
      const job: JobProgress = { status: 'sending', pairs, sent: 0, success: 0, failed: 0, skipped: groupByRule(planSkipped) };
      store.set({ job });
      try {
        // The org and sandbox the user saw (and the dialog named): the background checks they are this tab's.
        const result = await api.startExport(pairs, route.sandbox, store.get().view?.scope ?? undefined, {
          queue: plan.queue,
          holdSameData: plan.holdSameData,
        });
        const skipped = groupByRule([...planSkipped, ...result.skipped]);
        const queued = result.queued ?? 0;
        store.set({
          // The console's own selection is the console's to clear.
          ...(!store.get().consoleSelection && { selection: new Set<string>() }),
          job: result.jobId
            ? { ...job, status: 'running', jobId: result.jobId, sent: result.sent, skipped, queued }
            : { ...job, status: 'queued', sent: 0, skipped, queued },
        });
        invalidate();
        await refresh();
      } catch (err) {
        store.set({ job: { ...job, status: 'failed', error: errorInfoOf(err) } });
      }
    },
    async retryFailed() {
      const job = store.get().job;
      if (!job?.jobId) return;
      const retrying: JobProgress = { ...job, status: 'sending', success: 0, failed: 0, skipped: [] };
      store.set({ job: retrying });
      try {
        const { jobId } = await api.retry(job.jobId);
        store.set({ job: { ...retrying, status: 'running', jobId, sent: job.failed } });
        await refresh();
      } catch (err) {
        store.set({ job: { ...retrying, status: 'failed', error: errorInfoOf(err) } });
      }
    },
    openHistory(jobId) {
      api.openHistory(jobId);
    },
    openReport() {
      const route = store.get().route;
      if (route) api.openReport(viewRoute(route), route.sandbox, getLocale());
    },
    // The tables' fingerprints come from the frame itself, through the background (not in this bundle).
    diagnosticsText: async () => {
      const tables = await api.tableLines().catch((err: unknown) => [`table fingerprints: not read (${errorText(err)})`]);
      return diagnosticsText(store.get(), watcher.counts(), tables, win.navigator.userAgent);
    },
  };

  const { childShowing, announce, ask: askFrames, sweep } = watchFrames(win, off.signal, () => !!store.get().route, framesChanged);
  function syncPanelVisibility(): void {
    if (panel) panel.host.style.display = childShowing() ? 'none' : '';
  }
  function framesChanged(): void {
    syncPanelVisibility();
    // The frame that showed the page left it: this page shows it now, and needs its view.
    if (!childShowing() && store.get().route && !store.get().view) void refresh();
  }

  function mountPanel(): void {
    if (panel) return;
    panel = mountShadow(doc, 'panel');
    const clipboard = win.navigator.clipboard;
    // The confirmation lives here too: a host on the body, which no console ancestor clips.
    render(
      <>
        <Panel store={store} actions={actions} order={() => watcher.order()} clipboard={clipboard} />
        <ConfirmDialog store={store} actions={actions} />
      </>,
      panel.root,
    );
    doc.body.appendChild(panel.host);
    syncPanelVisibility();
  }

  function deactivate(leaving = true): void {
    cancelViews();
    watcher.stop();
    for (const control of controls.values()) {
      render(null, control.root);
      control.host.remove();
    }
    controls.clear();
    // Between two Destinations routes the panel stays, its state reset by the next route's
    // store (mounting it again cost every route change a shadow root, its styles and a render).
    if (panel && leaving) {
      render(null, panel.root);
      panel.host.remove();
      panel = null;
    }
    // Anything of ours left behind (e.g. by a console re-render we did not see).
    for (const el of doc.querySelectorAll(`[${OUR_ATTR}]`)) if (el !== panel?.host) el.remove();
    context = null;
    // Moving between two Destinations routes: the parent must not show its launcher in between.
    if (leaving) announce(false);
  }

  function activate(route: PageRoute): void {
    const view = remembered(route);
    store.set({ route, view, selection: new Set(), consoleSelection: false, confirm: null, panelOpen: false, job: null, tab: activeTab(doc) });
    consoleIds = null;
    context = null;
    mountPanel();
    watcher.start();
    announce(true);
    if (!view) return void refresh();
    // Badges from the remembered view now; the background's fresh one once the console
    // has rendered (asking for it would compete with the page for the CPU).
    invalidate();
    refreshSoon();
  }

  /** A new route (or none) replaces everything; on the same one, the console's tab may change. */
  function routeChanged(route: PageRoute | null, tabChanged: boolean): void {
    const current = store.get().route;
    if (sameRoute(route, current)) {
      const tab = route && tabChanged ? activeTab(doc) : store.get().tab;
      if (tab !== store.get().tab) store.set({ tab });
      return;
    }
    deactivate(!route);
    if (route) activate(route);
    else store.set({ route: null, view: null, selection: new Set(), consoleSelection: false, confirm: null, panelOpen: false, job: null, tab: null });
  }

  const checkRoute = watchRoute(
    win,
    off.signal,
    () => {
      if (destroyed || !stringsReady) return false;
      if (panel && !panel.host.isConnected) doc.body.appendChild(panel.host);
      return true;
    },
    routeChanged,
    sweep,
  );
  const unsubscribe = api.onViewChanged(() => void refresh());
  // Nothing is shown before the page's strings have come from the background (they are not
  // bundled); a worker that is starting up gets a few tries.
  let stringsReady = false;
  void (async () => {
    const locale = pageLocale(doc);
    for (let attempt = 0; !destroyed; attempt++) {
      try {
        const [strings, css] = await Promise.all([api.strings(locale), api.styles()]);
        loadConsoleStrings(locale, strings);
        loadPageCss(css);
        break;
      } catch (error) {
        if (attempt === 4) throw error;
        await new Promise((r) => win.setTimeout(r, 250 * 2 ** attempt));
      }
    }
    setConsoleLocale(locale);
    stringsReady = true;
    checkRoute();
    // A frame's script may have started (and announced itself) before this one listened.
    askFrames();
  })();

  return {
    destroy() {
      if (destroyed) return;
      deactivate();
      destroyed = true;
      unsubscribe();
      off.abort();
    },
  };
}
