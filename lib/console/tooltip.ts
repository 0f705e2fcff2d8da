/**
 * One tooltip for all badges, in its own shadow root on <body>: table cells clip and
 * virtualised rows are transformed, so a tooltip inside the cell would be cut off.
 * Built on the first hover/focus; positioned from the badge's box only then (the one
 * layout read we do, on a user gesture, never while badging rows).
 */
import { OUR_ATTR, ROW } from './selectors';
import { applyCss, pageCss } from './sheets';

export type TipSource = (host: Element) => readonly string[] | null;

/** Listens (passively, at the document) for hover and focus on our badges. Returns a remover. */
export function installTooltips(doc: Document, linesOf: TipSource): () => void {
  let host: HTMLElement | null = null;
  let box: HTMLElement | null = null;
  let anchor: Element | null = null;

  const badgeOf = (target: EventTarget | null): Element | null =>
    target instanceof doc.defaultView!.Element && target.getAttribute(OUR_ATTR) === 'badge' ? target : null;
  /** Focus anywhere in a row (the console's link, its grid navigation, our checkbox) shows that row's badge. */
  const rowBadgeOf = (target: EventTarget | null): Element | null =>
    badgeOf(target) ?? (target instanceof doc.defaultView!.Element ? (target.closest(ROW)?.querySelector(`[${OUR_ATTR}="badge"]`) ?? null) : null);

  function show(badge: Element): void {
    const lines = linesOf(badge);
    if (!lines || lines.length === 0) return;
    if (!host || !box) {
      host = doc.createElement('div');
      host.setAttribute(OUR_ATTR, 'tooltip');
      const root = host.attachShadow({ mode: 'open' });
      applyCss(root, pageCss().tip);
      box = doc.createElement('div');
      box.className = 'tip';
      box.setAttribute('role', 'tooltip');
      root.append(box);
    }
    if (!host.isConnected) doc.body.append(host);
    box.replaceChildren(
      ...lines.map((line) => {
        const p = doc.createElement('p');
        p.textContent = line;
        return p;
      }),
    );
    const rect = badge.getBoundingClientRect();
    const view = doc.defaultView!;
    box.style.left = `${Math.max(4, Math.min(rect.left, view.innerWidth - 320))}px`;
    box.style.top = `${rect.bottom + 4}px`;
    box.hidden = false;
    anchor = badge;
  }

  function hide(badge: Element | null): void {
    if (box && (!badge || badge === anchor)) {
      box.hidden = true;
      anchor = null;
    }
  }

  const onOver = (e: Event) => {
    const badge = badgeOf(e.target);
    if (badge && badge !== anchor) show(badge);
  };
  const onOut = (e: Event) => {
    const badge = badgeOf(e.target);
    const to = (e as MouseEvent).relatedTarget ?? null;
    if (badge && !(to instanceof doc.defaultView!.Node && badge.contains(to))) hide(badge);
  };
  const onFocusIn = (e: Event) => {
    const badge = rowBadgeOf(e.target);
    if (badge) show(badge);
  };
  const onFocusOut = (e: Event) => hide(rowBadgeOf(e.target));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && anchor) hide(null);
  };
  // One signal takes every listener off again.
  const off = new AbortController();
  const opts = { capture: true, passive: true, signal: off.signal } as const;
  doc.addEventListener('mouseover', onOver, opts);
  doc.addEventListener('mouseout', onOut, opts);
  doc.addEventListener('focusin', onFocusIn, opts);
  doc.addEventListener('focusout', onFocusOut, opts);
  doc.addEventListener('keydown', onKey, opts);
  return () => {
    off.abort();
    host?.remove();
    host = null;
    box = null;
    anchor = null;
  };
}
