/**
 * Finds recognised console tables and badges their rows as they appear, re-render,
 * get reused by virtualisation or re-sorted. One MutationObserver for the document,
 * work batched per animation frame and scoped to the tables and rows that changed;
 * each row remembers the id it was badged for, so unchanged rows cost one link lookup.
 */
import { badgeTip, createBadgeHost, renderBadge, type BadgeSelection } from './badge';
import { installTooltips } from './tooltip';
import type { BadgeModel } from './present';
import { COLUMN_HEADER, LINK, OUR_ATTR, ROW, TABLE } from './selectors';
import {
  audienceIdOfRow,
  bodyRows,
  classifyTable,
  firstCell,
  flowIdOfRow,
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
  tablesChanged(tables: ReadonlyMap<Element, TableKind>): void;
  /** Something changed that may be a route change without an event (pushState); `tab` when a tab switched. */
  pageChanged(tab: boolean): void;
}

interface RowState {
  id: string;
  version: number;
  host: HTMLElement;
}

/** Fewer rows than this are badged in one frame cheaply: building them ahead would only compete with the page. */
const PREPARE_MIN = 300;
/** More records than this in one delivery: rescan the tables instead of reading each record. */
const BULK = 64;

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
  tables(): ReadonlyMap<Element, TableKind>;
  /** For diagnostics (on demand, not in the hot path). */
  counts(): { tables: number; rows: number; badged: number };
  /** Process pending work now (tests and benchmarks; the page uses animation frames). */
  flush(): void;
}

// A closure rather than a class: its state names minify, which the page's byte budget needs.
export function watchTables(doc: Document, win: Window, hooks: WatcherHooks): TableWatcher {
  let observer: MutationObserver | null = null;
  let removeTooltips: (() => void) | null = null;
  let frame: number | null = null;
  const known = new Map<Element, TableKind>();
  const dirtyTables = new Set<Element>();
  const dirtyRows = new Set<Element>();
  let rows = new WeakMap<Element, RowState>();
  let rescan = false;
  /** Badges built in idle time for rows not on the page yet, by id, for context version `readyFor`. */
  const ready = new Map<string, HTMLElement>();
  let readyFor = -1;
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
    if (records.length > BULK) {
      // A whole table (re)rendered: looking at each record would cost more than
      // rescanning every table once in the frame, where unchanged rows are cheap.
      for (const record of records) if (record.attributeName === 'aria-selected') tab = true;
      rescan = true;
      hooks.pageChanged(tab);
      schedule();
      return;
    }
    for (const record of records) {
      if (record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every(isOurs)) continue;
      if (record.type === 'attributes' && record.attributeName === 'aria-selected') {
        tab = true;
        continue;
      }
      const target = record.target;
      const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
      if (!el || el.closest(`[${OUR_ATTR}]`)) continue;
      const row = el.closest(ROW);
      const table = (row ?? el).closest(TABLE);
      if (row && table && known.has(table)) {
        dirtyRows.add(row);
      } else if (table) {
        dirtyTables.add(table);
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
        known.delete(table);
        continue;
      }
      const kind = classifyTable(table);
      if (!kind) {
        // Never recognised, or no longer: leave the console's table as we found it.
        if (known.delete(table)) for (const host of table.querySelectorAll(badgeSelector)) host.remove();
        continue;
      }
      known.set(table, kind);
      for (const row of bodyRows(table)) {
        dirtyRows.delete(row);
        renderRow(row, kind, ctx);
      }
    }
    dirtyTables.clear();
    for (const row of dirtyRows) {
      if (!row.isConnected || row.querySelector(COLUMN_HEADER)) continue;
      const table = row.closest(TABLE);
      const kind = table ? known.get(table) : undefined;
      if (kind) renderRow(row, kind, ctx);
    }
    dirtyRows.clear();
    for (const table of known.keys()) if (!table.isConnected) known.delete(table);
    hooks.tablesChanged(known);
    // Everything observed since the batch began is ours (badges, controls): nothing to do.
    observer?.takeRecords();
  }

  function renderRow(row: Element, kind: TableKind, ctx: RowContext | null): void {
    const state = rows.get(row);
    const id = kind === 'browse' ? flowIdOfRow(row) : ctx ? audienceIdOfRow(row, ctx.names, ctx.knownAudiences) : null;
    const cell = firstCell(row);
    if (!id || !cell || !ctx) {
      if (state) {
        state.host.remove();
        if (!id || !cell) rows.delete(row);
      }
      return;
    }
    if (state && state.id === id && state.version === ctx.version && cell.contains(state.host)) {
      place(state.host, cell);
      return;
    }
    let host = readyFor === ctx.version && kind === ctx.kind && ready.get(id);
    if (host) {
      ready.delete(id);
      state?.host.remove();
    } else {
      const data = ctx.badge(kind, id);
      if (!data) {
        state?.host.remove();
        rows.delete(row);
        return;
      }
      host = state?.host ?? createBadgeHost(doc);
      renderBadge(host, data.model, data.selection);
    }
    place(host, cell);
    rows.set(row, { id, version: ctx.version, host });
  }

  /** After the link in the first cell (or at the cell's end); moves only our own host. */
  function place(host: HTMLElement, cell: Element): void {
    const link = cell.querySelector(LINK);
    if (link) {
      if (host.previousSibling !== link) link.after(host);
    } else if (host.parentNode !== cell || host.nextSibling !== null) {
      cell.append(host);
    }
  }

  return {
    start() {
      if (observer) return;
      for (const table of doc.querySelectorAll(TABLE)) dirtyTables.add(table);
      const Observer = (win as Window & typeof globalThis).MutationObserver;
      observer = new Observer(onRecords);
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
        if (hooks.context() !== ctx || !observer) return;
        const until = win.performance.now() + 8;
        while (next < ctx.ids.length) {
          if (win.performance.now() > until) return void win.setTimeout(step);
          const id = ctx.ids[next++]!;
          const data = ctx.badge(ctx.kind, id);
          if (!data) continue;
          const host = createBadgeHost(doc);
          renderBadge(host, data.model, data.selection);
          ready.set(id, host);
        }
      };
      win.setTimeout(step);
    },

    stop() {
      observer?.disconnect();
      observer = null;
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
