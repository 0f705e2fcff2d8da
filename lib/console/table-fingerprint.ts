/**
 * Each recognised table's fingerprint, for the diagnostics a user pastes into a bug report:
 * its roles, column headers and count, whether it has the console's selection column and
 * row links, which cell got the badge and whether the badges can be seen. Never a name or
 * an id. Not in the content script (its size budget): the background injects it into the
 * frame when the panel's diagnostics are opened (entrypoints/diagnostics.ts). It reads
 * layout and hit-tests every badge in view.
 */
import { badgeForm } from './badge';
import { CELL, CHECKBOX, COLUMN_HEADER, LINK, OUR_ATTR, TABLE } from './selectors';
import { bodyRows, classifyTable, isSelectionCell, nameCell, rowCheckbox, selectAllState } from './tables';

/** The element painted at the badge's centre is the badge itself (only for badges in view). */
function seen(host: HTMLElement): boolean | null {
  const pill = host.shadowRoot?.querySelector('.pill');
  const box = (pill ?? host).getBoundingClientRect();
  const view = host.ownerDocument.defaultView!;
  if (box.bottom <= 0 || box.right <= 0 || box.top >= view.innerHeight || box.left >= view.innerWidth) return null;
  return host.ownerDocument.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2) === host;
}

function tableFingerprint(table: Element, info: { kind: string; consoleSelection: boolean }, n: number): string[] {
  const headers = [...table.querySelectorAll(COLUMN_HEADER)].filter((h) => h.closest(TABLE) === table);
  const labels = headers.map((h) => h.textContent?.trim() || (h.querySelector(CHECKBOX) ? '[checkbox]' : '[empty]'));
  const rows = bodyRows(table);
  const cells = rows[0] ? [...rows[0].querySelectorAll(CELL)] : [];
  const cell = rows[0] && nameCell(rows[0]);
  const role = (el: Element) => el.getAttribute('role') ?? el.tagName.toLowerCase();
  const hosts = rows.flatMap((r) => [...r.querySelectorAll<HTMLElement>(`[${OUR_ATTR}="badge"]`)]);
  const forms = { full: 0, icon: 0, mini: 0 };
  let inView = 0;
  let visible = 0;
  for (const host of hosts) {
    forms[badgeForm(host)]++;
    const hit = seen(host);
    if (hit === null) continue;
    inView++;
    if (hit) visible++;
  }
  return [
    `table ${n}: ${info.kind}, ${role(table)}, ${headers.length} columns: ${labels.join(' | ')}`,
    `  rows in the page: ${rows.length}, with a link: ${rows.filter((r) => r.querySelector(LINK)).length}`,
    `  selection: ${info.consoleSelection ? `the console's checkboxes (select all: ${selectAllState(table) ?? 'none'})` : 'ours, in the badges'}`,
    `  name cell: ${cell ? `${role(cell)}, cell ${cells.indexOf(cell) + 1} of ${cells.length}` : 'not found'}; first cell a selection cell: ${cells[0] ? isSelectionCell(cells[0]) : 'no'}`,
    `  badges: ${hosts.length} (full ${forms.full}, icon ${forms.icon}, mini ${forms.mini}); in view ${inView}, visible by hit-testing ${visible}`,
  ];
}

/** The fingerprints of the tables of this document that the content script recognises. */
export function tableLines(doc: Document): string[] {
  const tables = [...doc.querySelectorAll(TABLE)].flatMap((table) => {
    const kind = classifyTable(table);
    // The console's own checkbox column: a body row with a checkbox (what the watcher follows).
    return kind ? [{ table, info: { kind, consoleSelection: bodyRows(table).some((row) => rowCheckbox(row) !== null) } }] : [];
  });
  return tables.flatMap(({ table, info }, i) => tableFingerprint(table, info, i + 1));
}
