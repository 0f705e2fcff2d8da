// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { activeTab } from './routes';
import { audienceIdOfRow, bodyRows, classifyTable, flowIdOfRow, nameIndex, outermostContainer } from './tables';
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
