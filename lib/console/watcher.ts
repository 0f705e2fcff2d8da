/**
 * Finds recognised console tables and badges their rows as they appear, re-render,
 * get reused by virtualisation or re-sorted. One MutationObserver for the document,
 * work batched per animation frame and scoped to the tables and rows that changed;
 * each row remembers the id it was badged for, so unchanged rows cost one link lookup.
 * Badges go in the row's name cell and take a form that fits (fit.ts); on tables with the
 * console's own selection column the watcher follows that selection instead of adding ours.
 *
 * Over 400 lines on purpose: the observer, the per-frame batch and the row bookkeeping share the
 * maps that keep an unchanged row at one lookup; fitting and drawing are fit.ts and badge.ts.
 */
import { badgeHasBox, badgeTip, createBadgeHost, dropSelection, renderBadge, setBadgeForm, stageBadge, wakeBadge, type BadgeSelection } from './badge';
import { anchorDepth, anchorOf, chooseForm, endPadding, measure } from './fit';
import { installTooltips } from './tooltip';
import type { BadgeModel } from '@/lib/present/badges';
import { CHECKBOX, COLUMN_HEADER, OUR_ATTR, ROW, TABLE } from './selectors';
import {
  audienceIdOfRow,
  bodyRows,
  classifyTable,
  flowIdOfRow,
  nameCell,
  rowCheckbox,
  rowSelected,
  selectAllState,
  type NameIndex,
  type TableKind,
} from './tables';

export interface RowContext {
  /** Bumped when the view or the selection changes: every badge re-renders once. */
  version: number;
  names: NameIndex;
  knownAudiences: ReadonlySet<string>;
  /** The kind of table this view badges, and the ids of its rows: badges are built ahead (prepare). */
  kind: TableKind;
  ids: readonly string[];
  badge(kind: TableKind, id: string): { model: BadgeModel; selection: BadgeSelection | null } | null;
}

export interface WatcherHooks {
  /** Null until the view has arrived: rows are then only recognised, not badged. */
  context(): RowContext | null;
  /** After each batch, with every recognised table (to place the bulk controls). */
  tablesChanged(tables: ReadonlyMap<Element, TableInfo>): void;
  /** Something changed that may be a route change without an event (pushState); `tab` when a tab switched. */
  pageChanged(tab: boolean): void;
  /**
   * The ids (lower case) the console's own checkboxes select in the tables of the view's kind,
   * or null when those tables have no selection of their own. Called when it changes.
   */
  consoleSelection(ids: ReadonlySet<string> | null): void;
}

/** What the watcher knows of one recognised table. */
export interface TableInfo {
  kind: TableKind;
  /** Its rows carry the console's own checkboxes: we add none and follow theirs. */
  consoleSelection: boolean;
  /** Ids whose rows were last seen selected (rows out of view keep their last state). */
  selected: Set<string>;
  /** fit.ts's anchor depth, the writing direction and the cells' end padding, read once per table (computed style). */
  layout?: { depth: number; rtl: boolean; padEnd: number };
}

interface RowState {
  id: string;
  version: number;
  host: HTMLElement;
  cell: Element;
  table: TableInfo;
}

/** Fewer rows than this are badged in one frame cheaply: building them ahead would only compete with the page. */
const PREPARE_MIN = 300;
/**
 * A table with more rows than this in the page lays out every row (a virtualised one,
 * like React Spectrum's, renders those in view and a few more). In a scan of such a table,
 * rows after the first DRAWN_FIRST (a first screen: 60 rows of 24 px is 1,440 px) get a
 * staged badge, labelled and drawn when near view (badge.ts stageBadge). Every other row
 * is drawn at once, so a virtualised table's reused rows never wait a frame.
 */
const LONG_TABLE = 200;
const DRAWN_FIRST = 60;
/**
 * More records than this in one delivery: rescan the tables instead of reading each record.
 * A 1,000-row table rendered sends about 7,000 (each row, its cells, its link); reading each
 * took its badges 15-20 ms longer (side by side). A React Spectrum scroll step sends about 45.
 */
const BULK = 64;

/** "Near view": this many screens above and below the viewport (the IntersectionObserver's margin, and nearView's). */
const NEAR = 0.5;

const isOurs = (node: Node): boolean => node.nodeType === 1 && (node as Element).hasAttribute(OUR_ATTR);

export interface TableWatcher {
  start(): void;
  /** Re-render every badge of every recognised table (view or selection changed). */
  refreshAll(): void;
  /**
   * Right after a route change the view usually arrives before the console's rows: build
   * their badges while the page waits for its data, so a thousand rows that appear at once
   * cost one insert each. Not when badges are shown (a refresh re-renders them in place),
   * nor for small views.
   */
  prepare(): void;
  /** Stop watching and remove every badge we added. */
  stop(): void;
  tables(): ReadonlyMap<Element, TableInfo>;
  /** For diagnostics (on demand, not in the hot path). */
  counts(): { tables: number; rows: number; badged: number };
  /** Where each id (lower case) was last seen in its table (aria-rowindex): the panel follows the table's order. */
  order(): ReadonlyMap<string, number>;

  /** Process pending work now (tests and benchmarks; the page uses animation frames). */
  flush(): void;
}

// A closure rather than a class: its state names minify, which the page's byte budget needs.
export function watchTables(doc: Document, win: Window, hooks: WatcherHooks): TableWatcher {
  let observer: MutationObserver | null = null;
  let resizes: ResizeObserver | null = null;
  let sights: IntersectionObserver | null = null;
  let removeTooltips: (() => void) | null = null;
  let frame: number | null = null;
  const known = new Map<Element, TableInfo>();
  const dirtyTables = new Set<Element>();
  const dirtyRows = new Set<Element>();
  /** Rows whose badge must find its form again (new, moved, reworded, or the table resized). */
  const toFit = new Set<Element>();
  let rows = new WeakMap<Element, RowState>();
  /** Name cells under observation, with their last width, and those in or near view. */
  let cellWidths = new WeakMap<Element, number>();
  let watched = new WeakSet<Element>();
  /** Name cells the IntersectionObserver has reported (a reused one keeps its element): in or near view, or not. */
  let inSight = new WeakMap<Element, boolean>();
  /** Rows whose badge was fitted in view and has not changed since: coming into view again needs no measure. */
  let fitted = new WeakSet<RowState>();
  const seenAt = new Map<string, number>();
  let rescan = false;
  let lastSelection: ReadonlySet<string> | null = null;
  /** Kinds of table seen with the console's own checkboxes in this frame: badges built ahead for them carry none of ours. */
  const consoleKinds = new Set<TableKind>();
  let listeners: AbortController | null = null;
  /** Badges built in idle time for rows not on the page yet, by id, for context version `readyFor`. */
  const ready = new Map<string, HTMLElement>();
  let readyFor = -1;
  /**
   * The context version whose rows have been badged on the page: building ahead stops then.
   * The rows that appear are badged as they come; a virtualised table (React Spectrum's)
   * shows a few dozen of a thousand, and the rest built ahead would only compete with it.
   */
  let shownFor = -1;
  const badgeSelector = `[${OUR_ATTR}="badge"]`;

  function schedule(): void {
    if (frame !== null || !observer) return;
    frame = win.requestAnimationFrame(() => {
      frame = null;
      process();
    });
  }

  function onRecords(records: MutationRecord[]): void {
    let page = false;
    let tab = false;
    /**
     * The row or table last marked dirty: a record from inside it needs no look of its own
     * (a row reused for another record, as React Spectrum's are when it scrolls, sends one
     * for its link and one for each cell's text).
     */
    let scope: Element | undefined;
    if (records.length > BULK) {
      // A whole table (re)rendered: looking at each record would cost more than
      // rescanning every table once in the frame, where unchanged rows are cheap.
      for (const record of records) if (record.attributeName === 'aria-selected' && !(record.target as Element).matches(ROW)) tab = true;
      rescan = true;
      hooks.pageChanged(tab);
      schedule();
      return;
    }
    for (const record of records) {
      if (record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every(isOurs)) continue;
      if (record.type === 'attributes' && record.attributeName === 'aria-selected') {
        // A row's selection (the console's checkbox column), else a tab switch.
        const target = record.target as Element;
        if (target.matches(ROW) && known.has(target.closest(TABLE)!)) dirtyRows.add(target);
        else tab = true;
        continue;
      }
      const target = record.target;
      const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
      if (!el || scope?.contains(el) || el.closest(`[${OUR_ATTR}]`)) continue;
      const row = el.closest(ROW);
      const table = (row ?? el).closest(TABLE);
      if (row && table && known.has(table)) {
        dirtyRows.add((scope = row));
      } else if (table) {
        dirtyTables.add((scope = table));
      } else if (record.type === 'childList') {
        page = true;
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1 || isOurs(node)) continue;
          const added = node as Element;
          if (added.matches(TABLE)) dirtyTables.add(added);
          for (const inner of added.querySelectorAll(TABLE)) dirtyTables.add(inner);
        }
      }
    }
    if (page || tab) hooks.pageChanged(tab);
    if (dirtyTables.size || dirtyRows.size) schedule();
  }

  function process(): void {
    const ctx = hooks.context();
    if (rescan) {
      rescan = false;
      for (const table of doc.querySelectorAll(TABLE)) dirtyTables.add(table);
    }
    for (const table of dirtyTables) {
      if (!table.isConnected) {
        forget(table);
        continue;
      }
      const kind = classifyTable(table);
      if (!kind) {
        // Never recognised, or no longer: leave the console's table as we found it.
        if (known.has(table)) for (const host of table.querySelectorAll(badgeSelector)) host.remove();
        forget(table);
        continue;
      }
      let info = known.get(table);
      if (!info || info.kind !== kind) {
        info = { kind, consoleSelection: false, selected: new Set() };
        known.set(table, info);
      }
      const all = bodyRows(table);
      const drawn = all.length > LONG_TABLE ? DRAWN_FIRST : all.length;
      all.forEach((row, i) => {
        dirtyRows.delete(row);
        renderRow(row, info, ctx, i < drawn);
      });
    }
    dirtyTables.clear();
    for (const row of dirtyRows) {
      // A row badged before is a body row: only a new one is looked through for column headers.
      if (!row.isConnected || (!rows.has(row) && row.querySelector(COLUMN_HEADER))) continue;
      const table = row.closest(TABLE);
      const info = table ? known.get(table) : undefined;
      if (info) renderRow(row, info, ctx, true);
    }
    dirtyRows.clear();
    for (const table of known.keys()) if (!table.isConnected) forget(table);
    fit();
    hooks.tablesChanged(known);
    reportSelection(ctx);
    // Everything observed since the batch began is ours (badges, controls): nothing to do.
    observer?.takeRecords();
  }

  function forget(table: Element): void {
    known.delete(table);
  }

  /** `draw`: the row may be on the first screen; otherwise its badge may wait, staged, until it comes near view (fit). */
  function renderRow(row: Element, table: TableInfo, ctx: RowContext | null, draw: boolean): void {
    const state = rows.get(row);
    const id = table.kind === 'browse' ? flowIdOfRow(row) : ctx ? audienceIdOfRow(row, ctx.names, ctx.knownAudiences) : null;
    const cell = nameCell(row);
    if (id) {
      const index = Number(row.getAttribute('aria-rowindex'));
      if (index) seenAt.set(id, index);
    }
    if (id && rowCheckbox(row)) {
      table.consoleSelection = true;
      consoleKinds.add(table.kind);
      if (rowSelected(row)) table.selected.add(id);
      else table.selected.delete(id);
    }
    if (!id || !cell || !ctx) {
      if (state) {
        state.host.remove();
        if (!id || !cell) rows.delete(row);
      }
      return;
    }
    if (state && state.id === id && state.version === ctx.version && cell.contains(state.host)) {
      if (place(state.host, cell, table)) toFit.add(row);
      return;
    }
    // A badge built ahead is for a row without one. A row that has one (a virtualised row
    // reused for another audience) re-renders it in place: far cheaper than swapping hosts.
    let host = !state && readyFor === ctx.version && ctx.kind === table.kind && ready.get(id);
    let changed = true;
    if (host) {
      ready.delete(id);
      if (table.consoleSelection) dropSelection(host);
      if (draw) wakeBadge(host);
    } else {
      const data = ctx.badge(table.kind, id);
      if (!data) {
        state?.host.remove();
        rows.delete(row);
        return;
      }
      host = state?.host ?? createBadgeHost(doc);
      // One selection per row: where the console has its own checkboxes, ours stay out.
      const selection = table.consoleSelection ? null : data.selection;
      changed = (draw ? renderBadge : stageBadge)(host, data.model, selection);
    }
    if (place(host, cell, table) || changed || state?.id !== id) toFit.add(row);
    rows.set(row, { id, version: ctx.version, host, cell, table });
    shownFor = ctx.version;
    if (!watched.has(cell)) {
      watched.add(cell);
      resizes?.observe(cell);
      sights?.observe(cell);
    }
  }

  /**
   * In the name cell, right after the element that clips the name (fit.ts), never inside
   * it. Moves only our own host; true when it moved. Until the table's layout has been read
   * (in view, by fit), after the cell's child that holds the name: reading computed style
   * here would make the browser style a thousand new rows at once.
   */
  function place(host: HTMLElement, cell: Element, table: TableInfo): boolean {
    const anchor = anchorOf(cell, table.layout?.depth ?? Infinity);
    if (anchor === cell) {
      if (host.parentNode === cell && host.nextSibling === null) return false;
      cell.append(host);
      return true;
    }
    if (host.previousSibling === anchor) return false;
    anchor.after(host);
    return true;
  }

  /**
   * Every badge that changed finds its form: full form in, one layout read for all, forms
   * out. Only in or near view (a thousand rows measured would cost a thousand rows of
   * layout): the others keep the mini form, which costs no width, until they come into view.
   * The observer's margin is the viewport's, not a scroller's: a row that a virtualised table
   * (React Spectrum's) reuses in its overscan is clipped by its scroller, so not reported, and
   * would be fitted only in the frame after it scrolls in. A reused cell is placed by reading
   * where it is in the viewport instead.
   */
  function fit(): void {
    const states: RowState[] = [];
    for (const row of toFit) {
      const state = rows.get(row);
      if (!state?.host.isConnected) continue;
      const seen = inSight.get(state.cell);
      if (!sights || seen || (seen === false && nearView(state.cell))) {
        states.push(state);
        fitted.add(state);
      } else fitted.delete(state);
    }
    toFit.clear();
    if (states.length === 0) return;
    for (const { host, cell, table } of states) {
      if (!table.layout) {
        const rtl = win.getComputedStyle(cell).direction === 'rtl';
        table.layout = { depth: anchorDepth(cell, win), rtl, padEnd: endPadding(cell, win, rtl) };
      }
      place(host, cell, table);
      wakeBadge(host);
      setBadgeForm(host, 'full');
    }
    const measures = states.map((s) => measure(s.host, s.cell, s.table.layout?.rtl ?? false, s.table.layout?.padEnd ?? 0));
    states.forEach((s, i) => {
      const m = measures[i];
      if (m) setBadgeForm(s.host, chooseForm(m, badgeHasBox(s.host)));
    });
  }

  /** Within the observer's reach: the viewport, NEAR screens above and below. */
  function nearView(cell: Element): boolean {
    const box = cell.getBoundingClientRect();
    const reach = win.innerHeight * NEAR;
    return box.height > 0 && box.bottom > -reach && box.top < win.innerHeight + reach && box.right > 0 && box.left < win.innerWidth;
  }

  /** The console's selection, as ids of the view's kind: Select All, else the rows last seen selected. */
  function reportSelection(ctx: RowContext | null): void {
    let selection: Set<string> | null = null;
    for (const [table, info] of known) {
      if (!info.consoleSelection || !ctx || info.kind !== ctx.kind) continue;
      selection ??= new Set();
      const all = selectAllState(table);
      // An unticked Select All means nothing is selected, rows out of view included, unless
      // rows in view say otherwise (a header that does not show partial selection).
      if (all === 'none' && info.selected.size && !bodyRows(table).some(rowSelected)) info.selected.clear();
      for (const id of all === 'all' ? ctx.ids : info.selected) selection.add(id);
    }
    const same =
      selection === lastSelection ||
      (selection && lastSelection && selection.size === lastSelection.size && [...selection].every((id) => lastSelection!.has(id)));
    if (same) return;
    lastSelection = selection;
    hooks.consoleSelection(selection);
  }

  /** A console checkbox changed (no attribute moves when a plain checkbox is ticked): look at its row again. */
  function onChange(event: Event): void {
    const target = event.target as Element | null;
    if (!target?.matches?.(CHECKBOX)) return;
    const row = target.closest(ROW);
    const table = row?.closest(TABLE);
    if (row && table && known.has(table)) {
      dirtyRows.add(row);
      schedule();
    }
  }

  /** Name cells coming into view get their badge fitted; those leaving are not measured again. */
  function onSight(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      inSight.set(entry.target, entry.isIntersecting);
      if (!entry.isIntersecting) continue;
      const row = entry.target.closest(ROW);
      const state = row && rows.get(row);
      if (state && !fitted.has(state)) {
        toFit.add(row);
        schedule();
      }
    }
  }

  /**
   * A name cell that changed width (the window, a column resized, or the console laying out
   * its columns after its first render) refits its badge. The first report of each cell only
   * notes its width: the badge was fitted when it was placed.
   */
  function onResize(entries: ResizeObserverEntry[]): void {
    for (const entry of entries) {
      const width = Math.round(entry.contentRect.width);
      const before = cellWidths.get(entry.target);
      cellWidths.set(entry.target, width);
      const row = entry.target.closest(ROW);
      if (before === undefined || before === width || !row || !rows.has(row)) continue;
      toFit.add(row);
      schedule();
    }
  }

  return {
    start() {
      if (observer) return;
      for (const table of doc.querySelectorAll(TABLE)) dirtyTables.add(table);
      const globals = win as Window & typeof globalThis;
      observer = new globals.MutationObserver(onRecords);
      // Without ResizeObserver (old test DOMs) badges are fitted when they change, not on resize.
      resizes = globals.ResizeObserver ? new globals.ResizeObserver(onResize) : null;
      // Half a screen ahead: rows are fitted before they scroll into view.
      sights = globals.IntersectionObserver ? new globals.IntersectionObserver(onSight, { rootMargin: `${NEAR * 100}% 0px` }) : null;
      listeners = new AbortController();
      doc.addEventListener('change', onChange, { capture: true, passive: true, signal: listeners.signal });
      removeTooltips = installTooltips(doc, badgeTip);
      observer.observe(doc.documentElement, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['href', 'aria-selected'],
      });
      schedule();
    },

    refreshAll() {
      for (const table of known.keys()) dirtyTables.add(table);
      schedule();
    },

    prepare() {
      const ctx = hooks.context();
      if (!ctx || ctx.ids.length < PREPARE_MIN || !observer || doc.querySelector(badgeSelector)) return;
      ready.clear();
      readyFor = ctx.version;
      let next = 0;
      // A newer view or a route change (context replaced, watcher stopped) ends this one.
      // Short slices between tasks (idle callbacks come only once per 50 ms when nothing
      // paints): the console's own data may come back at any moment.
      const step = () => {
        if (hooks.context() !== ctx || !observer || shownFor === ctx.version) return;
        const until = win.performance.now() + 8;
        while (next < ctx.ids.length) {
          if (win.performance.now() > until) return void win.setTimeout(step);
          const id = ctx.ids[next++]!;
          const data = ctx.badge(ctx.kind, id);
          if (!data) continue;
          const host = createBadgeHost(doc);
          // Labelled only: rows that turn out to be on the first screen are drawn when placed.
          stageBadge(host, data.model, consoleKinds.has(ctx.kind) ? null : data.selection);
          ready.set(id, host);
        }
      };
      win.setTimeout(step);
    },

    stop() {
      observer?.disconnect();
      observer = null;
      resizes?.disconnect();
      resizes = null;
      sights?.disconnect();
      sights = null;
      cellWidths = new WeakMap();
      watched = new WeakSet();
      inSight = new WeakMap();
      fitted = new WeakSet();
      listeners?.abort();
      listeners = null;
      toFit.clear();
      seenAt.clear();
      lastSelection = null;
      removeTooltips?.();
      removeTooltips = null;
      if (frame !== null) win.cancelAnimationFrame(frame);
      frame = null;
      known.clear();
      dirtyTables.clear();
      dirtyRows.clear();
      rescan = false;
      ready.clear();
      rows = new WeakMap();
      for (const host of doc.querySelectorAll(badgeSelector)) host.remove();
    },

    tables: () => known,
    order: () => seenAt,

    counts() {
      let rowCount = 0;
      let badged = 0;
      for (const table of known.keys()) {
        for (const row of bodyRows(table)) {
          const state = rows.get(row);
          if (state) {
            rowCount++;
            if (state.host.isConnected && row.contains(state.host)) badged++;
          }
        }
      }
      return { tables: known.size, rows: rowCount, badged };
    },

    flush() {
      const pending = observer?.takeRecords();
      if (pending?.length) onRecords(pending);
      if (frame !== null) win.cancelAnimationFrame(frame);
      frame = null;
      process();
    },
  };
}
