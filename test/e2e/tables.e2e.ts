import type { Frame } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectorsOf, type ScenarioName } from '../console-sim/scenarios';
import { confirmation, type ConsoleOptions, useHarness } from './harness';
import { settledProblems } from './table-kit';

// Badges on both simulated consoles, the React Spectrum TableView and the plain markup, as
// a user sees them: one per row in view, of the row's own record, in its name cell, fully
// visible, never truncating a name the console shows whole; at 1024 and 1280 px, in both
// languages, in the iframe and at the top level, scrolled end to end and sorted. And one
// selection per row: the console's own checkboxes, where it has them, are what we export.
const h = useHarness();

let seeded: ScenarioName = 'fixtures';
/** Seeds a world; the background caches views for 45 s, so a different world gets a fresh worker. */
async function seed(name: ScenarioName): Promise<void> {
  h.state.seed(name);
  if (seeded !== name) await h.stopServiceWorker();
  seeded = name;
}

const SPECTRUM = { ui: 'spectrum' } as const;
const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const BADGE = '[data-bulk-export-now="badge"]';

/** Names that appear twice in a dataflow: without links they cannot be told apart, so they get no badge. */
function duplicateNames(flowIndex: number): Set<string> {
  const names = selectorsOf(h.state.scenario.flows[flowIndex]!).map((s) => String(s.value.name).trim());
  return new Set(names.filter((n, i) => names.indexOf(n) !== i));
}

async function waitForBadges(frame: Frame, n: number): Promise<void> {
  await frame.waitForFunction(({ sel, n }) => document.querySelectorAll(sel).length >= n, { sel: BADGE, n }, { timeout: 20_000 });
}

/**
 * Scrolls the table's scrolling box (the grid body, or the page) by what is in view less a
 * row, so that every row is wholly in view at one step or the next; false at the end.
 * Resolves after two frames, when the console and our badges have caught up.
 */
function scrollStep(frame: Frame, toTop = false): Promise<boolean> {
  return frame.evaluate(async (toTop) => {
    const row = document.querySelector('[role="grid"] [role="row"][aria-rowindex]:not([aria-rowindex="1"])');
    let box: Element | null = row?.parentElement ?? null;
    while (box && !(box.scrollHeight > box.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    // A table with its own scrolling body is brought into view first, so its rows can be seen.
    if (box) document.querySelector('[role="grid"]')!.scrollIntoView({ block: 'start' });
    const scroller = box ?? document.scrollingElement!;
    const before = scroller.scrollTop;
    if (toTop) scroller.scrollTop = 0;
    else {
      const r = box ? box.getBoundingClientRect() : { top: 0, bottom: innerHeight };
      const inView = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
      scroller.scrollTop = before + Math.max(50, inView - 60);
    }
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return toTop || scroller.scrollTop > before;
  }, toTop);
}

/** Checks the rows in view, scrolls, and again, to the end; returns every problem seen and how many rows were checked. */
async function checkWhileScrolling(frame: Frame, unbadged?: (name: string) => boolean, maxSteps = 300): Promise<{ problems: string[]; rows: number }> {
  const all: string[] = [];
  const seen = new Set<string>();
  await scrollStep(frame, true);
  for (let step = 0; step < maxSteps; step++) {
    const { problems, report } = await settledProblems(frame, unbadged);
    all.push(...problems.map((p) => `step ${step}: ${p}`));
    for (const row of report.rows) seen.add(`${row.index}`);
    if (!(await scrollStep(frame))) break;
  }
  return { problems: all, rows: seen.size };
}

interface Variation {
  name: string;
  options: ConsoleOptions;
}

const browseVariations: Variation[] = [
  { name: 'spectrum en iframe 1280', options: { query: { ...SPECTRUM }, width: 1280 } },
  { name: 'spectrum pt-BR top 1024, selection column', options: { layout: 'top', query: { ...SPECTRUM, lang: 'pt-BR', selection: 'multiple' }, width: 1024 } },
  { name: 'plain en iframe 1024', options: { width: 1024 } },
  { name: 'plain pt-BR top 1280', options: { layout: 'top', query: { lang: 'pt-BR' }, width: 1280 } },
];

test('Browse, 40 dataflows: every row in view badged in its name cell, fully visible, no name truncated by us', async () => {
  await seed('large');
  for (const variation of browseVariations) {
    const { page, frame } = await h.openConsole(h.route(), variation.options);
    await waitForBadges(frame, 5);
    const { problems, rows } = await checkWhileScrolling(frame);
    expect(problems, variation.name).toEqual([]);
    expect(rows, variation.name).toBe(40);
    await page.close();
  }
});

const activationVariations: Variation[] = [
  { name: 'spectrum en iframe 1280, selection column', options: { query: { ...SPECTRUM }, width: 1280 } },
  { name: 'spectrum pt-BR top 1024, no selection column', options: { layout: 'top', query: { ...SPECTRUM, lang: 'pt-BR', selection: 'none' }, width: 1024 } },
  { name: 'spectrum en iframe 1024, no links', options: { query: { ...SPECTRUM, links: 0 }, width: 1024 } },
  {
    name: 'spectrum pt-BR top 1280, no links, no selection column',
    options: { layout: 'top', query: { ...SPECTRUM, lang: 'pt-BR', links: 0, selection: 'none' }, width: 1280 },
  },
  { name: 'plain en iframe 1024', options: { width: 1024 } },
  { name: 'plain pt-BR top 1280, no links', options: { layout: 'top', query: { lang: 'pt-BR', links: 0 }, width: 1280 } },
];

test('Activation data: with and without the selection column and links, each row its own badge, fully visible', async () => {
  await seed('fixtures');
  for (const variation of activationVariations) {
    const { page, frame } = await h.openConsole(h.route(S3), variation.options);
    await waitForBadges(frame, 6);
    const { problems, report } = await settledProblems(frame);
    expect(problems, variation.name).toEqual([]);
    expect(report.rows, variation.name).toHaveLength(6);
    await page.close();
  }
  // Long and hostile names in a dataflow of the large world: the badges give way, never the names.
  await seed('large');
  for (const variation of activationVariations) {
    const { page, frame } = await h.openConsole(h.route(String(h.state.scenario.flows[7]!.id)), variation.options);
    await waitForBadges(frame, 5);
    const duplicates = variation.options.query?.links === 0 ? duplicateNames(7) : new Set<string>();
    const { problems } = await checkWhileScrolling(frame, (name) => duplicates.has(name));
    expect(problems, variation.name).toEqual([]);
    await page.close();
  }
});

test('a 1,000-audience dataflow, scrolled end to end and sorted: every row in view keeps its own visible badge', async () => {
  await seed('thousand');
  const flow = String(h.state.scenario.flows[0]!.id);
  const duplicates = duplicateNames(0);
  const variations: Variation[] = [
    { name: 'spectrum en iframe 1280', options: { query: { ...SPECTRUM }, width: 1280 } },
    { name: 'spectrum pt-BR top 1024, no links', options: { layout: 'top', query: { ...SPECTRUM, lang: 'pt-BR', links: 0 }, width: 1024 } },
    { name: 'plain virtual en top 1024', options: { layout: 'top', query: { virtual: 1 }, width: 1024 } },
  ];
  for (const variation of variations) {
    const { page, frame } = await h.openConsole(h.route(flow), variation.options);
    await waitForBadges(frame, 8);
    const unbadged = variation.options.query?.links === 0 ? (name: string) => duplicates.has(name) : undefined;
    const down = await checkWhileScrolling(frame, unbadged);
    expect(down.problems, `${variation.name}, scrolling`).toEqual([]);
    expect(down.rows, variation.name).toBe(1000);
    // Sort by name, descending: the same row elements show other records.
    await scrollStep(frame, true);
    const first = await frame.$eval('[role="grid"] [role="row"][aria-rowindex="2"] [role="rowheader"]', (el) => el.textContent);
    const sortControl = (await frame.$('[role="columnheader"] button')) ?? (await frame.$('[role="columnheader"][aria-sort]'));
    await sortControl!.click();
    await frame.waitForFunction(
      (before) => document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"] [role="rowheader"]')?.textContent !== before,
      first,
    );
    const sorted = await checkWhileScrolling(frame, unbadged, 5);
    expect(sorted.problems, `${variation.name}, sorted`).toEqual([]);
    await page.close();
  }
});

test.each([
  ['React Spectrum', { query: { ...SPECTRUM } }],
  ['plain', {}],
] as const)("%s: three rows ticked with the console's own checkboxes export exactly their eligible audiences", async (_, options) => {
  await seed('large');
  const flow = h.state.scenario.flows[0]!;
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), options as ConsoleOptions);
  await waitForBadges(frame, 8);
  expect((await settledProblems(frame)).problems).toEqual([]);
  // Two eligible rows and one that is not, ticked with the console's checkboxes.
  const picked = await frame.evaluate((badge) => {
    const rows = [...document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]')].filter((r) => r.querySelector(badge));
    const tone = (r: Element) => r.querySelector(badge)!.shadowRoot!.querySelector('.pill')!.className;
    const eligible = rows.filter((r) => tone(r).includes('eligible')).slice(0, 2);
    const other = rows.filter((r) => !tone(r).includes('eligible')).slice(0, 1);
    return [...eligible, ...other].map((r) => ({
      index: r.getAttribute('aria-rowindex')!,
      id: r.querySelector('a[href]')!.getAttribute('href')!.split('/').pop()!,
      eligible: tone(r).includes('eligible'),
    }));
  }, BADGE);
  expect(picked.filter((p) => p.eligible)).toHaveLength(2);
  expect(picked).toHaveLength(3);
  for (const { index } of picked) await frame.click(`[role="grid"] [role="row"][aria-rowindex="${index}"] input[type="checkbox"]`);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByText('3 selected in the table').waitFor();
  const ids = picked.filter((p) => p.eligible).map((p) => p.id);
  h.clearRequests();
  await bar.getByRole('button', { name: 'Export selected (3)' }).click();
  const dialog = confirmation(frame);
  await expect(dialog.getByTestId('confirm-count').textContent()).resolves.toBe('2 audiences will be exported now.');
  await expect(dialog.getByTestId('confirm-skipped').textContent()).resolves.toBe('1 will be skipped:');
  await dialog.getByRole('button', { name: 'Export 2' }).click();
  await expect.poll(() => h.requests('/data/core/activation/disflowprovider/adhocrun').length, { timeout: 15_000 }).toBe(1);
  const body = h.requests('/data/core/activation/disflowprovider/adhocrun')[0]!.body as { activationInfo: Record<string, string[]> };
  expect(Object.keys(body.activationInfo)).toEqual([String(flow.id)]);
  expect([...body.activationInfo[String(flow.id)]!].sort()).toEqual([...ids].sort());
  await page.close();
});
