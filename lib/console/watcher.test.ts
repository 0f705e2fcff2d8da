// @vitest-environment happy-dom
// Over 400 lines: the watcher's every case (appear, re-render, virtualised reuse, sort, tooltips) on one shared table fixture.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setConsoleLocale as setLocale } from './i18n';
import { audienceBadge, dataflowBadge } from '@/lib/present/badges';
import type { AudienceView } from '@/lib/model';
import { OUR_ATTR } from './selectors';
import { nameIndex, type TableKind } from './tables';
import { watchTables, type RowContext, type TableWatcher } from './watcher';
import {
  ACTIVATION_HEADERS_EN,
  ACTIVATION_HEADERS_PT,
  BROWSE_HEADERS_EN,
  audienceHref,
  dataflow,
  eligible,
  flowHref,
  grid,
  reuseRow,
  row,
  uuid,
} from './fixtures.testutil';

setLocale('en');
const NOW = Date.UTC(2026, 10, 28, 15, 0);
const WORDS = { locale: 'en' as const, now: NOW, timeZone: 'UTC' };

const audiences = Array.from({ length: 40 }, (_, i) => eligible(uuid(i + 1), `Audience ${i + 1}`));
audiences.push(eligible(uuid(100), 'Twin'), eligible(uuid(101), 'Twin'));
const flows = Array.from({ length: 40 }, (_, i) => dataflow(uuid(500 + i), audiences.slice(0, 3)));

/** A view of `list` (the shared audiences unless a test brings its own; none changes them). */
function context(list: readonly AudienceView[] = audiences): RowContext {
  return {
    version: 1,
    names: nameIndex(list),
    knownAudiences: new Set(list.map((a) => a.id)),
    kind: 'activation',
    ids: list.map((a) => a.id),
    badge(kind: TableKind, id: string) {
      if (kind === 'browse') {
        const f = flows.find((x) => x.id === id);
        return f ? { model: dataflowBadge(f, WORDS), selection: null } : null;
      }
      const a = list.find((x) => x.id === id);
      return a ? { model: audienceBadge(a, WORDS), selection: null } : null;
    },
  };
}

let watcher: TableWatcher;
let ctx: RowContext | null;
/** What the watcher last reported of the console's own selection. */
let consoleSelected: ReadonlySet<string> | null | undefined;
const hosts = (root: ParentNode = document) => root.querySelectorAll(`[${OUR_ATTR}="badge"]`);
const text = (host: Element) => host.shadowRoot!.querySelector('.pill')!.textContent;
/** Let the MutationObserver deliver, then run the batch now. */
async function settle() {
  await new Promise((r) => setTimeout(r, 0));
  watcher.flush();
}

beforeEach(() => {
  document.body.replaceChildren();
  ctx = context();
  consoleSelected = undefined;
  watcher = watchTables(document, window, {
    context: () => ctx,
    tablesChanged: () => {},
    pageChanged: () => {},
    consoleSelection: (ids) => void (consoleSelected = ids),
  });
});
afterEach(() => watcher.stop());

/** A table of `count` eligible audiences named `${prefix} n`, in the page; returns them. */
function tableOf(count: number, prefix: string, firstId: number): AudienceView[] {
  const list = Array.from({ length: count }, (_, i) => eligible(uuid(firstId + i), `${prefix} ${i + 1}`));
  document.body.append(
    grid(
      document,
      ACTIVATION_HEADERS_EN,
      list.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    ),
  );
  return list;
}

describe('row watching', () => {
  it('badges recognised rows once, after the link in the first cell, even when run twice', async () => {
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      audiences.slice(0, 5).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    watcher.start();
    await settle();
    watcher.refreshAll();
    watcher.flush();
    await settle();
    const badges = hosts();
    expect(badges).toHaveLength(5);
    for (const host of badges) {
      expect(host.previousElementSibling?.tagName).toBe('A');
      // Not a tab stop: its reason shows when focus enters its row (test/e2e/a11y.e2e.ts tabs through).
      expect(host.hasAttribute('tabindex')).toBe(false);
      expect(host.getAttribute('aria-label')).toMatch(/Audience \d+: Eligible/);
    }
    expect(watcher.counts()).toEqual({ tables: 1, rows: 5, badged: 5 });
  });

  it("shows the badge of a row when focus is anywhere in that row (the console's link), no badge a tab stop", async () => {
    document.body.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        audiences.slice(0, 2).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    watcher.start();
    await settle();
    const link = document.querySelectorAll('[role="rowheader"] a')[1]!;
    link.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    const tip = document.querySelector(`[${OUR_ATTR}="tooltip"]`)!.shadowRoot!.querySelector('[role="tooltip"]') as HTMLElement;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toBe('Can be exported now.');
    link.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(tip.hidden).toBe(true);
    expect([...hosts()].some((h) => h.hasAttribute('tabindex'))).toBe(false);
  });

  it('shows the rule and the time (local and UTC) in one shared tooltip built on focus', async () => {
    const until = NOW + 20 * 60_000;
    const waiting = { id: uuid(300), name: 'Later', verdict: { kind: 'wait' as const, rule: 'activatedUnderOneHour' as const, until, warnings: [] } };
    ctx = context([...audiences, waiting]);
    document.body.append(grid(document, ACTIVATION_HEADERS_EN, [{ name: 'Later', href: audienceHref(waiting.id) }]));
    watcher.start();
    await settle();
    const host = hosts()[0]! as HTMLElement;
    expect(text(host)).toBe('Wait · 15:20');
    expect(document.querySelector(`[${OUR_ATTR}="tooltip"]`)).toBeNull();
    host.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    const tip = document.querySelector(`[${OUR_ATTR}="tooltip"]`)!.shadowRoot!.querySelector('[role="tooltip"]') as HTMLElement;
    expect(tip.textContent).toContain('Can be exported from 15:20 UTC.');
    expect(tip.hidden).toBe(false);
    host.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(tip.hidden).toBe(true);
    expect(host.getAttribute('aria-label')).toContain('Later: Wait');
  });

  it('badges Browse rows with the dataflow summary (pt-BR headers too)', async () => {
    document.body.append(
      grid(
        document,
        ['Nome', 'Status da última execução do fluxo de dados'],
        flows.slice(0, 3).map((f) => ({ name: f.name, href: flowHref(f.id) })),
      ),
    );
    watcher.start();
    await settle();
    expect([...hosts()].map(text)).toEqual(['3 of 3 eligible now', '3 of 3 eligible now', '3 of 3 eligible now']);
  });

  it('leaves an unrecognised table exactly as it was', async () => {
    const wrap = grid(
      document,
      ['Name', 'Owner'],
      audiences.slice(0, 3).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    const before = document.body.innerHTML;
    watcher.start();
    await settle();
    expect(hosts()).toHaveLength(0);
    expect(document.body.innerHTML).toBe(before);
    expect(watcher.counts().tables).toBe(0);
  });

  it('matches rows without links by exact name; duplicate names get no badge', async () => {
    document.body.append(grid(document, ACTIVATION_HEADERS_PT, [{ name: 'Audience 3' }, { name: 'Twin' }, { name: 'Audience 3 ' + 'more' }]));
    watcher.start();
    await settle();
    const badges = hosts();
    expect(badges).toHaveLength(1);
    expect(badges[0]!.getAttribute('aria-label')).toContain('Audience 3');
  });

  it('re-badges a virtualised row reused for another record, without duplicates', async () => {
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      audiences.slice(0, 10).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    watcher.start();
    await settle();
    const rows = wrap.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
    // Scroll by 10: every row element now shows the record 10 further down.
    rows.forEach((r, i) => reuseRow(r, { name: audiences[i + 10]!.name, href: audienceHref(audiences[i + 10]!.id) }));
    await settle();
    expect(hosts()).toHaveLength(10);
    rows.forEach((r, i) => {
      expect(r.querySelectorAll(`[${OUR_ATTR}]`)).toHaveLength(1);
      expect(r.querySelector(`[${OUR_ATTR}]`)!.getAttribute('aria-label')).toContain(`Audience ${i + 11}:`);
    });
  });

  // A delivery of up to 64 records is read one by one, a larger one rescans the tables: both re-badge each reused row.
  it.each([
    [10, 30],
    [40, 120],
  ])('re-badges %i reused rows from one delivery of %i records, and leaves the others as they were', async (reused, records) => {
    const table = tableOf(2 * reused, 'Many', 1000);
    const list = [...table, ...Array.from({ length: reused }, (_, i) => eligible(uuid(1000 + 2 * reused + i), `Many ${2 * reused + i + 1}`))];
    ctx = context(list);
    watcher.start();
    await settle();
    const rows = [...document.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')];
    const before = rows.map((r) => r.querySelector(`[${OUR_ATTR}]`));
    // React Spectrum scrolling: rows that left the view show the records that came in (three records each: the href, the old text out, the new in).
    const shown = (i: number) => (i % 2 === 0 ? 2 * reused + i / 2 : i);
    const delivered: MutationRecord[] = [];
    const counter = new MutationObserver((batch) => delivered.push(...batch));
    counter.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['href'] });
    rows.forEach((r, i) => {
      if (i % 2 === 0) reuseRow(r, { name: list[shown(i)]!.name, href: audienceHref(list[shown(i)]!.id) });
    });
    await settle();
    counter.disconnect();
    expect(
      delivered.filter(
        (record) => !(record.target as Element).closest?.(`[${OUR_ATTR}]`) && ![...record.addedNodes].some((n) => (n as Element).hasAttribute?.(OUR_ATTR)),
      ),
    ).toHaveLength(records);
    expect(hosts()).toHaveLength(2 * reused);
    rows.forEach((r, i) => {
      expect(r.querySelectorAll(`[${OUR_ATTR}]`)).toHaveLength(1);
      expect(r.querySelector(`[${OUR_ATTR}]`)!.getAttribute('aria-label')).toContain(`Many ${shown(i) + 1}:`);
      if (i % 2 === 1) expect(r.querySelector(`[${OUR_ATTR}]`)).toBe(before[i]);
    });
  });

  it('rows taken out of a table take their badges with them; the others keep theirs, and a row put back is badged', async () => {
    ctx = context(tableOf(6, 'Kept', 1200));
    watcher.start();
    await settle();
    const body = document.querySelectorAll('[role="rowgroup"]')[1]!;
    const [first, second, ...rest] = [...body.children];
    const before = rest.map((r) => r.querySelector(`[${OUR_ATTR}]`));
    first!.remove();
    second!.remove();
    await settle();
    expect(hosts()).toHaveLength(4);
    expect(rest.map((r) => r.querySelector(`[${OUR_ATTR}]`))).toEqual(before);
    body.append(first!);
    await settle();
    expect(hosts()).toHaveLength(5);
    expect(first!.querySelectorAll(`[${OUR_ATTR}]`)).toHaveLength(1);
  });

  it('follows an in-place sort (row elements moved) and late rows', async () => {
    const wrap = grid(
      document,
      BROWSE_HEADERS_EN,
      flows.slice(0, 4).map((f) => ({ name: f.name, href: flowHref(f.id) })),
    );
    document.body.append(wrap);
    watcher.start();
    await settle();
    const body = wrap.querySelectorAll('[role="rowgroup"]')[1]!;
    const rows = [...body.children];
    body.replaceChildren(...rows.reverse());
    await settle();
    expect(hosts()).toHaveLength(4);
    for (const r of rows) expect(r.querySelectorAll(`[${OUR_ATTR}]`)).toHaveLength(1);
    // Late rows, in a page.
    for (let i = 4; i < 8; i++) body.append(row(document, { name: flows[i]!.name, href: flowHref(flows[i]!.id) }, i + 2, 4));
    await settle();
    expect(hosts()).toHaveLength(8);
  });

  it('recognises a table whose headers arrive after its rows, and a table added later', async () => {
    watcher.start();
    const wrap = grid(
      document,
      [],
      audiences.slice(0, 2).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    await settle();
    expect(hosts()).toHaveLength(0);
    const headRow = wrap.querySelector('[aria-rowindex="1"]')!;
    for (const h of ACTIVATION_HEADERS_EN) {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'columnheader');
      cell.textContent = h;
      headRow.append(cell);
    }
    await settle();
    expect(hosts()).toHaveLength(2);
  });

  it('builds the badges ahead of the rows (prepare) and places those same badges when the rows appear', async () => {
    const base = context();
    /** The ids a badge was built for, in order. */
    const built: string[] = [];
    const counting = (ids: string[], version = 1): RowContext => ({ ...base, version, ids, badge: (kind, id) => (built.push(id), base.badge(kind, id)) });
    // A small view is badged in one frame: nothing is built ahead (a preparation would have
    // begun by the next task).
    ctx = counting(audiences.slice(0, 5).map((a) => a.id));
    watcher.start();
    watcher.prepare();
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(built).toEqual([]);
    // Many ids (a large view); only the first five have a record. Built in slices between
    // tasks, each id once, in the view's order, however long that takes here.
    const ids = [...audiences.slice(0, 5).map((a) => a.id), ...Array.from({ length: 400 }, (_, i) => uuid(2000 + i))];
    ctx = counting(ids);
    watcher.start();
    watcher.prepare();
    await vi.waitFor(() => expect(built).toHaveLength(ids.length), { timeout: 5_000, interval: 5 });
    expect(built).toEqual(ids);
    expect(hosts()).toHaveLength(0);
    built.length = 0;
    document.body.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        audiences.slice(0, 6).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    await settle();
    // Only the sixth row, not prepared, needed a badge built on the spot.
    expect(built).toEqual([audiences[5]!.id]);
    expect([...hosts()].map((h) => h.getAttribute('aria-label')?.split(':')[0])).toEqual(audiences.slice(0, 6).map((a) => a.name));
    // A newer view (version) is not served from badges prepared for the old one: each row's is built again.
    built.length = 0;
    ctx = counting(ids, 2);
    watcher.refreshAll();
    watcher.flush();
    expect([...built].sort()).toEqual(
      audiences
        .slice(0, 6)
        .map((a) => a.id)
        .sort(),
    );
  });

  it("keeps a reused row's badge, re-rendered for its new audience, though one was built ahead for that audience", async () => {
    const base = context();
    const built: string[] = [];
    // Enough ids to build ahead; the first 40 have records.
    const ids = [...audiences.slice(0, 40).map((a) => a.id), ...Array.from({ length: 400 }, (_, i) => uuid(3000 + i))];
    ctx = { ...base, ids, badge: (kind, id) => (built.push(id), base.badge(kind, id)) };
    watcher.start();
    watcher.prepare();
    await vi.waitFor(() => expect(built).toHaveLength(ids.length), { timeout: 5_000, interval: 5 });
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      audiences.slice(0, 5).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    await settle();
    const rows = [...wrap.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')];
    const before = rows.map((r) => r.querySelector(`[${OUR_ATTR}="badge"]`));
    // Scrolled by 10: each row element now shows an audience whose badge was built ahead.
    rows.forEach((r, i) => reuseRow(r, { name: audiences[i + 10]!.name, href: audienceHref(audiences[i + 10]!.id) }));
    await settle();
    // The same elements, never taken out of the page, saying the new audiences.
    expect(rows.map((r) => r.querySelector(`[${OUR_ATTR}="badge"]`))).toEqual(before);
    expect(before.map((h) => h!.isConnected && h!.getAttribute('aria-label')!.split(':')[0])).toEqual(audiences.slice(10, 15).map((a) => a.name));
    expect(hosts()).toHaveLength(5);
  });

  it('stops building ahead once rows of the view are badged on the page (a virtualised table shows a few)', async () => {
    const base = context();
    let asked = 0;
    const ids = [...audiences.slice(0, 5).map((a) => a.id), ...Array.from({ length: 5000 }, (_, i) => uuid(3000 + i))];
    ctx = { ...base, ids, badge: (kind, id) => (asked++, base.badge(kind, id)) };
    watcher.start();
    document.body.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        audiences.slice(0, 3).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    watcher.prepare();
    watcher.flush();
    expect(hosts()).toHaveLength(3);
    const afterRows = asked;
    await new Promise((r) => setTimeout(r, 50));
    // The rows were badged before the first slice: nothing more was built ahead.
    expect(asked).toBe(afterRows);
  });

  it('a long table: the first screen of badges drawn at once, the rest labelled and drawn as they come near view', async () => {
    // An IntersectionObserver the test drives: it reports only what the test says.
    const observed: Element[] = [];
    let report: ((entries: Partial<IntersectionObserverEntry>[]) => void) | null = null;
    class SeenByTest {
      constructor(callback: (entries: IntersectionObserverEntry[]) => void) {
        report = (entries) => callback(entries as IntersectionObserverEntry[]);
      }
      observe(el: Element) {
        observed.push(el);
      }
      unobserve() {}
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', SeenByTest);
    watcher.stop();
    watcher = watchTables(document, window, { context: () => ctx, tablesChanged: () => {}, pageChanged: () => {}, consoleSelection: () => {} });
    ctx = context(tableOf(250, 'Long', 2000));
    watcher.start();
    await settle();
    vi.unstubAllGlobals();
    const all = [...hosts()];
    expect(all).toHaveLength(250);
    // Every row labelled (what assistive technology reads); the first 60 drawn, the rest not yet.
    expect(all.every((host) => /^Long \d+: Eligible/.test(host.getAttribute('aria-label') ?? ''))).toBe(true);
    expect(all.filter((host) => host.shadowRoot).length).toBe(60);
    expect(text(all[59]!)).toBe('Eligible');
    expect(all[60]!.shadowRoot).toBeNull();
    // Row 100's name cell comes near view: its badge is drawn, with the words it was staged with.
    const cell = all[99]!.closest('[role="rowheader"]')!;
    expect(observed).toContain(cell);
    report!([{ target: cell, isIntersecting: true }]);
    watcher.flush();
    expect(text(all[99]!)).toBe('Eligible');
    expect(all.filter((host) => host.shadowRoot).length).toBe(61);
  });

  it("measures a badge once in view; a row reused far away waits to come into view, one reused just out of view (a scroller's overscan) is measured at once", async () => {
    let report: ((entries: Partial<IntersectionObserverEntry>[]) => void) | null = null;
    class SeenByTest {
      constructor(callback: (entries: IntersectionObserverEntry[]) => void) {
        report = (entries) => callback(entries as IntersectionObserverEntry[]);
      }
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', SeenByTest);
    watcher.stop();
    watcher = watchTables(document, window, { context: () => ctx, tablesChanged: () => {}, pageChanged: () => {}, consoleSelection: () => {} });
    const list = tableOf(4, 'Seen', 2600);
    ctx = context([...list, eligible(uuid(2700), 'Newcomer'), eligible(uuid(2701), 'Overscan')]);
    watcher.start();
    await settle();
    vi.unstubAllGlobals();
    // Where things are: cells in `far` sit ten screens down; everything else in view. A badge's
    // own box is read once per measure (fit.ts): `measured` lists whose.
    const far = new Set<Element>();
    const measured: string[] = [];
    const read = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      if (this.hasAttribute(OUR_ATTR)) measured.push(this.getAttribute('aria-label')!.split(':')[0]!);
      return new DOMRect(0, far.has(this) ? 10 * innerHeight : 0, 100, 20);
    });
    const cells = [...document.querySelectorAll('[role="rowheader"]')].filter((c) => c.closest('[aria-rowindex]:not([aria-rowindex="1"])'));
    const sight = (cell: Element, isIntersecting: boolean) => {
      report!([{ target: cell, isIntersecting }]);
      watcher.flush();
    };
    const reuse = async (cell: Element, audience: number, name: string) => {
      reuseRow(cell.closest('[role="row"]')!, { name, href: audienceHref(uuid(audience)) });
      await settle();
    };
    try {
      cells.forEach((cell) => sight(cell, true));
      expect(measured).toEqual(['Seen 1', 'Seen 2', 'Seen 3', 'Seen 4']);
      // Out of view and back, unchanged: not measured again.
      sight(cells[0]!, false);
      sight(cells[0]!, true);
      expect(measured).toHaveLength(4);
      // Reused far from view: measured when it comes into view.
      sight(cells[1]!, false);
      far.add(cells[1]!);
      await reuse(cells[1]!, 2700, 'Newcomer');
      expect(measured).toHaveLength(4);
      far.delete(cells[1]!);
      sight(cells[1]!, true);
      expect(measured.slice(4)).toEqual(['Newcomer']);
      // Reused just out of sight (clipped by a scroller, within the viewport): measured at once.
      sight(cells[2]!, false);
      await reuse(cells[2]!, 2701, 'Overscan');
      expect(measured.slice(5)).toEqual(['Overscan']);
      // Its scrolling into view then costs nothing.
      sight(cells[2]!, true);
      expect(measured).toHaveLength(6);
    } finally {
      read.mockRestore();
    }
  });

  it('a table of 200 rows or fewer (virtualised ones render fewer) is drawn whole at once', async () => {
    ctx = context(tableOf(200, 'Short', 2300));
    watcher.start();
    await settle();
    expect([...hosts()].filter((host) => host.shadowRoot).length).toBe(200);
  });

  it('a long table whose badges carry our checkbox draws them all: keyboard users reach them out of view', async () => {
    const base = context(tableOf(250, 'Boxed', 2600));
    ctx = { ...base, badge: (kind, id) => ({ ...base.badge(kind, id)!, selection: { checked: false, label: 'Select', onChange: () => {} } }) };
    watcher.start();
    await settle();
    const all = [...hosts()];
    expect(all).toHaveLength(250);
    expect(all.every((host) => host.shadowRoot?.querySelector('input[type="checkbox"]'))).toBe(true);
  });

  it('removes a badge when its row now points at an unknown record, and everything on stop', async () => {
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      audiences.slice(0, 3).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    document.body.append(wrap);
    watcher.start();
    await settle();
    reuseRow(wrap.querySelector('[aria-rowindex="2"]')!, { name: 'Gone', href: audienceHref(uuid(9999)) });
    await settle();
    expect(hosts()).toHaveLength(2);
    watcher.stop();
    expect(hosts()).toHaveLength(0);
  });
});

describe("a table with the console's own selection column", () => {
  const five = audiences.slice(0, 5);
  const withSelection = () => {
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      five.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      { selection: true },
    );
    document.body.append(wrap);
    return wrap;
  };
  const bodyRowsOf = (wrap: Element) => [...wrap.querySelectorAll('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')];
  // Selection offered by the context (our checkbox), which the watcher must leave out here.
  const selectable = (): RowContext => {
    const base = context();
    return { ...base, badge: (kind, id) => ({ ...base.badge(kind, id)!, selection: { checked: false, label: 'Select', onChange: () => {} } }) };
  };

  it('badges the name cell, never the checkbox cell, and adds no second checkbox', async () => {
    ctx = selectable();
    const wrap = withSelection();
    watcher.start();
    await settle();
    expect(hosts()).toHaveLength(5);
    for (const row of bodyRowsOf(wrap)) {
      const host = row.querySelector(`[${OUR_ATTR}="badge"]`)!;
      expect(host.closest('[role="rowheader"]')).not.toBeNull();
      expect(host.shadowRoot!.querySelector('input')).toBeNull();
      expect(row.querySelectorAll('input')).toHaveLength(1);
    }
  });

  it('a table without one keeps our checkbox in the badge', async () => {
    ctx = selectable();
    document.body.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        five.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    watcher.start();
    await settle();
    expect([...hosts()].every((h) => h.shadowRoot!.querySelector('input'))).toBe(true);
    expect(consoleSelected ?? null).toBeNull();
  });

  it("reports what the console selects: its rows' aria-selected, kept for rows out of view, and Select All", async () => {
    const wrap = withSelection();
    watcher.start();
    await settle();
    expect(consoleSelected).toEqual(new Set());
    const rows = bodyRowsOf(wrap);
    const all = wrap.querySelector('[role="columnheader"] input') as HTMLInputElement;
    rows[0]!.setAttribute('aria-selected', 'true');
    rows[2]!.setAttribute('aria-selected', 'true');
    await settle();
    // A header that does not show partial selection is not believed over the rows.
    expect(consoleSelected).toEqual(new Set([five[0]!.id, five[2]!.id]));
    all.indeterminate = true;
    // Virtualised away: the row element now shows another record, unselected; the first stays selected.
    reuseRow(rows[0]!, { name: audiences[20]!.name, href: audienceHref(audiences[20]!.id) });
    rows[0]!.setAttribute('aria-selected', 'false');
    await settle();
    expect(consoleSelected).toEqual(new Set([five[0]!.id, five[2]!.id]));
    all.indeterminate = false;
    all.checked = true;
    rows[1]!.setAttribute('aria-selected', 'true');
    await settle();
    expect(consoleSelected).toEqual(new Set(ctx!.ids));
    // Unticked: nothing is selected anywhere, rows out of view included.
    all.checked = false;
    for (const row of rows) row.setAttribute('aria-selected', 'false');
    await settle();
    expect(consoleSelected).toEqual(new Set());
  });

  it('follows a plain checkbox ticked in the name cell (no attribute changes, only a change event)', async () => {
    const wrap = grid(
      document,
      ACTIVATION_HEADERS_EN,
      five.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    );
    for (const row of bodyRowsOf(wrap)) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      row.querySelector('[role="rowheader"]')!.prepend(box);
    }
    document.body.append(wrap);
    watcher.start();
    await settle();
    const box = bodyRowsOf(wrap)[3]!.querySelector('input')!;
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(consoleSelected).toEqual(new Set([five[3]!.id]));
  });

  it("remembers where each record sat in the table, for the panel's order", async () => {
    const wrap = withSelection();
    watcher.start();
    await settle();
    expect(watcher.order().get(five[3]!.id)).toBe(5);
    const body = wrap.querySelectorAll('[role="rowgroup"]')[1]!;
    const rows = bodyRowsOf(wrap);
    // Sorted the other way: the console renumbers its rows.
    rows.forEach((row, i) => row.setAttribute('aria-rowindex', String(rows.length + 1 - i)));
    body.replaceChildren(...rows.reverse());
    await settle();
    expect(watcher.order().get(five[3]!.id)).toBe(3);
  });
});
