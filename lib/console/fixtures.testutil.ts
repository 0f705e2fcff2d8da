/** DOM fixtures that follow the console contract (docs/console-contract.md), for happy-dom tests. */
import { pageStrings } from '@/lib/i18n/page-strings';
import { PAGE_CSS } from './styles';
import type { Locale } from '@/lib/i18n/types';
import { presentDataflows, ruleSentences } from '@/lib/present/view';
import { tableLines } from './table-fingerprint';
import type { AudienceView, DataflowView } from '@/lib/model';
import type { ConsoleApi, JobStatus, StartExportResult, ViewResult } from './api';

export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface RowSpec {
  /** Link href; omitted = a plain name without link. */
  href?: string;
  name: string;
}

export interface GridOptions {
  /** A first column of the console's own checkboxes, "Select All" in its header (React Spectrum's selectionMode="multiple"). */
  selection?: boolean;
  /** The name cell is role=rowheader (default) or a plain gridcell. */
  rowHeader?: boolean;
}

function checkboxCell(doc: Document, role: string): HTMLElement {
  const cell = doc.createElement('div');
  cell.setAttribute('role', role);
  const label = doc.createElement('label');
  const box = doc.createElement('input');
  box.type = 'checkbox';
  label.append(box);
  cell.append(label);
  return cell;
}

/** A React Spectrum style grid: role=grid > rowgroup > rows with aria-rowindex. */
export function grid(doc: Document, headers: string[], rows: RowSpec[], options: GridOptions = {}): HTMLElement {
  const wrap = doc.createElement('div');
  wrap.className = 'spectrum-Table-wrapper';
  const table = doc.createElement('div');
  table.setAttribute('role', 'grid');
  const head = doc.createElement('div');
  head.setAttribute('role', 'rowgroup');
  const headRow = doc.createElement('div');
  headRow.setAttribute('role', 'row');
  headRow.setAttribute('aria-rowindex', '1');
  if (options.selection) headRow.append(checkboxCell(doc, 'columnheader'));
  for (const h of headers) {
    const cell = doc.createElement('div');
    cell.setAttribute('role', 'columnheader');
    cell.textContent = h;
    headRow.append(cell);
  }
  head.append(headRow);
  const body = doc.createElement('div');
  body.setAttribute('role', 'rowgroup');
  table.append(head, body);
  rows.forEach((spec, i) => body.append(row(doc, spec, i + 2, headers.length, options)));
  wrap.append(table);
  return wrap;
}

export function row(doc: Document, spec: RowSpec, index: number, columns = 3, options: GridOptions = {}): HTMLElement {
  const r = doc.createElement('div');
  r.setAttribute('role', 'row');
  r.setAttribute('aria-rowindex', String(index));
  if (options.selection) {
    r.setAttribute('aria-selected', 'false');
    r.append(checkboxCell(doc, 'gridcell'));
  }
  const first = doc.createElement('div');
  first.setAttribute('role', options.rowHeader === false ? 'gridcell' : 'rowheader');
  if (spec.href) {
    const a = doc.createElement('a');
    a.href = spec.href;
    a.textContent = spec.name;
    first.append(a);
  } else {
    const span = doc.createElement('span');
    span.textContent = spec.name;
    first.append(span);
  }
  r.append(first);
  for (let c = 1; c < columns; c++) {
    const cell = doc.createElement('div');
    cell.setAttribute('role', 'gridcell');
    cell.textContent = `c${c}`;
    r.append(cell);
  }
  return r;
}

/** Point a reused row element at another record, as a virtualised table does. */
export function reuseRow(r: Element, spec: RowSpec): void {
  const link = r.querySelector('a');
  if (link && spec.href) {
    link.setAttribute('href', spec.href);
    link.textContent = spec.name;
  } else {
    const span = r.querySelector('[role="rowheader"] span, [role="gridcell"] span');
    if (span) span.textContent = spec.name;
  }
}

export const BROWSE_HEADERS_EN = ['Name', 'Destination', 'Activation Data', 'Last Dataflow Run Status'];
export const BROWSE_HEADERS_PT = ['Nome', 'Destino', 'Dados de ativação'];
export const ACTIVATION_HEADERS_EN = ['Name', 'Start date', 'End date'];
export const ACTIVATION_HEADERS_PT = ['Nome', 'Data de início', 'Data de término'];

export const flowHref = (id: string) => `#/@acme/sname:prod/platform/destination/browse/${id}`;
export const audienceHref = (id: string) => `#/@acme/sname:prod/platform/segment/browse/${id}`;

export const eligible = (id: string, name: string): AudienceView => ({ id, name, verdict: { kind: 'eligible', warnings: [] } });
export const blocked = (id: string, name: string): AudienceView => ({
  id,
  name,
  verdict: { kind: 'blocked', rule: 'scheduleEnded', warnings: [] },
});

export function dataflow(id: string, audiences: AudienceView[], name = `Flow ${id.slice(-4)}`): DataflowView {
  return { id, name, state: 'enabled', verdict: { kind: 'eligible', warnings: [] }, audiences, processing: false };
}

/** A view as the background builds it, before it puts it in words (presentView below does, as view.get). */
export type RawView = Omit<ViewResult, 'dataflows' | 'reasons'> & { dataflows: DataflowView[] };

/** What view.get answers for a raw view: every badge and reason in `locale`. */
export function presentView(view: RawView, locale: Locale = 'en', now = Date.now()): ViewResult {
  return { ...view, dataflows: presentDataflows(view.dataflows, { locale, now }), reasons: ruleSentences(locale) };
}

export interface FakeApi extends ConsoleApi {
  view: RawView;
  calls: { getView: unknown[]; startExport: unknown[]; openHistory: unknown[]; retry: unknown[]; openReport: unknown[] };
  fireViewChanged(): void;
  exportResult?: StartExportResult;
  /** What jobStatus answers (the background's stored counts). */
  job: JobStatus | null;
}

export function fakeApi(view: RawView): FakeApi {
  const listeners = new Set<() => void>();
  const api: FakeApi = {
    view,
    calls: { getView: [], startExport: [], openHistory: [], retry: [], openReport: [] },
    job: null,
    async strings(locale) {
      return pageStrings(locale);
    },
    async styles() {
      return PAGE_CSS;
    },
    async retry(jobId) {
      api.calls.retry.push(jobId);
      return { jobId: `${jobId}-retry` };
    },
    async jobStatus() {
      return api.job;
    },
    async getView(route, _sandbox, locale) {
      api.calls.getView.push(route);
      return presentView(api.view, locale);
    },
    // The product's own function, as the injected script runs it in the frame.
    tableLines: async () => tableLines(document),
    async startExport(pairs) {
      api.calls.startExport.push(pairs);
      return api.exportResult ?? { jobId: 'job-1', sent: pairs.length, skipped: [] };
    },
    onViewChanged(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    openHistory(jobId) {
      api.calls.openHistory.push(jobId);
    },
    openReport(route) {
      api.calls.openReport.push(route);
    },
    fireViewChanged() {
      for (const l of listeners) l();
    },
  };
  return api;
}

/** Moves happy-dom's window to `url` and tells listeners, as a console route change would. */
export function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  window.dispatchEvent(new Event('hashchange'));
}

/** Lets `n` rounds of timers and animation frames run (the watcher flushes per frame). */
export async function tick(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}
