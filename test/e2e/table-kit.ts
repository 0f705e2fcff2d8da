/**
 * What a user sees of our badges in a console table, measured in the page itself and
 * independent of the extension's code: which rows are in view, whether each carries one
 * badge of its own record in its name cell, whether that badge is fully visible (the
 * element at its centre is the badge, no clipping ancestor cuts it, no ellipsis in it),
 * and which names are truncated with our badges and without them (same page, same width:
 * our hosts are hidden for the second measure, then shown again).
 */
import type { Frame } from 'playwright-core';

export interface RowReport {
  index: string | null;
  /** The console's own text of the name cell (our badges keep theirs in shadow roots). */
  name: string;
  badges: number;
  /** The badge sits in the row's name cell (`role=rowheader`). */
  inNameCell: boolean;
  /** The badge's label starts with this row's name: it is this row's record. */
  ownRecord: boolean;
  /** Why the badge is not fully visible (empty when it is). */
  hidden: string[];
  form: string;
  /** Every checkbox in the row: the console's and ours. */
  checkboxes: number;
}

export interface TableReport {
  rows: RowReport[];
  /** Names cut with an ellipsis with our badges shown, and whole without them. */
  truncatedByUs: string[];
}

const BADGE = '[data-bulk-export-now="badge"]';

export function inspectTable(frame: Frame): Promise<TableReport> {
  return frame.evaluate((badgeSelector) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const clipBox = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      const left = r.left + el.clientLeft;
      const top = r.top + el.clientTop;
      return { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
    };
    const clipping = (el: Element): Element[] => {
      const out: Element[] = [];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(a);
      }
      return out;
    };
    const within = (r: Box, c: Box, tol = 0.5) => r.left >= c.left - tol && r.right <= c.right + tol && r.top >= c.top - tol && r.bottom <= c.bottom + tol;
    const viewport: Box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    const rows = [...document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]')].filter((r) => !r.querySelector('[role="columnheader"]'));
    const inView = rows.filter((row) => {
      const r = row.getBoundingClientRect();
      const vertical = (c: Box) => r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5;
      return r.height > 0 && vertical(viewport) && clipping(row).every((c) => vertical(clipBox(c)));
    });
    const nameCellOf = (row: Element) => row.querySelector('[role="rowheader"]');
    const nameOf = (row: Element) => (nameCellOf(row)?.textContent ?? '').trim();
    const truncated = (row: Element) => {
      const cell = nameCellOf(row);
      if (!cell) return false;
      return [cell, ...cell.querySelectorAll('*')].some(
        (el) => !el.closest(badgeSelector) && el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX !== 'visible',
      );
    };
    // Hit-testing asks what is painted on top. Consoles take pointer events off while they
    // scroll (React Spectrum does, for 300 ms after each scroll event), which changes what
    // elementFromPoint answers but not what is seen: pointer events go on for the test.
    const hitStyle = document.createElement('style');
    hitStyle.textContent = '*{pointer-events:auto !important}';
    document.head.append(hitStyle);
    const report = inView.map((row) => {
      const hosts = [...row.querySelectorAll<HTMLElement>(badgeSelector)];
      const host = hosts[0];
      const hidden: string[] = [];
      let form = '';
      let ownRecord = false;
      let inNameCell = false;
      if (host) {
        form = host.getAttribute('data-form') ?? 'full';
        ownRecord = (host.getAttribute('aria-label') ?? '').startsWith(`${nameOf(row)}:`);
        inNameCell = nameCellOf(row)?.contains(host) ?? false;
        const pill = host.shadowRoot!.querySelector<HTMLElement>('.pill')!;
        const box = pill.getBoundingClientRect();
        if (box.width < 4 || box.height < 4) hidden.push('no size');
        const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
        if (hit !== host) hidden.push(`covered by ${hit ? `${hit.tagName.toLowerCase()}[${hit.getAttribute('role') ?? ''}]` : 'nothing'}`);
        for (const c of clipping(host)) if (!within(box, clipBox(c))) hidden.push(`clipped by ${c.tagName.toLowerCase()}[${c.getAttribute('role') ?? ''}]`);
        if (!within(box, viewport)) hidden.push('outside the viewport');
        const words = pill.querySelector<HTMLElement>('.words');
        if (pill.scrollWidth > pill.clientWidth + 1 || (words && words.offsetWidth > 0 && words.scrollWidth > words.clientWidth + 1)) hidden.push('ellipsis');
      }
      const ours = hosts.reduce((n, h) => n + (h.shadowRoot?.querySelectorAll('input[type="checkbox"]').length ?? 0), 0);
      return {
        index: row.getAttribute('aria-rowindex'),
        name: nameOf(row),
        badges: hosts.length,
        inNameCell,
        ownRecord,
        hidden,
        form,
        checkboxes: row.querySelectorAll('input[type="checkbox"]').length + ours,
      };
    });
    hitStyle.remove();
    // The same rows without our badges: which names did we make truncate?
    const withBadges = inView.map(truncated);
    const hosts = [...document.querySelectorAll<HTMLElement>(badgeSelector)];
    for (const h of hosts) h.style.setProperty('display', 'none', 'important');
    const withoutBadges = inView.map(truncated);
    for (const h of hosts) h.style.removeProperty('display');
    const truncatedByUs = inView.filter((_, i) => withBadges[i] && !withoutBadges[i]).map(nameOf);
    return { rows: report, truncatedByUs };
  }, BADGE);
}

/**
 * The problems a user would see in the table now: a row in view without its own badge
 * (unless `unbadged` says it should have none), a badge outside the name cell or not
 * fully visible, a name our badge truncates, a row with two checkboxes.
 */
export function problems(report: TableReport, unbadged: (name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const row of report.rows) {
    const label = `row ${row.index} "${row.name.slice(0, 40)}"`;
    if (unbadged(row.name)) {
      if (row.badges !== 0) out.push(`${label}: ${row.badges} badges, expected none`);
      continue;
    }
    if (row.badges !== 1) out.push(`${label}: ${row.badges} badges`);
    else {
      if (!row.inNameCell) out.push(`${label}: badge outside the name cell`);
      if (!row.ownRecord) out.push(`${label}: badge of another record`);
      if (row.hidden.length) out.push(`${label}: ${row.form} badge not fully visible (${row.hidden.join(', ')})`);
    }
    if (row.checkboxes > 1) out.push(`${label}: ${row.checkboxes} checkboxes`);
  }
  for (const name of report.truncatedByUs) out.push(`"${name.slice(0, 40)}" truncated by our badge`);
  return out;
}

/** Inspects until the table shows no problem (badges follow the console within frames), or gives the last problems. */
export async function settledProblems(
  frame: Frame,
  unbadged?: (name: string) => boolean,
  timeout = 5_000,
): Promise<{ problems: string[]; report: TableReport }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const report = await inspectTable(frame);
    const found = problems(report, unbadged);
    if ((found.length === 0 && report.rows.length > 0) || Date.now() > deadline) return { problems: found, report };
    await frame.waitForTimeout(100);
  }
}
