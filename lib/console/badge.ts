/**
 * Row badges as plain DOM (no framework: there can be a thousand of them). Each is a
 * small host element with its own shadow root; all data goes in as text, never markup.
 * The inner structure is two or three nodes; the tooltip is one
 * shared element (tooltip.ts) that reads the lines kept here.
 */
import { OUR_ATTR } from './selectors';
import type { BadgeModel } from './present';
import { applyCss, BADGE_CSS } from './styles';

interface BadgeParts {
  box: HTMLInputElement | null;
  pill: HTMLElement;
  text: Text;
  tipLines: readonly string[];
}

const parts = new WeakMap<HTMLElement, BadgeParts>();
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
  host.tabIndex = 0;
  host.setAttribute('role', 'group');
  return host;
}

function build(host: HTMLElement): BadgeParts {
  const doc = host.ownerDocument;
  const root = host.attachShadow({ mode: 'open' });
  applyCss(root, BADGE_CSS);
  // As few nodes as possible (there may be a thousand badges): the icon is CSS content.
  const pill = doc.createElement('span');
  const text = doc.createTextNode('');
  pill.append(text);
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

/** Renders (or re-renders) a badge; the shadow root is made on first render only. */
export function renderBadge(host: HTMLElement, model: BadgeModel, selection: BadgeSelection | null): void {
  const p = parts.get(host) ?? build(host);
  const cls = `pill ${model.tone}`;
  if (p.pill.className !== cls) p.pill.className = cls;
  p.text.data = model.text;
  p.tipLines = model.tip;
  host.setAttribute('aria-label', model.aria);
  if (selection && model.selectable) {
    if (!p.box) {
      const box = host.ownerDocument.createElement('input');
      box.type = 'checkbox';
      box.addEventListener('change', () => handlers.get(box)?.(box.checked));
      p.pill.before(box);
      p.box = box;
    }
    p.box.checked = selection.checked;
    p.box.setAttribute('aria-label', selection.label);
    handlers.set(p.box, selection.onChange);
  } else if (p.box) {
    p.box.remove();
    p.box = null;
  }
}

/** The tooltip lines of a badge (shown on hover/focus by tooltip.ts). */
export function badgeTip(host: Element): readonly string[] | null {
  return parts.get(host as HTMLElement)?.tipLines ?? null;
}
