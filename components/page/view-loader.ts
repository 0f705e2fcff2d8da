/**
 * Loading the route's view from the background: one fetch at a time (a refresh asked
 * meanwhile runs once it ends), answers of a left route dropped, the last views kept by
 * route (a revisit badges its rows at once, then refreshes), and one timer for the next
 * time a badge changes by itself (a wait ends).
 */
import type { ConsoleApi, ViewResult, ViewRoute } from '@/lib/console/api';
import { consoleLocale } from '@/lib/console/i18n';
import { appFrameSources } from '@/lib/console/shell';
import type { PageRoute } from '@/lib/console/routes';
import type { Store, UiState } from '@/lib/console/store';
import { errorText } from '@/lib/messages/errors';
import { nextBoundary } from '@/lib/present/tone';

const MAX_TIMER = 2 ** 31 - 1;
/** A few routes are enough for going back and forth; a view can hold a thousand audiences. */
const REMEMBERED_VIEWS = 8;

export const viewRoute = (route: PageRoute): ViewRoute => (route.kind === 'browse' ? { kind: 'browse' } : { kind: 'dataflow', flowId: route.flowId });

export interface ViewLoader {
  /** Asks for the route's view now, or once the request in flight has ended. */
  refresh(): Promise<void>;
  /** A little later, unless the route changed or a refresh ran meanwhile. */
  refreshSoon(): void;
  /** The view last shown on this route, if any. */
  remembered(route: PageRoute): ViewResult | null;
  /** The route was left: nothing in flight or timed is for it any more. */
  cancel(): void;
}

/**
 * For the route in `store` (whose view's wait boundaries set the timer): `loaded` gets each
 * view that came for it; a failure to ask is the store's `lastError`. Nothing is asked while
 * `shown()` is false: in the Unified Shell, the shell's page leaves the view to the frame that
 * shows the page (an enterprise org's view is megabytes the background builds and sends).
 * Stops for good with `signal`.
 */
export function loadViews(
  win: Window,
  api: ConsoleApi,
  store: Store<UiState>,
  now: () => number,
  signal: AbortSignal,
  shown: () => boolean,
  loaded: (view: ViewResult) => void,
): ViewLoader {
  let fetchSeq = 0;
  let fetching = false;
  let refetchPending = false;
  let boundaryTimer: ReturnType<typeof setTimeout> | null = null;
  const lastViews = new Map<string, ViewResult>();

  function clearBoundary(): void {
    if (boundaryTimer !== null) clearTimeout(boundaryTimer);
    boundaryTimer = null;
  }

  function scheduleBoundary(): void {
    clearBoundary();
    const next = nextBoundary(store.get().view?.dataflows ?? [], now());
    if (next === null) return;
    // One timer for the nearest boundary; a little after it, so the background agrees.
    boundaryTimer = setTimeout(
      () => {
        boundaryTimer = null;
        void refresh();
      },
      Math.min(MAX_TIMER, Math.max(0, next - now()) + 1000),
    );
  }

  async function refresh(): Promise<void> {
    const route = store.get().route;
    if (!route || signal.aborted || !shown()) return;
    if (fetching) {
      refetchPending = true;
      return;
    }
    fetching = true;
    const seq = ++fetchSeq;
    try {
      const view = await api.getView(viewRoute(route), route.sandbox, consoleLocale(), appFrameSources(win));
      if (seq !== fetchSeq || signal.aborted) return;
      if (!view.error) {
        lastViews.set(JSON.stringify(route), view);
        if (lastViews.size > REMEMBERED_VIEWS) lastViews.delete(lastViews.keys().next().value!);
      }
      loaded(view);
      scheduleBoundary();
    } catch (err) {
      if (seq !== fetchSeq || signal.aborted) return;
      store.set({ lastError: { kind: 'unknown', message: errorText(err) } });
    } finally {
      if (seq === fetchSeq) fetching = false;
      if (refetchPending && seq === fetchSeq) {
        refetchPending = false;
        void refresh();
      }
    }
  }

  function cancel(): void {
    fetchSeq++;
    fetching = false;
    refetchPending = false;
    clearBoundary();
  }

  return {
    refresh,
    refreshSoon() {
      // Not once the route changed again or a refresh already ran (both move fetchSeq).
      const seq = fetchSeq;
      win.setTimeout(() => seq === fetchSeq && refresh(), 500);
    },
    remembered: (route) => lastViews.get(JSON.stringify(route)) ?? null,
    cancel,
  };
}
