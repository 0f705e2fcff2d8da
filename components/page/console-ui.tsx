/**
 * The content UI for one frame: follows the route, fetches the view, badges the
 * recognised tables, places the bulk controls and the floating panel, and removes
 * everything it added when the route changes. Everything talks to the background
 * through the injected ConsoleApi.
 */
import { render } from 'preact';
import type { ErrorInfo } from '@/lib/model';
import { consoleLocale as getLocale, loadConsoleStrings, pageLocale, setConsoleLocale, t } from '@/lib/console/i18n';
import { BulkControl } from './BulkControl';
import { ConfirmDialog } from './ConfirmDialog';
import { Panel } from './Panel';
import type { ConsoleUi, ConsoleUiOptions, ViewResult, ViewRoute } from '@/lib/console/api';
import { eligibleAudiences, nextBoundary } from '@/lib/present/tone';
import type { PresentedDataflow } from '@/lib/present/view';
import { groupByRule, planAudiences, planDataflows, type ExportPlan } from '@/lib/console/plan';
import { activeTab, parseRoute, sameRoute, type PageRoute } from '@/lib/console/routes';
import { OUR_ATTR } from '@/lib/console/selectors';
import { createStore, flowsInScope, type JobProgress, type UiActions, type UiState } from '@/lib/console/store';
import { CommandError, errorText } from '@/lib/messages/errors';
import { UI_CSS, applyCss } from '@/lib/console/styles';
import { tableFingerprint } from '@/lib/console/fingerprint';
import { nameIndex, outermostContainer, type TableKind } from '@/lib/console/tables';
import { watchTables, type RowContext, type TableInfo } from '@/lib/console/watcher';

const MAX_TIMER = 2 ** 31 - 1;

/** The background answers failures as ErrorInfo (already redacted); anything else is ours. */
const errorInfoOf = (err: unknown): ErrorInfo => (err instanceof CommandError ? err.info : { kind: 'unknown', message: errorText(err) });
const ROUTE_POLL_MS = 1000;
const FRAME_MESSAGE = 'bulk-export-now:frame-route';
/** A parent whose script started late asks its frames to announce again. */
const FRAME_QUERY = 'bulk-export-now:frame-query';

function mountShadow(doc: Document, kind: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('div');
  host.setAttribute(OUR_ATTR, kind);
  const root = host.attachShadow({ mode: 'open' });
  applyCss(root, UI_CSS);
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
  let fetchSeq = 0;
  let fetching = false;
  let refetchPending = false;
  let boundaryTimer: ReturnType<typeof setTimeout> | null = null;
  let panel: { host: HTMLElement; root: ShadowRoot } | null = null;
  const controls = new Map<Element, { host: HTMLElement; root: ShadowRoot; container?: Element }>();
  let destroyed = false;

  /** The last views this frame was shown, by route: a revisit badges its rows at once, then refreshes. */
  const lastViews = new Map<string, ViewResult>();
  const viewRoute = (route: PageRoute): ViewRoute =>
    route.kind === 'browse' ? { kind: 'browse' } : { kind: 'dataflow', flowId: route.flowId };

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
    const at = now();
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
    pageChanged: checkRoute,
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
    const byLowerId = new Map(flowsInScope(store.get()).flatMap((f) => (store.get().route?.kind === 'browse' ? [f] : f.audiences)).map((x) => [x.id.toLowerCase(), x.id]));
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

  function scheduleBoundary(): void {
    if (boundaryTimer !== null) clearTimeout(boundaryTimer);
    boundaryTimer = null;
    const next = nextBoundary(store.get().view?.dataflows ?? [], now());
    if (next === null) return;
    // One timer for the nearest boundary; a little after it, so the background agrees.
    boundaryTimer = setTimeout(() => {
      boundaryTimer = null;
      void refresh();
    }, Math.min(MAX_TIMER, Math.max(0, next - now()) + 1000));
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

  /**
   * In the Unified Shell's own page, the frame the Platform app most likely runs in (the
   * largest): the background tells whether it can read it, and if not, what to do.
   */
  function appFrames(): string[] {
    if (win.parent !== win) return [];
    let best: HTMLIFrameElement | undefined;
    let area = 0;
    for (const frame of doc.querySelectorAll('iframe')) {
      const box = frame.getBoundingClientRect();
      if (box.width * box.height > area) [best, area] = [frame, box.width * box.height];
    }
    return best?.src ? [best.src] : [];
  }

  async function refresh(): Promise<void> {
    const route = store.get().route;
    if (!route || destroyed) return;
    if (fetching) {
      refetchPending = true;
      return;
    }
    fetching = true;
    const seq = ++fetchSeq;
    try {
      const view = await api.getView(viewRoute(route), route.sandbox, getLocale(), appFrames());
      if (seq !== fetchSeq || destroyed) return;
      if (!view.error) {
        lastViews.set(JSON.stringify(route), view);
        // A few routes are enough for going back and forth; a view can hold a thousand audiences.
        if (lastViews.size > 8) lastViews.delete(lastViews.keys().next().value!);
      }
      void updateJob();
      // Most refreshes (and the one after a remembered view) change nothing: badges stay as they are.
      if (JSON.stringify(view) !== JSON.stringify(store.get().view)) {
        store.set({ view, lastError: view.error ?? store.get().lastError });
        // The console's selection is kept as ids of the view's records: map it again.
        if (consoleIds) followConsoleSelection(consoleIds);
        invalidate();
      }
      scheduleBoundary();
    } catch (err) {
      if (seq !== fetchSeq || destroyed) return;
      store.set({ lastError: { kind: 'unknown', message: errorText(err) } });
    } finally {
      if (seq === fetchSeq) fetching = false;
      if (refetchPending && seq === fetchSeq) {
        refetchPending = false;
        void refresh();
      }
    }
  }

  /** What "all eligible" means here: dataflows with an eligible audience on Browse, audiences on a dataflow. */
  function eligibleIds(state: UiState): string[] {
    const flows = flowsInScope(state);
    return state.route?.kind === 'browse'
      ? flows.filter((f) => eligibleAudiences(f).length > 0).map((f) => f.id)
      : flows.flatMap((f) => eligibleAudiences(f).map((a) => a.id));
  }

  function planOf(ids: ReadonlySet<string>): ExportPlan {
    const state = store.get();
    const flows = flowsInScope(state);
    if (state.route?.kind === 'browse') return planDataflows(flows, ids);
    const flow = flows[0];
    return flow ? planAudiences(flow, ids) : { pairs: [], skipped: [] };
  }

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
    planSelection: () => planOf(store.get().selection),
    planAllEligible: () => planOf(new Set(eligibleIds(store.get()))),
    eligibleCount: () => eligibleIds(store.get()).length,
    askConfirm(plan, opener) {
      confirmOpener = opener;
      store.set({ confirm: plan });
    },
    answerConfirm(yes) {
      const plan = store.get().confirm;
      store.set({ confirm: null });
      // Focus goes back where the user was before the dialog they opened.
      confirmOpener?.focus();
      if (yes && plan) void actions.runExport(plan);
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
      if (plan.pairs.length === 0 || !route) return;
      const skipped = groupByRule(plan.skipped);
      const job: JobProgress = { status: 'sending', pairs: plan.pairs, sent: 0, success: 0, failed: 0, skipped };
      store.set({ job });
      try {
        // The org and sandbox the user saw (and the dialog named): the background checks they are this tab's.
        const result = await api.startExport(plan.pairs, route.sandbox, store.get().view?.scope ?? undefined);
        store.set({
          // The console's own selection is the console's to clear.
          ...(!store.get().consoleSelection && { selection: new Set<string>() }),
          job: { ...job, status: 'running', jobId: result.jobId, sent: result.sent, skipped: groupByRule([...plan.skipped, ...result.skipped]) },
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
    diagnosticsText() {
      const state = store.get();
      const counts = watcher.counts();
      const err = state.lastError;
      // Never a credential: the view result only says whether a session was seen.
      return [
        `${t('app.name')} diagnostics`,
        `route: ${state.route ? state.route.kind : 'none'}`,
        `tab: ${state.tab ?? 'none'}`,
        `tables: ${counts.tables}`,
        `rows: ${counts.rows}`,
        `rows badged: ${counts.badged}`,
        ...[...watcher.tables()].flatMap(([table, info], i) => tableFingerprint(table, info, i + 1)),
        `dataflows: ${state.view?.dataflows.length ?? 'no view'}`,
        `session seen: ${state.view ? state.view.sessionSeen : 'unknown'}`,
        `API error: ${err ? `${err.kind}${err.status ? ` ${err.status}` : ''} ${err.message}` : 'none'}`,
        `locale: ${getLocale()}`,
        `UA: ${win.navigator.userAgent}`,
      ].join('\n');
    },
  };

  // In the Unified Shell the page may render in an iframe while the shell's own URL
  // also names the route: a frame that shows the page tells its parent, and a parent
  // with such a child hides its own launcher, so there is only one. Nothing is said on
  // pagehide: the parent would drop it (its source is null after a navigation, and a
  // removed frame is no longer one of the parent's), and Firefox cancels a closing or
  // navigated page's script at that call ("Script terminated by timeout").
  const activeChildren = new Set<unknown>();
  // A child that left (navigated away, removed) cannot say so: children answer a query on
  // each route poll, and one that missed a round stops hiding the launcher.
  let answered = new Set<unknown>();
  function sweepChildren(): void {
    if (activeChildren.size === 0) return;
    for (const child of activeChildren) if (!answered.has(child)) activeChildren.delete(child);
    answered = new Set();
    syncPanelVisibility();
    askFrames();
  }
  function announce(active: boolean): void {
    if (win.parent && win.parent !== win) {
      try {
        // To the console's own origin only: a frame of another site learns nothing.
        win.parent.postMessage({ type: FRAME_MESSAGE, active }, win.location.origin);
      } catch {
        // A parent we cannot reach has no launcher of ours to hide.
      }
    }
  }
  function syncPanelVisibility(): void {
    if (panel) panel.host.style.display = activeChildren.size > 0 ? 'none' : '';
  }
  function askFrames(): void {
    for (let i = 0; i < win.frames.length; i++) {
      try {
        win.frames[i]?.postMessage({ type: FRAME_QUERY }, win.location.origin);
      } catch {
        // A frame that went away meanwhile has nothing to say.
      }
    }
  }
  /** One of this page's own frames: a third-party frame in the shell cannot hide our launcher. */
  function isOwnFrame(source: MessageEventSource | null): boolean {
    for (let i = 0; i < win.frames.length; i++) if (win.frames[i] === source) return true;
    return false;
  }
  function onMessage(event: MessageEvent): void {
    // The console's frames share its origin; anything else is not ours to listen to.
    if (event.origin !== win.location.origin) return;
    const data = event.data as { type?: unknown; active?: unknown } | null;
    if (data && data.type === FRAME_QUERY && event.source === win.parent && win.parent !== win) {
      if (store.get().route) announce(true);
      return;
    }
    if (!data || data.type !== FRAME_MESSAGE || !isOwnFrame(event.source)) return;
    if (data.active === true) {
      activeChildren.add(event.source);
      answered.add(event.source);
    } else activeChildren.delete(event.source);
    syncPanelVisibility();
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
    fetchSeq++;
    fetching = false;
    refetchPending = false;
    if (boundaryTimer !== null) clearTimeout(boundaryTimer);
    boundaryTimer = null;
    watcher.stop();
    for (const control of controls.values()) {
      render(null, control.root);
      control.host.remove();
    }
    controls.clear();
    if (panel) {
      render(null, panel.root);
      panel.host.remove();
      panel = null;
    }
    // Anything of ours left behind (e.g. by a console re-render we did not see).
    for (const el of doc.querySelectorAll(`[${OUR_ATTR}]`)) el.remove();
    context = null;
    // Moving between two Destinations routes: the parent must not show its launcher in between.
    if (leaving) announce(false);
  }

  function activate(route: PageRoute): void {
    const view = lastViews.get(JSON.stringify(route)) ?? null;
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
    // Not once the route changed again or a refresh already ran (both move fetchSeq).
    const seq = fetchSeq;
    win.setTimeout(() => seq === fetchSeq && refresh(), 500);
  }

  let lastHref = '';
  function checkRoute(tabChanged: boolean | Event = true): void {
    if (destroyed || !stringsReady) return;
    if (panel && !panel.host.isConnected) doc.body.appendChild(panel.host);
    // Cheap check first: mutations call this often, and most do not change the URL.
    const href = win.location.href;
    if (href === lastHref && tabChanged === false) return;
    lastHref = href;
    const route = parseRoute(win.location.href);
    const current = store.get().route;
    if (sameRoute(route, current)) {
      const tab = route && tabChanged !== false ? activeTab(doc) : store.get().tab;
      if (tab !== store.get().tab) store.set({ tab });
      return;
    }
    deactivate(!route);
    if (route) activate(route);
    else store.set({ route: null, view: null, selection: new Set(), consoleSelection: false, confirm: null, panelOpen: false, job: null, tab: null });
  }

  const unsubscribe = api.onViewChanged(() => void refresh());
  // One signal takes every listener off again.
  const off = new AbortController();
  const listen = { signal: off.signal };
  win.addEventListener('hashchange', checkRoute, listen);
  win.addEventListener('popstate', checkRoute, listen);
  win.addEventListener('message', onMessage, listen);
  // pushState/replaceState fire no event, and a quiet page makes no mutation: a cheap poll.
  const poll = win.setInterval(() => {
    checkRoute(false);
    sweepChildren();
  }, ROUTE_POLL_MS);
  // Nothing is shown before the page's strings have come from the background (they are not
  // bundled); a worker that is starting up gets a few tries.
  let stringsReady = false;
  void (async () => {
    const locale = pageLocale(doc);
    for (let attempt = 0; !destroyed; attempt++) {
      try {
        loadConsoleStrings(locale, await api.strings(locale));
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
      win.clearInterval(poll);
      off.abort();
    },
  };
}
