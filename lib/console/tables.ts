/** Table recognition and row ids, scoped to one table element. No layout reads. */
import type { AudienceView } from '@/lib/model';
import { normaliseText } from './routes';
import {
  ACTIVATION_END_HEADERS,
  ACTIVATION_START_HEADERS,
  AUDIENCE_LINK,
  BROWSE_HEADERS,
  CELL,
  CHECKBOX,
  COLUMN_HEADER,
  FLOW_LINK,
  HEAD,
  HEADER_CHECKBOX,
  LINK,
  OUR_ATTR,
  PAGE_CONTENT,
  ROW,
  ROW_HEADER,
  TABLE,
} from './selectors';

export type TableKind = 'browse' | 'activation';

const browseSet = new Set(BROWSE_HEADERS.map(normaliseText));
const startSet = new Set(ACTIVATION_START_HEADERS.map(normaliseText));
const endSet = new Set(ACTIVATION_END_HEADERS.map(normaliseText));

/**
 * What holds the table's column headers: asked after every batch, so a lookup in the head,
 * not a walk through a thousand rows (querySelector finds the first header at the top; a
 * search for something the head does not have would visit every row).
 */
function headOf(table: Element): Element {
  return table.querySelector(COLUMN_HEADER)?.closest(HEAD) ?? table;
}

/** Which console table this is, by its header texts; null leaves it untouched. */
export function classifyTable(table: Element): TableKind | null {
  let start = false;
  let end = false;
  for (const header of headOf(table).querySelectorAll(COLUMN_HEADER)) {
    // A nested table's headers belong to that table, not to this one.
    if (header.closest(TABLE) !== table) continue;
    const text = normaliseText(header.textContent);
    if (browseSet.has(text)) return 'browse';
    if (startSet.has(text)) start = true;
    if (endSet.has(text)) end = true;
  }
  return start && end ? 'activation' : null;
}

/** Body rows of a table (header rows, which hold column headers, are skipped). */
export function bodyRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const row of table.querySelectorAll(ROW)) {
    if (row.querySelector(COLUMN_HEADER)) continue;
    rows.push(row);
  }
  return rows;
}

/** A cell that holds only a selection control (React Spectrum's checkbox column): never the name. */
export function isSelectionCell(cell: Element): boolean {
  return cell.querySelector(CHECKBOX) !== null && !cell.textContent?.trim();
}

/**
 * The cell that holds the row's name (and the badge): the rowheader cell, else the cell
 * holding the row's link, else the first cell that is not a selection cell. With React
 * Spectrum's selection column the first cell is the checkbox, never the name.
 */
export function nameCell(row: Element): Element | null {
  const header = row.querySelector(ROW_HEADER);
  if (header) return header;
  const withLink = row.querySelector(LINK)?.closest(CELL);
  if (withLink && row.contains(withLink)) return withLink;
  for (const cell of row.querySelectorAll(CELL)) if (!isSelectionCell(cell)) return cell;
  return null;
}

/** The console's own selection control in a row (ours live in shadow roots and are not found). */
export function rowCheckbox(row: Element): Element | null {
  return row.querySelector(CHECKBOX);
}

function isChecked(box: Element): boolean {
  const aria = box.getAttribute('aria-checked');
  return aria === null ? (box as HTMLInputElement).checked === true : aria === 'true';
}

/** Whether the console shows this row as selected: `aria-selected` where the row has it, else its checkbox. */
export function rowSelected(row: Element): boolean {
  const selected = row.getAttribute('aria-selected');
  if (selected !== null) return selected === 'true';
  const box = rowCheckbox(row);
  return box !== null && isChecked(box);
}

/**
 * The state of the console's "Select All" checkbox in this table's header, or null when
 * there is none. React Spectrum's "all" also selects rows that are not rendered.
 */
export function selectAllState(table: Element): 'all' | 'some' | 'none' | null {
  const box = headOf(table).querySelector(HEADER_CHECKBOX);
  if (!box || box.closest(TABLE) !== table) return null;
  if ((box as HTMLInputElement).indeterminate === true || box.getAttribute('aria-checked') === 'mixed') return 'some';
  return isChecked(box) ? 'all' : 'none';
}

function links(row: Element): NodeListOf<HTMLAnchorElement> {
  return row.querySelectorAll<HTMLAnchorElement>(LINK);
}

/** Browse list: the dataflow id from the row's link. */
export function flowIdOfRow(row: Element): string | null {
  for (const link of links(row)) {
    const match = FLOW_LINK.exec(link.getAttribute('href') ?? '');
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}

/** Name -> audience id, with duplicate names mapped to null (ambiguous: no badge). */
export type NameIndex = Map<string, string | null>;

export function nameIndex(audiences: readonly AudienceView[]): NameIndex {
  const index: NameIndex = new Map();
  for (const audience of audiences) {
    index.set(audience.name, index.has(audience.name) ? null : audience.id);
  }
  return index;
}

/**
 * Activation data: the audience id from a link ending in its UUID, else the exact
 * name text of the link (or of the first cell) looked up among the dataflow's audiences.
 */
export function audienceIdOfRow(row: Element, names: NameIndex, known: ReadonlySet<string>): string | null {
  const rowLinks = links(row);
  for (const link of rowLinks) {
    // Hash routes keep the path after '#': only a trailing query string is dropped.
    const match = AUDIENCE_LINK.exec((link.getAttribute('href') ?? '').replace(/\?[^/]*$/, ''));
    if (match) {
      const id = match[1]!.toLowerCase();
      // A link to something else that happens to end in a UUID is not the audience.
      if (known.size === 0 || known.has(id)) return id;
    }
  }
  for (const el of [rowLinks[0], nameCell(row)]) {
    // Our badge hosts add no text: their content is in a shadow root, which textContent skips.
    const name = el?.textContent?.trim();
    if (name && names.has(name)) return names.get(name) ?? null;
  }
  return null;
}

/**
 * Where the bulk control goes: before the outermost element that wraps this table and
 * its own parts (React Spectrum nests the grid in wrappers, next to a loading status).
 * Climbing stops below body and below any ancestor that also holds page content.
 */
export function outermostContainer(table: Element): Element {
  let el = table;
  for (;;) {
    const parent = el.parentElement;
    if (!parent || parent === parent.ownerDocument.body || parent === parent.ownerDocument.documentElement) return el;
    for (const child of parent.children) {
      if (child === el || child.hasAttribute(OUR_ATTR)) continue;
      if (child.matches(PAGE_CONTENT) || child.querySelector(PAGE_CONTENT)) return el;
    }
    el = parent;
  }
}
