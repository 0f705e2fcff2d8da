/**
 * Where a badge goes in a name cell, and which of its three forms fits there, so that it
 * is fully visible and never makes a name truncate that the console shows whole.
 *
 * Why: console cells clip their text. React Spectrum's TableView wraps each cell's text in
 * a span with `overflow: hidden; text-overflow: ellipsis; white-space: nowrap`, and the
 * plain tables clip the link itself. Anything put inside the clipping element is cut to
 * "…"; anything put beside it in the same line takes width from the name. So the badge
 * goes right after the outermost clipping element (outside it: nothing of ours is
 * clipped), and takes only the width the name does not need. That width is measured, for
 * every row of a batch at once (one layout read), and the badge is shown:
 * - `full`: icon and words, when the name leaves room for them;
 * - `icon`: the icon alone (20 px), when it leaves room for that;
 * - `mini`: a 12 px mark drawn out of flow in the cell's end padding, taking no width at all.
 * The words are always in the tooltip and the aria-label. The console's nodes are never
 * moved or restyled: only our host's place and form change.
 */
import { OUR_ATTR } from './selectors';

export type BadgeForm = 'full' | 'icon' | 'mini';

/** What one layout read tells about a row whose badge is in its full form. */
export interface FitMeasure {
  /** Width from the anchor's start to the end of the cell's content box: what the name and the badge share. */
  room: number;
  /** Width the anchor needs to show the name whole (meaningful when the name overflows). */
  need: number;
  /** How far the name overflows what clips it, with the full badge in place (0: shown whole). */
  overflow: number;
  /** What any badge costs whatever its width: our margin and any gap the console's layout puts before it. */
  spacing: number;
  /** The cell's end padding, where the mini form is drawn. */
  endPadding: number;
}

/** The icon form's width (CSS in styles.ts); our checkbox and its gap add BOX_WIDTH. */
export const ICON_WIDTH = 20;
export const BOX_WIDTH = 18;
/** The mini mark and its gap: what the end padding must hold (React Spectrum's is 16 px). */
export const MINI_ROOM = 14;

export interface Fit {
  form: BadgeForm;
  /** The mini form's start margin: it takes back the console's gap before it, so it costs the name nothing. */
  miniMargin: number;
}

/** Pure: the largest form that costs the name nothing. `hasBox`: our checkbox is in it. */
export function chooseForm(m: FitMeasure, hasBox: boolean): Fit {
  const miniMargin = Math.min(0, BADGE_MARGIN - m.spacing);
  // Whole beside the full badge. (An anchor that fills its cell, as React Spectrum's does, has
  // no width of its own to compare: whether it overflows is the measure.)
  if (m.overflow <= 0) return { form: 'full', miniMargin };
  // The room the name leaves: negative when it is cut without us too.
  const free = m.room - m.need;
  if (free >= m.spacing + ICON_WIDTH + (hasBox ? BOX_WIDTH : 0)) return { form: 'icon', miniMargin };
  if (m.endPadding >= MINI_ROOM) return { form: 'mini', miniMargin };
  // No end padding to draw in: the icon, at the cost of a little of the name.
  return { form: 'icon', miniMargin };
}

/** The element that shows the name: the cell's link, else the deepest element holding all its text. */
export function nameElement(cell: Element): Element {
  const link = cell.querySelector('a[href]');
  if (link) return link;
  const text = cell.textContent ?? '';
  let el = cell;
  for (;;) {
    let next: Element | null = null;
    for (const child of el.children) {
      if (child.hasAttribute(OUR_ATTR)) continue;
      if ((child.textContent ?? '') === text) next = child;
    }
    if (!next) return el;
    el = next;
  }
}

/**
 * How many steps up from the name element the badge's anchor is: the outermost ancestor
 * below the cell that clips (computed overflow-x other than visible), else the name element
 * itself. Reads computed style, so the watcher asks once per table and reuses the answer.
 */
export function anchorDepth(cell: Element, view: Window): number {
  let el = nameElement(cell);
  let depth = 0;
  let best = 0;
  while (el !== cell && el.parentElement && el.parentElement !== cell) {
    el = el.parentElement;
    depth++;
    const overflow = view.getComputedStyle(el).overflowX;
    if (overflow && overflow !== 'visible') best = depth;
  }
  return best;
}

/** The element the badge goes right after (never inside a clipping element); depth Infinity: the cell's child that holds the name. */
export function anchorOf(cell: Element, depth: number): Element {
  let el = nameElement(cell);
  for (let i = 0; i < depth && el.parentElement && el.parentElement !== cell; i++) el = el.parentElement;
  return el;
}

/** Our host's start margin in the full and icon forms (styles.ts). */
const BADGE_MARGIN = 6;

/** The cell's padding at its inline end (computed style: the watcher reads it once per table). */
export function endPadding(cell: Element, view: Window, rtl: boolean): number {
  const style = view.getComputedStyle(cell);
  return parseFloat(rtl ? style.paddingLeft : style.paddingRight) || 0;
}

/**
 * Reads a row's fit with the badge in its full form, right after its anchor (layout reads
 * only; the caller batches them). Null when the badge has no anchor of its own to measure from.
 */
export function measure(host: Element, cell: Element, rtl: boolean, padEnd: number): FitMeasure | null {
  const anchor = host.previousElementSibling;
  if (!anchor || anchor === cell) return null;
  const box = host.getBoundingClientRect();
  const a = anchor.getBoundingClientRect();
  const c = cell.getBoundingClientRect();
  // The cell's content box edge: its padding box (client area) less the end padding.
  const contentEnd = rtl ? c.left + cell.clientLeft + padEnd : c.left + cell.clientLeft + cell.clientWidth - padEnd;
  let overflow = 0;
  // Every element from the name to the cell may clip it; our own host is not among them.
  for (let el: Element | null = nameElement(cell); el; el = el.parentElement) {
    overflow = Math.max(overflow, el.scrollWidth - el.clientWidth);
    if (el === cell) break;
  }
  return {
    room: rtl ? a.right - contentEnd : contentEnd - a.left,
    need: Math.max(anchor.scrollWidth, a.width),
    overflow,
    spacing: rtl ? a.left - box.right : box.left - a.right,
    endPadding: padEnd,
  };
}
