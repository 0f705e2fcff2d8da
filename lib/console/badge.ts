/**
 * Row badges as plain DOM (no framework: there can be a thousand of them). Each is a
 * small host element with its own shadow root; all data goes in as text, never markup.
 * The inner structure is three or four nodes; the tooltip is one shared element
 * (tooltip.ts) that reads the lines kept here. The form (full, icon, mini: fit.ts) is an
 * attribute of the host that the shadow CSS follows.
 */
import type { BadgeForm, Fit } from './fit';
import { OUR_ATTR } from './selectors';
import type { BadgeModel } from '@/lib/present/badges';
import { applyCss, pageCss } from './sheets';

interface BadgeParts {
  box: HTMLInputElement | null;
  pill: HTMLElement;
  text: Text;
  tipLines: readonly string[];
}

const FORM_ATTR = 'data-form';

const parts = new WeakMap<HTMLElement, BadgeParts>();
/** Badges labelled but not drawn yet (stageBadge), with what they will show. */
const staged = new WeakMap<HTMLElement, BadgeModel>();
/** The current change handler of each checkbox (rows are reused, so it is swapped, not re-bound). */
const handlers = new WeakMap<HTMLInputElement, (checked: boolean) => void>();

export interface BadgeSelection {
  checked: boolean;
  label: string;
  onChange(checked: boolean): void;
}

export function createBadgeHost(doc: Document): HTMLElement {
  const host = doc.createElement('span');
  host.setAttribute(OUR_ATTR, 'badge');
  // Until it is fitted in view (fit.ts), the form that takes no width: no name is ever cut, even for a frame.
  host.setAttribute(FORM_ATTR, 'mini');
  // Not a tab stop (a thousand rows would be a thousand): its reason shows when focus is
  // anywhere in its row (tooltip.ts); our checkbox, where there is one, is the row's one stop.
  // No tabindex at all: -1 on a shadow host takes its whole shadow tree, checkbox included,
  // out of the Tab order.
  host.setAttribute('role', 'group');
  return host;
}

function build(host: HTMLElement): BadgeParts {
  const doc = host.ownerDocument;
  const root = host.attachShadow({ mode: 'open' });
  applyCss(root, pageCss().badge);
  // As few nodes as possible (there may be a thousand badges): the icon is CSS content.
  const pill = doc.createElement('span');
  const words = doc.createElement('span');
  const text = doc.createTextNode('');
  words.className = 'words';
  words.append(text);
  pill.append(words);
  root.append(pill);
  const p: BadgeParts = {
    box: null,
    pill,
    text,
    tipLines: [],
  };
  parts.set(host, p);
  return p;
}

/**
 * Renders (or re-renders) a badge; the shadow root is made on first render only.
 * Returns whether its size may have changed (words, tone or checkbox), so the caller refits it.
 */
export function renderBadge(host: HTMLElement, model: BadgeModel, selection: BadgeSelection | null): boolean {
  staged.delete(host);
  const fresh = !parts.has(host);
  const p = parts.get(host) ?? build(host);
  const cls = `pill ${model.tone}`;
  let changed = fresh || p.text.data !== model.text || p.pill.className !== cls;
  if (p.pill.className !== cls) p.pill.className = cls;
  if (p.text.data !== model.text) p.text.data = model.text;
  p.tipLines = model.tip;
  host.setAttribute('aria-label', model.aria);
  if (selection && model.selectable) {
    if (!p.box) {
      const box = host.ownerDocument.createElement('input');
      box.type = 'checkbox';
      box.addEventListener('change', () => handlers.get(box)?.(box.checked));
      p.pill.before(box);
      p.box = box;
      changed = true;
    }
    p.box.checked = selection.checked;
    p.box.setAttribute('aria-label', selection.label);
    handlers.set(p.box, selection.onChange);
  } else if (p.box) {
    p.box.remove();
    p.box = null;
    changed = true;
  }
  return changed;
}

/**
 * Labels a badge without drawing it; wakeBadge draws it when its row comes near view. On a
 * long table that lays out every row, a thousand shadow roots styled at once delayed its
 * first frame by 55 ms (bench: badges.frame.lag.ms, measured side by side); the label
 * alone, which assistive technology reads, costs next to nothing. A badge with our checkbox
 * is drawn at once (a tab stop: keyboard users reach it out of view), and one already
 * drawn is re-rendered.
 */
export function stageBadge(host: HTMLElement, model: BadgeModel, selection: BadgeSelection | null): boolean {
  if (parts.has(host) || (selection && model.selectable)) return renderBadge(host, model, selection);
  staged.set(host, model);
  host.setAttribute('aria-label', model.aria);
  return true;
}

/** Draws a staged badge (nothing when it is drawn already). */
export function wakeBadge(host: HTMLElement): void {
  const model = staged.get(host);
  if (model) renderBadge(host, model, null);
}

/** Takes our checkbox out of a badge built ahead for a table that turned out to have the console's own. */
export function dropSelection(host: HTMLElement): void {
  const p = parts.get(host);
  p?.box?.remove();
  if (p) p.box = null;
}

export function badgeForm(host: Element): BadgeForm {
  return (host.getAttribute(FORM_ATTR) as BadgeForm | null) ?? 'full';
}

/** Sets the form; the mini form also gets its margin (the console's gap taken back: fit.ts). */
export function setBadgeForm(host: HTMLElement, fit: Fit | 'full'): void {
  const form = fit === 'full' ? 'full' : fit.form;
  if (form === 'full') host.removeAttribute(FORM_ATTR);
  else if (host.getAttribute(FORM_ATTR) !== form) host.setAttribute(FORM_ATTR, form);
  const margin = fit !== 'full' && form === 'mini' && fit.miniMargin ? `${fit.miniMargin}px` : '';
  if (host.style.marginInlineStart !== margin) host.style.marginInlineStart = margin;
}

/** Whether our own checkbox is in the badge (its width counts in the icon form). */
export function badgeHasBox(host: Element): boolean {
  return parts.get(host as HTMLElement)?.box != null;
}

/** The tooltip lines of a badge (shown on hover/focus by tooltip.ts). */
export function badgeTip(host: Element): readonly string[] | null {
  return parts.get(host as HTMLElement)?.tipLines ?? staged.get(host as HTMLElement)?.tip ?? null;
}
