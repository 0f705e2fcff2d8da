/**
 * Following the console's route: the URL read on hashchange, popstate, each mutation
 * batch the watcher reports, and a one-second poll.
 *
 * Our own watching, not WXT's content script context (`ctx`, `wxt:locationchange`,
 * `ctx.setInterval`): the content script is an unlisted script (entrypoints/console),
 * because WXT's context cost about 840 B gzip of the page's 20 kB budget, and it would
 * still poll the URL as we do.
 */
import { parseRoute, type PageRoute } from '@/lib/console/routes';

const ROUTE_POLL_MS = 1000;

/**
 * Calls `changed` with the route of each new URL (and on the events, which may change the
 * console's tab without the URL), once `ready` says so; `poll` after each poll. Returns
 * the check, for the watcher's mutation batches. Everything stops with `signal`.
 */
export function watchRoute(
  win: Window,
  signal: AbortSignal,
  /** False while nothing is to be shown (strings not loaded yet, or destroyed). */
  ready: () => boolean,
  /** `tabChanged`: not the poll, which only looks at the URL. */
  changed: (route: PageRoute | null, tabChanged: boolean) => void,
  poll: () => void,
): (tabChanged?: boolean | Event) => void {
  let lastHref = '';
  function check(tabChanged: boolean | Event = true): void {
    if (!ready()) return;
    // Cheap check first: mutations call this often, and most do not change the URL.
    const href = win.location.href;
    if (href === lastHref && tabChanged === false) return;
    lastHref = href;
    changed(parseRoute(href), tabChanged !== false);
  }
  win.addEventListener('hashchange', check, { signal });
  win.addEventListener('popstate', check, { signal });
  // pushState/replaceState fire no event, and a quiet page makes no mutation: a cheap poll.
  const timer = win.setInterval(() => {
    check(false);
    poll();
  }, ROUTE_POLL_MS);
  signal.addEventListener('abort', () => win.clearInterval(timer));
  return check;
}
