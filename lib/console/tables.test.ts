// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { activeTab } from './routes';
import {
  audienceIdOfRow,
  bodyRows,
  classifyTable,
  flowIdOfRow,
  isSelectionCell,
  nameCell,
  nameIndex,
  outermostContainer,
  rowCheckbox,
  rowSelected,
  selectAllState,
} from './tables';
import {
  ACTIVATION_HEADERS_EN,
  ACTIVATION_HEADERS_PT,
  BROWSE_HEADERS_EN,
  BROWSE_HEADERS_PT,
  audienceHref,
  eligible,
  flowHref,
  grid,
  uuid,
} from './fixtures.testutil';

beforeEach(() => {
  document.body.replaceChildren();
});

const tableOf = (wrap: HTMLElement) => wrap.querySelector('[role="grid"]')!;

describe('table recognition', () => {
  it.each([
    ['en browse', BROWSE_HEADERS_EN, 'browse'],
    ['pt-BR browse', BROWSE_HEADERS_PT, 'browse'],
    ['status header only', ['Name', 'Last Dataflow Run Status'], 'browse'],
    ['pt status header only', ['Nome', 'Status da última execução do fluxo de dados'], 'browse'],
    ['en activation', ACTIVATION_HEADERS_EN, 'activation'],
    ['pt-BR activation', ACTIVATION_HEADERS_PT, 'activation'],
    ['start without end', ['Name', 'Start date'], null],
    ['unknown table', ['Name', 'Owner', 'Created'], null],
    ['no headers', [], null],
  ] as const)('%s', (_, headers, kind) => {
    expect(classifyTable(tableOf(grid(document, [...headers], [])))).toBe(kind);
  });

  it('recognises a plain <table> with <th> headers', () => {
    const table = document.createElement('table');
    table.innerHTML = '<thead><tr><th>Name</th><th>Start date</th><th>End date</th></tr></thead>';
    expect(classifyTable(table)).toBe('activation');
  });

  it('recognises a plain <table> whose headers are in its first row, without a <thead>', () => {
    const table = document.createElement('table');
    table.innerHTML = '<tr><th>Name</th><th>Start date</th><th>End date</th></tr><tr><td>a</td><td>1</td><td>2</td></tr>';
    expect(classifyTable(table)).toBe('activation');
  });

  it("reads every header row of React Spectrum's head (nested columns): the dates are in the second", () => {
    const table = document.createElement('div');
    table.setAttribute('role', 'grid');
    table.innerHTML = `<div role="rowgroup">
      <div role="row" aria-rowindex="1"><div role="columnheader">Audience</div><div role="columnheader">Schedule</div></div>
      <div role="row" aria-rowindex="2"><div role="columnheader">Name</div><div role="columnheader">Start date</div><div role="columnheader">End date</div></div>
    </div><div role="rowgroup"><div role="row" aria-rowindex="3"><div role="rowheader">a</div></div></div>`;
    expect(classifyTable(table)).toBe('activation');
  });

  it('skips header rows', () => {
    const wrap = grid(document, BROWSE_HEADERS_EN, [{ name: 'a', href: flowHref(uuid(1)) }]);
    expect(bodyRows(tableOf(wrap))).toHaveLength(1);
  });

  it('ignores sort icons and case in header texts', () => {
    expect(classifyTable(tableOf(grid(document, ['Name ↕', 'START DATE', 'End date ▲'], [])))).toBe('activation');
  });

  it('puts the control before the table wrapper, not inside it next to its loading status', () => {
    const panel = document.createElement('div');
    const toolbar = document.createElement('div');
    toolbar.setAttribute('role', 'toolbar');
    const tableWrap = document.createElement('div');
    const status = document.createElement('div');
    status.setAttribute('role', 'progressbar');
    const wrap = grid(document, BROWSE_HEADERS_EN, []);
    tableWrap.append(wrap, status);
    panel.append(toolbar, tableWrap);
    document.body.append(panel);
    expect(outermostContainer(tableOf(wrap))).toBe(tableWrap);
  });

  it('finds the outermost container that wraps only the table', () => {
    const page = document.createElement('main');
    const title = document.createElement('h1');
    const outer = document.createElement('div');
    const wrap = grid(document, BROWSE_HEADERS_EN, []);
    outer.append(wrap);
    page.append(title, outer);
    document.body.append(page);
    expect(outermostContainer(tableOf(wrap))).toBe(outer);
  });
});

describe('row ids', () => {
  it('reads the dataflow id from the row link', () => {
    const wrap = grid(document, BROWSE_HEADERS_EN, [
      { name: 'a', href: `${flowHref(uuid(7))}?x=1` },
      { name: 'b', href: '#/elsewhere' },
    ]);
    const [a, b] = bodyRows(tableOf(wrap));
    expect(flowIdOfRow(a!)).toBe(uuid(7));
    expect(flowIdOfRow(b!)).toBeNull();
  });

  it('reads the audience id from a link ending in its UUID, else from the exact name', () => {
    const audiences = [eligible(uuid(1), 'One'), eligible(uuid(2), 'Two'), eligible(uuid(3), 'Dup'), eligible(uuid(4), 'Dup')];
    const names = nameIndex(audiences);
    const known = new Set(audiences.map((a) => a.id));
    const wrap = grid(document, ACTIVATION_HEADERS_EN, [
      { name: 'whatever', href: audienceHref(uuid(1)) },
      { name: 'Two' },
      { name: 'Dup' },
      { name: 'Two ' + 'x' },
      { name: 'Dup', href: audienceHref(uuid(4)) },
    ]);
    const ids = bodyRows(tableOf(wrap)).map((r) => audienceIdOfRow(r, names, known));
    expect(ids).toEqual([uuid(1), uuid(2), null, null, uuid(4)]);
  });
});

describe('active tab', () => {
  it('reads the selected tab in either language', () => {
    document.body.innerHTML =
      '<div role="tablist"><div role="tab" aria-selected="false">Activation data</div><div role="tab" aria-selected="true"> Execuções de fluxo de dados </div></div>';
    expect(activeTab(document)).toBe('runs');
    document.body.innerHTML = '<div role="tab" aria-selected="true">Activation data</div>';
    expect(activeTab(document)).toBe('activation');
    document.body.innerHTML = '<div role="tab" aria-selected="true">Something</div>';
    expect(activeTab(document)).toBeNull();
  });
});

describe('the name cell and the console\'s own selection (React Spectrum selectionMode="multiple")', () => {
  const rowsOf = (wrap: HTMLElement) => bodyRows(tableOf(wrap));

  it('is the rowheader, never the checkbox cell before it', () => {
    const [r] = rowsOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'Alpha', href: audienceHref(uuid(1)) }], { selection: true }));
    expect(r!.firstElementChild!.querySelector('input')).not.toBeNull();
    expect(nameCell(r!)!.getAttribute('role')).toBe('rowheader');
  });

  it("else the cell holding the row's link, else the first cell that is not a selection cell", () => {
    const linked = rowsOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'Alpha', href: audienceHref(uuid(1)) }], { selection: true, rowHeader: false }))[0]!;
    expect(nameCell(linked)!.querySelector('a')!.textContent).toBe('Alpha');
    const plain = rowsOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'Alpha' }], { selection: true, rowHeader: false }))[0]!;
    expect(nameCell(plain)!.textContent).toBe('Alpha');
    expect(isSelectionCell(plain.firstElementChild!)).toBe(true);
    expect(isSelectionCell(nameCell(plain)!)).toBe(false);
  });

  it('matches names without links from the name cell, with a selection column first', () => {
    const audiences = [eligible(uuid(1), 'Alpha'), eligible(uuid(2), 'Beta')];
    const r = rowsOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'Beta' }], { selection: true, rowHeader: false }))[0]!;
    expect(audienceIdOfRow(r, nameIndex(audiences), new Set(audiences.map((a) => a.id)))).toBe(uuid(2));
  });

  it("reads a row's selection from aria-selected, else from its checkbox", () => {
    const [a, b] = rowsOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'A' }, { name: 'B' }], { selection: true }));
    expect(rowSelected(a!)).toBe(false);
    a!.setAttribute('aria-selected', 'true');
    expect(rowSelected(a!)).toBe(true);
    // aria-selected wins over the checkbox's own state.
    (b!.querySelector('input') as HTMLInputElement).checked = true;
    expect(rowSelected(b!)).toBe(false);
    b!.removeAttribute('aria-selected');
    expect(rowSelected(b!)).toBe(true);
    expect(rowCheckbox(b!)).not.toBeNull();
  });

  it('reads Select All: none, some (indeterminate), all; null without a selection column', () => {
    const wrap = grid(document, ACTIVATION_HEADERS_EN, [{ name: 'A' }], { selection: true });
    const box = wrap.querySelector('[role="columnheader"] input') as HTMLInputElement;
    expect(selectAllState(tableOf(wrap))).toBe('none');
    box.indeterminate = true;
    expect(selectAllState(tableOf(wrap))).toBe('some');
    box.indeterminate = false;
    box.checked = true;
    expect(selectAllState(tableOf(wrap))).toBe('all');
    expect(selectAllState(tableOf(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'A' }])))).toBeNull();
  });

  it('finds Select All only in the head: a checkbox in a body row header belongs to that row', () => {
    document.body.innerHTML = `<table>
      <thead><tr aria-rowindex="1"><th>Name</th><th>Start date</th><th>End date</th></tr></thead>
      <tbody><tr aria-rowindex="2"><th scope="row"><input type="checkbox" checked> Audience A</th><td>2026-11-01</td><td></td></tr></tbody>
    </table>`;
    expect(selectAllState(document.querySelector('table')!)).toBeNull();
  });
});
