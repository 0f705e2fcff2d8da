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

export class TableWatcher {
  private observer: MutationObserver | null = null;
  private removeTooltips: (() => void) | null = null;
  private frame: number | null = null;
  private readonly known = new Map<Element, TableKind>();
  private readonly dirtyTables = new Set<Element>();
  private readonly dirtyRows = new Set<Element>();
  private rows = new WeakMap<Element, RowState>();
  private rescan = false;
  /** Badges built in idle time for rows not on the page yet, by id, for context version `readyFor`. */
  private ready = new Map<string, HTMLElement>();
  private readyFor = -1;

  constructor(
    private readonly doc: Document,
    private readonly win: Window,
    private readonly hooks: WatcherHooks,
  ) {}

  start(): void {
    if (this.observer) return;
    for (const table of this.doc.querySelectorAll(TABLE)) this.dirtyTables.add(table);
    const Observer = (this.win as Window & typeof globalThis).MutationObserver;
    this.observer = new Observer((records) => this.onRecords(records));
    this.removeTooltips = installTooltips(this.doc, badgeTip);
    this.observer.observe(this.doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['href', 'aria-selected'],
    });
    this.schedule();
  }

  /** Re-render every badge of every recognised table (view or selection changed). */
  refreshAll(): void {
    for (const table of this.known.keys()) this.dirtyTables.add(table);
    this.schedule();
  }

  /**
   * Right after a route change the view usually arrives before the console's rows: build
   * their badges while the page waits for its data, so a thousand rows that appear at once
   * cost one insert each. Not when badges are shown (a refresh re-renders them in place),
   * nor for small views.
   */
  prepare(): void {
    const ctx = this.hooks.context();
    if (!ctx || ctx.ids.length < PREPARE_MIN || !this.observer || this.doc.querySelector(`[${OUR_ATTR}="badge"]`)) return;
    this.ready.clear();
    this.readyFor = ctx.version;
    let next = 0;
    const w = this.win;
    // A newer view or a route change (context replaced, watcher stopped) ends this one.
    // Short slices between tasks (idle callbacks come only once per 50 ms when nothing
    // paints): the console's own data may come back at any moment.
    const step = () => {
      if (this.hooks.context() !== ctx || !this.observer) return;
      const until = w.performance.now() + 8;
      while (next < ctx.ids.length) {
        if (w.performance.now() > until) return void w.setTimeout(step);
        const id = ctx.ids[next++]!;
        const data = ctx.badge(ctx.kind, id);
        if (!data) continue;
        const host = createBadgeHost(this.doc);
        renderBadge(host, data.model, data.selection);
        this.ready.set(id, host);
      }
    };
    w.setTimeout(step);
  }

  /** Stop watching and remove every badge we added. */
  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.removeTooltips?.();
    this.removeTooltips = null;
    if (this.frame !== null) this.win.cancelAnimationFrame(this.frame);
    this.frame = null;
    this.known.clear();
    this.dirtyTables.clear();
    this.dirtyRows.clear();
    this.rescan = false;
    this.ready.clear();
    this.rows = new WeakMap();
    for (const host of this.doc.querySelectorAll(`[${OUR_ATTR}="badge"]`)) host.remove();
  }

  tables(): ReadonlyMap<Element, TableKind> {
    return this.known;
  }

  /** For diagnostics (on demand, not in the hot path). */
  counts(): { tables: number; rows: number; badged: number } {
    let rows = 0;
    let badged = 0;
    for (const table of this.known.keys()) {
      for (const row of bodyRows(table)) {
        const state = this.rows.get(row);
        if (state) {
          rows++;
          if (state.host.isConnected && row.contains(state.host)) badged++;
        }
      }
    }
    return { tables: this.known.size, rows, badged };
  }

  /** Process pending work now (tests and benchmarks; the page uses animation frames). */
  flush(): void {
    const pending = this.observer?.takeRecords();
    if (pending?.length) this.onRecords(pending);
    if (this.frame !== null) this.win.cancelAnimationFrame(this.frame);
    this.frame = null;
    this.process();
  }

  private schedule(): void {
    if (this.frame !== null || !this.observer) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = null;
      this.process();
    });
  }

  private onRecords(records: MutationRecord[]): void {
    let page = false;
    let tab = false;
    if (records.length > BULK) {
      // A whole table (re)rendered: looking at each record would cost more than
      // rescanning every table once in the frame, where unchanged rows are cheap.
      for (const record of records) if (record.attributeName === 'aria-selected') tab = true;
      this.rescan = true;
      this.hooks.pageChanged(tab);
      this.schedule();
      return;
    }
    for (const record of records) {
      if (record.type === 'childList') {
        let foreign = false;
        for (const n of record.addedNodes) if (!isOurs(n)) foreign = true;
        for (const n of record.removedNodes) if (!isOurs(n)) foreign = true;
        if (!foreign) continue;
      }
      if (record.type === 'attributes' && record.attributeName === 'aria-selected') {
        tab = true;
        continue;
      }
      const target = record.target;
      const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
      if (!el || el.closest(`[${OUR_ATTR}]`)) continue;
      const row = el.closest(ROW);
      const table = (row ?? el).closest(TABLE);
      if (row && table && this.known.has(table)) {
        this.dirtyRows.add(row);
      } else if (table) {
        this.dirtyTables.add(table);
      } else if (record.type === 'childList') {
        page = true;
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1 || isOurs(node)) continue;
          const added = node as Element;
          if (added.matches(TABLE)) this.dirtyTables.add(added);
          for (const inner of added.querySelectorAll(TABLE)) this.dirtyTables.add(inner);
        }
      }
    }
    if (page || tab) this.hooks.pageChanged(tab);
    if (this.dirtyTables.size || this.dirtyRows.size) this.schedule();
  }

  private process(): void {
    const ctx = this.hooks.context();
    if (this.rescan) {
      this.rescan = false;
      for (const table of this.doc.querySelectorAll(TABLE)) this.dirtyTables.add(table);
    }
    for (const table of this.dirtyTables) {
      if (!table.isConnected) {
        this.known.delete(table);
        continue;
      }
      const kind = classifyTable(table);
      if (!kind) {
        // Never recognised, or no longer: leave the console's table as we found it.
        if (this.known.delete(table)) this.clearTable(table);
        continue;
      }
      this.known.set(table, kind);
      for (const row of bodyRows(table)) {
        this.dirtyRows.delete(row);
        this.renderRow(row, kind, ctx);
      }
    }
    this.dirtyTables.clear();
    for (const row of this.dirtyRows) {
      if (!row.isConnected || row.querySelector(COLUMN_HEADER)) continue;
      const table = row.closest(TABLE);
      const kind = table ? this.known.get(table) : undefined;
      if (kind) this.renderRow(row, kind, ctx);
    }
    this.dirtyRows.clear();
    for (const table of this.known.keys()) if (!table.isConnected) this.known.delete(table);
    this.hooks.tablesChanged(this.known);
    // Everything observed since the batch began is ours (badges, controls): nothing to do.
    this.observer?.takeRecords();
  }

  private clearTable(table: Element): void {
    for (const host of table.querySelectorAll(`[${OUR_ATTR}="badge"]`)) host.remove();
  }

  private renderRow(row: Element, kind: TableKind, ctx: RowContext | null): void {
    const state = this.rows.get(row);
    const id = kind === 'browse' ? flowIdOfRow(row) : ctx ? audienceIdOfRow(row, ctx.names, ctx.knownAudiences) : null;
    const cell = firstCell(row);
    if (!id || !cell || !ctx) {
      if (state) {
        state.host.remove();
        if (!id || !cell) this.rows.delete(row);
      }
      return;
    }
    if (state && state.id === id && state.version === ctx.version && cell.contains(state.host)) {
      this.place(state.host, cell);
      return;
    }
    let host = this.readyFor === ctx.version && kind === ctx.kind && this.ready.get(id);
    if (host) {
      this.ready.delete(id);
      state?.host.remove();
    } else {
      const data = ctx.badge(kind, id);
      if (!data) {
        state?.host.remove();
        this.rows.delete(row);
        return;
      }
      host = state?.host ?? createBadgeHost(this.doc);
      renderBadge(host, data.model, data.selection);
    }
    this.place(host, cell);
    this.rows.set(row, { id, version: ctx.version, host });
  }

  /** After the link in the first cell (or at the cell's end); moves only our own host. */
  private place(host: HTMLElement, cell: Element): void {
    const link = cell.querySelector(LINK);
    if (link) {
      if (host.previousSibling !== link) link.after(host);
    } else if (host.parentNode !== cell || host.nextSibling !== null) {
      cell.append(host);
    }
  }
}
