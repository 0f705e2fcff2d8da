/**
 * Row badges as plain DOM (no framework: there can be a thousand of them). Each is a
 * small host element with its own shadow root; all data goes in as text, never markup.
 */
import { OUR_ATTR } from './selectors';
import { toneIcon, type BadgeModel } from './present';
import { applyCss, BADGE_CSS } from './styles';

interface BadgeParts {
  box: HTMLInputElement | null;
  pill: HTMLElement;
  icon: HTMLElement;
  text: HTMLElement;
  tip: HTMLElement;
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
  const row = doc.createElement('span');
  row.className = 'row';
  const pill = doc.createElement('span');
  const icon = doc.createElement('span');
  icon.className = 'icon';
  icon.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  pill.append(icon, text);
  const tip = doc.createElement('span');
  tip.className = 'tip';
  tip.setAttribute('role', 'tooltip');
  row.append(pill, tip);
  root.append(row);
  const p: BadgeParts = { box: null, pill, icon, text, tip };
  parts.set(host, p);
  return p;
}

/** Renders (or re-renders) a badge; the shadow root is made on first render only. */
export function renderBadge(host: HTMLElement, model: BadgeModel, selection: BadgeSelection | null): void {
  const p = parts.get(host) ?? build(host);
  p.pill.className = `pill ${model.tone}`;
  p.icon.textContent = toneIcon(model.tone);
  p.text.textContent = model.text;
  // Tooltip lines as text nodes in <p>s: names and server text can never become markup.
  const doc = host.ownerDocument;
  p.tip.replaceChildren(...model.tip.map((line) => {
    const el = doc.createElement('p');
    el.textContent = line;
    return el;
  }));
  host.setAttribute('aria-label', model.aria);
  host.dataset.tone = model.tone;
  if (selection && model.selectable) {
    if (!p.box) {
      const box = doc.createElement('input');
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
