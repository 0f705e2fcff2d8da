import type { Frame, Page } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { confirmation, type ConsoleOptions, useHarness } from './harness';

// The page UI on the simulated console, in real Chromium: badges on every variation,
// bulk export from Browse, cleanup on route change, the console's own controls, the panel.
const h = useHarness();
let seeded = 'fixtures';
/** Seeds a world; the background caches views for 45 s, so a different world gets a fresh worker. */
async function seed(name: 'fixtures' | 'large'): Promise<void> {
  h.state.seed(name);
  if (seeded !== name) await h.stopServiceWorker();
  seeded = name;
}
beforeEach(() => seed('fixtures'));

const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const BODY_ROWS = '[role="grid"] [role="row"]:not([aria-rowindex="1"])';
const BADGE = '[data-bulk-export-now="badge"]';
const MIN = 60_000;

interface RowBadges {
  index: string | null;
  name: string;
  badges: { tone: string; text: string }[];
}

/** Each visible body row: its name as the console shows it and every badge of ours in it. */
async function rowBadges(frame: Frame): Promise<RowBadges[]> {
  return frame.$$eval(
    BODY_ROWS,
    (rows, badge) =>
      rows.map((row) => {
        const head = row.querySelector('[role="rowheader"]');
        const link = head?.querySelector('a');
        return {
          index: row.getAttribute('aria-rowindex'),
          // Our badge hosts keep their text in shadow roots, so textContent is the console's own.
          name: (link ?? head)?.textContent ?? '',
          badges: [...row.querySelectorAll(badge)].map((b) => {
            const pill = b.shadowRoot?.querySelector('.pill');
            return { tone: pill?.className.replace('pill', '').trim() ?? '', text: pill?.textContent ?? '' };
          }),
        };
      }),
    BADGE,
  );
}

/** Waits until `count` rows carry a badge (the view arrives after the rows). */
async function waitForBadges(frame: Frame, count: number): Promise<void> {
  await frame.waitForFunction(
    ({ sel, badge, n }) => [...document.querySelectorAll(sel)].filter((r) => r.querySelector(badge)).length >= n,
    { sel: BODY_ROWS, badge: BADGE, n: count },
    { timeout: 15_000 },
  );
}

/** "HH:MM" (UTC, the browser's zone here) of an instant, give or take the minute a cached view may be off by. */
const hhmm = (ms: number) => `(?:${[ms - MIN, ms, ms + MIN].map((t) => new Date(t).toISOString().slice(11, 16)).join('|')})`;

/** test/fixtures/platform/README.md's verdicts, on the simulator's (shifted) clock, in the console's language. */
function fixtureExpectations(lang: 'en' | 'pt-BR' = 'en'): Record<string, { tone: string; text: RegExp }> {
  const now = h.state.scenario.now;
  const [eligible, wait, blocked] = lang === 'en' ? ['Eligible', 'Wait', 'Blocked'] : ['Elegível', 'Aguarde', 'Bloqueado'];
  return {
    'Gold members': { tone: 'eligible', text: new RegExp(`^${eligible}$`) },
    'Cart abandoners 7d': { tone: 'wait', text: new RegExp(`^${wait} · .*${hhmm(now + 20 * MIN)}`) },
    'Black Friday 2026': { tone: 'blocked', text: new RegExp(`^${blocked}$`) },
    'Holiday launch': { tone: 'wait', text: new RegExp(`^${wait} · .*00:00`) },
    'Lapsed & <VIP> "quoted"': { tone: 'wait', text: new RegExp(`^${wait}$`) },
    'New policy prospects': { tone: 'wait', text: new RegExp(`^${wait} · .*${hhmm(now + 14 * 60 * MIN)}`) },
  };
}

function expectFixtureBadges(rows: RowBadges[], lang: 'en' | 'pt-BR' = 'en'): void {
  const expected = fixtureExpectations(lang);
  expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(expected).sort());
  for (const row of rows) {
    expect(row.badges, row.name).toHaveLength(1);
    expect(row.badges[0]!.tone, row.name).toBe(expected[row.name]!.tone);
    expect(row.badges[0]!.text, row.name).toMatch(expected[row.name]!.text);
  }
}

/** Every element we added, in the page and in each of its frames. */
async function ourElements(page: Page): Promise<number> {
  let n = 0;
  for (const frame of page.frames()) n += await frame.$$eval('[data-bulk-export-now]', (els) => els.length).catch(() => 0);
  return n;
}

test('Activation data badges: en in the iframe, pt-BR at the top level (in Portuguese, as the console), late rows in pages, no links', async () => {
  const variations: { name: string; options: ConsoleOptions }[] = [
    { name: 'en iframe', options: {} },
    { name: 'pt-BR top', options: { layout: 'top', query: { lang: 'pt-BR' } } },
    { name: 'late rows in pages', options: { query: { late: 600, pageSize: 2 } } },
    { name: 'names without links', options: { query: { links: 0 } } },
  ];
  for (const variation of variations) {
    const { page, frame } = await h.openConsole(h.route(S3), variation.options);
    await waitForBadges(frame, 6);
    const rows = await rowBadges(frame);
    try {
      // The browser is English; a Portuguese console gets Portuguese badges.
      expectFixtureBadges(rows, variation.options.query?.lang === 'pt-BR' ? 'pt-BR' : 'en');
    } catch (error) {
      throw new Error(`${variation.name}: ${(error as Error).message}`, { cause: error });
    }
    // The console ticks its own rows here: our badges add no second checkbox.
    const boxes = await frame.$$eval(BADGE, (els) => els.filter((b) => b.shadowRoot?.querySelector('input')).length);
    expect(boxes, variation.name).toBe(0);
    expect(await frame.$$eval(BODY_ROWS, (rows) => rows.map((r) => r.querySelectorAll('input[type="checkbox"]').length)), variation.name).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    // One bulk bar above the table, one launcher: none twice, in no frame.
    expect(await frame.$$eval('[data-bulk-export-now="bulk"]', (els) => els.length), variation.name).toBe(1);
    let panels = 0;
    for (const f of page.frames())
      panels += await f.$$eval('[data-bulk-export-now="panel"]', (els) => els.filter((e) => (e as HTMLElement).style.display !== 'none').length);
    expect(panels, variation.name).toBe(1);
    await page.close();
  }
});

test('sort keeps one right badge per row; hostile names stay text', async () => {
  const { page, frame } = await h.openConsole(h.route(S3));
  await waitForBadges(frame, 6);
  const before = await rowBadges(frame);
  await frame.click('[role="columnheader"] button');
  await frame.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent === 'New policy prospects',
    `${BODY_ROWS}[aria-rowindex="2"] [role="rowheader"] a`,
  );
  // The badge cells are patched after the sort: give the watcher a frame to catch up.
  await frame.waitForTimeout(300);
  const after = await rowBadges(frame);
  expect(after.map((r) => r.name)).toEqual(before.map((r) => r.name).reverse());
  expectFixtureBadges(after);
  // The hostile name: no element was made from it, its text is intact in the console and in our label.
  const hostile = await frame.evaluate(() => {
    const link = [...document.querySelectorAll('[role="rowheader"] a')].find((a) => a.textContent?.includes('VIP'))!;
    const badge = link.parentElement!.querySelector('[data-bulk-export-now="badge"]')!;
    return { vip: document.querySelectorAll('vip').length, label: badge.getAttribute('aria-label') };
  });
  expect(hostile.vip).toBe(0);
  expect(hostile.label).toContain('Lapsed & <VIP> "quoted"');
  await page.close();
});

test('large world: duplicate and hostile names, virtualised rows badged as they are reused', async () => {
  await seed('large');
  const flowOf = new Map(h.state.scenario.flows.map((f) => [String(f.name), f]));
  // Reference: every dataflow's badge on the plain list.
  const plain = await h.openConsole(h.route());
  await waitForBadges(plain.frame, 40);
  const reference = new Map((await rowBadges(plain.frame)).map((r) => [r.name, r.badges]));
  expect(reference.size).toBe(40);
  for (const badges of reference.values()) expect(badges).toHaveLength(1);
  await plain.page.close();

  const { page, frame } = await h.openConsole(h.route(), { query: { virtual: 1 } });
  await waitForBadges(frame, 5);
  const check = async () => {
    const rows = await rowBadges(frame);
    expect(rows.length).toBeLessThan(40);
    for (const row of rows) {
      expect(flowOf.has(row.name), row.name).toBe(true);
      expect(row.badges, row.name).toEqual(reference.get(row.name));
    }
    return rows.map((r) => r.name);
  };
  const top = await check();
  await frame.evaluate(() => document.querySelector('.grid-scroller')!.scrollTo(0, 100_000));
  await frame.waitForSelector(`${BODY_ROWS}[aria-rowindex="41"]`);
  await frame.waitForFunction(({ sel, badge }) => [...document.querySelectorAll(sel)].every((r) => r.querySelectorAll(badge).length === 1), {
    sel: BODY_ROWS,
    badge: BADGE,
  });
  const bottom = await check();
  expect(bottom).not.toEqual(top);
  await page.close();

  // A dataflow with hostile and duplicate audience names: each row its own badge, names as text.
  const flow = h.state.scenario.flows.find((f) => selectorsOf(f).some((s) => String(s.value.name).includes('<script>')))!;
  const names = selectorsOf(flow).map((s) => String(s.value.name));
  const detail = await h.openConsole(h.route(String(flow.id)));
  await waitForBadges(detail.frame, names.length);
  const rows = await rowBadges(detail.frame);
  expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
  for (const row of rows) expect(row.badges, row.name).toHaveLength(1);
  expect(await detail.frame.evaluate(() => document.querySelectorAll('script:not([src])').length)).toBe(0);
  expect(await detail.frame.evaluate(() => (window as unknown as { alerted?: boolean }).alerted)).toBeUndefined();
  await detail.page.close();
});

test('a console loading while the worker is stopped wakes it and gets its badges, five times over', async () => {
  // Chrome stops an idle worker; the next console page's first message starts it. The page's
  // view request and the worker's start (settings, session, store) race: any order must work.
  for (let round = 0; round < 5; round++) {
    await h.stopServiceWorker();
    const { page, frame } = await h.openConsole(h.route(round % 2 ? undefined : S3));
    await waitForBadges(frame, round % 2 ? 3 : 6);
    await page.close();
  }
});

test('route change mid-render: only Browse badges remain, none of the old route', async () => {
  const { page, frame } = await h.openConsole(h.route(S3), { query: { late: 1500, switchAfter: 300 } });
  await frame.waitForFunction(() => !/[0-9a-f-]{36}/.test(location.hash));
  await waitForBadges(frame, 3);
  await frame.waitForTimeout(1700);
  const rows = await rowBadges(frame);
  expect(rows.map((r) => r.name).sort()).toEqual(['Amazon S3 – Loyalty exports', 'SFTP – Campanhas Brasil', 'Streaming – Ads platform']);
  for (const row of rows) expect(row.badges, row.name).toHaveLength(1);
  expect(rows.find((r) => r.name.startsWith('Amazon'))!.badges[0]!.text).toBe('1 of 6 eligible now');
  expect(await frame.$$eval('[data-bulk-export-now="bulk"]', (els) => els.length)).toBe(1);
  await page.close();
});

test('navigating away removes everything we added; coming back restores it', async () => {
  const { page, frame } = await h.openConsole(h.route(S3));
  await waitForBadges(frame, 6);
  expect(await ourElements(page)).toBeGreaterThan(6);
  // Hover a badge so the shared tooltip exists too.
  await frame.hover(`${BODY_ROWS} ${BADGE}`);
  await frame.waitForSelector('[data-bulk-export-now="tooltip"]', { state: 'attached' });
  await frame.evaluate(() => (location.hash = '#/@acme/sname:prod/platform/segment/browse'));
  await frame.waitForSelector('h1:has-text("Page not found")');
  await expect.poll(() => ourElements(page)).toBe(0);
  await frame.evaluate(() => history.back());
  await waitForBadges(frame, 6);
  expectFixtureBadges(await rowBadges(frame));
  expect(await frame.$$eval('[data-bulk-export-now="bulk"]', (els) => els.length)).toBe(1);
  await page.close();
});

test("the console's own sort, Refresh and Export file now keep working with the extension", async () => {
  const { page, frame } = await h.openConsole(h.route(S3));
  await waitForBadges(frame, 6);
  await frame.click('[role="columnheader"] button');
  await frame.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-sort') === 'descending', '[role="columnheader"]');
  h.clearRequests();
  await frame.click('button:has-text("Refresh")');
  await frame.waitForSelector('#sim-toast:has-text("Refreshed.")');
  expect(h.requests('/data/foundation/flowservice/flows').length).toBeGreaterThan(0);
  await waitForBadges(frame, 6);
  expectFixtureBadges(await rowBadges(frame));
  h.clearRequests();
  await frame.click('input.row-check[aria-label="Select Gold members"]');
  await frame.click('button:has-text("Export file now")');
  await frame.waitForSelector('#sim-toast:has-text("Export file now started for 1 audiences.")');
  const posts = h.requests('/data/core/activation').filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0]!.headers['origin']).toBe(h.sim.url);
  await page.close();
});

test('Browse: 3 dataflows selected, exported, eligible pairs only; badges show running, then eligible again', async () => {
  await seed('large');
  h.state.config.runDurationMs = 4000;
  const scenario = h.state.scenario;
  const processing = new Set(scenario.runs.map((r) => `${r.flowId}|${JSON.stringify(r)}`));
  const today = new Date(scenario.now).toISOString().slice(0, 10);
  // Eligible by the documented rules (platform-api.md: a schedule covering today, a "Once"
  // schedule with no end date included; an hour after activation; no run in progress), from the raw world.
  const eligible = (flow: (typeof scenario.flows)[number]) =>
    selectorsOf(flow)
      .filter((s) => {
        const v = s.value;
        if (v.schedule.endDate && v.schedule.endDate < today) return false;
        if (v.schedule.startDate > today) return false;
        if (Number(v.createTime) * 1000 > scenario.now - 60 * MIN) return false;
        return ![...processing].some((p) => p.startsWith(`${flow.id}|`) && p.includes(String(v.id)));
      })
      .map((s) => `${flow.id}|${s.value.id}`);
  const chosen = [scenario.flows[1]!, scenario.flows[3]!, scenario.flows[5]!];
  const expected = chosen.flatMap(eligible).sort();
  expect(expected.length).toBeGreaterThan(30);

  const { page, frame } = await h.openConsole(h.route());
  await waitForBadges(frame, 40);
  h.clearRequests();
  for (const flow of chosen) await frame.click(`${BODY_ROWS}:has(a:text-is("${flow.name}")) ${BADGE} >> input`);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.locator('button.primary').click();
  const dialog = confirmation(frame);
  await dialog.waitFor();
  expect(await dialog.getByTestId('confirm-count').textContent()).toContain(String(expected.length));
  await dialog.locator('button.primary').click();

  const sentPairs = async () =>
    h
      .requests('/data/core/activation')
      .filter((r) => r.method === 'POST')
      .flatMap((r) =>
        Object.entries((r.body as { activationInfo: Record<string, string[]> }).activationInfo).flatMap(([f, ids]) => ids.map((a) => `${f}|${a}`)),
      )
      .sort();
  await expect.poll(sentPairs, { timeout: 15_000 }).toEqual(expected);

  const badgeOf = async (name: string) => (await rowBadges(frame)).find((r) => r.name === name)?.badges[0];
  for (const flow of chosen) await expect.poll(() => badgeOf(String(flow.name)), { timeout: 15_000 }).toMatchObject({ tone: 'running' });
  // Runs end after 4 s of simulated time: the badges come back to the eligible count.
  for (const flow of chosen) {
    await expect.poll(() => badgeOf(String(flow.name)), { timeout: 40_000, interval: 500 }).toMatchObject({ tone: 'eligible' });
  }
  expect((await badgeOf(String(chosen[0]!.name)))!.text).toMatch(new RegExp(`^${eligible(chosen[0]!).length} of \\d+ eligible now$`));
  await page.close();
});

test('the floating launcher only where no table is recognised, never over a table', async () => {
  // The Dataflow runs tab has a table we do not badge: the launcher opens the dataflow's panel.
  const runs = await h.openConsole(h.route(S3, '/dataflow-runs'));
  const floating = runs.frame.locator('[data-bulk-export-now="panel"] button.launcher');
  await floating.waitFor();
  await floating.click();
  await expect.poll(() => runs.frame.locator('[data-bulk-export-now="panel"] .list li').count()).toBe(6);
  await runs.page.close();
  // A recognised table has a bar above it, which opens the panel: no launcher over the table's last rows.
  const browse = await h.openConsole(h.route());
  await waitForBadges(browse.frame, 2);
  await browse.frame.locator('[data-bulk-export-now="bulk"]').getByRole('button', { name: 'Open panel' }).waitFor();
  expect(await browse.frame.locator('[data-bulk-export-now="panel"] button.launcher').count()).toBe(0);
  await browse.page.close();
});

test('the panel from the bar, when the rows cannot be told apart, by keyboard', async () => {
  const { page, frame } = await h.openConsole(h.route(), { query: { links: 0 } });
  await frame.waitForSelector(BODY_ROWS);
  const launcher = frame.locator('[data-bulk-export-now="bulk"]').getByRole('button', { name: 'Open panel' });
  await launcher.waitFor();
  // Without links the Browse rows cannot be told apart: no row badge, but the panel has everything.
  expect(await frame.$$eval(BADGE, (els) => els.length)).toBe(0);
  await launcher.focus();
  await page.keyboard.press('Enter');
  const panel = frame.locator('[data-bulk-export-now="panel"] section.panel');
  await panel.waitFor();
  expect(await launcher.getAttribute('aria-expanded')).toBe('true');
  await expect.poll(() => panel.locator('.list li').count()).toBe(2);
  const items = await panel
    .locator('.list li')
    .evaluateAll((lis) => lis.map((li) => ({ name: li.querySelector('.name')?.textContent, pill: li.querySelector('.pill')?.textContent })));
  expect(items).toEqual(
    expect.arrayContaining([
      { name: 'Amazon S3 – Loyalty exports', pill: expect.stringContaining('1 of 6 eligible now') },
      { name: 'SFTP – Campanhas Brasil', pill: expect.any(String) },
    ]),
  );
  // Keyboard: Space ticks the S3 dataflow, the export button counts it, Escape closes and focus goes back.
  const box = panel.getByLabel('Select dataflow Amazon S3 – Loyalty exports for export');
  await box.focus();
  await page.keyboard.press('Space');
  expect(await box.isChecked()).toBe(true);
  expect(await panel.locator('.bar button.primary').isEnabled()).toBe(true);
  await panel.locator('.bar button.primary').focus();
  await page.keyboard.press('Enter');
  const dialog = confirmation(frame);
  await dialog.waitFor();
  expect(await dialog.getByTestId('confirm-count').textContent()).toContain('1');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
  // Diagnostics say what was recognised.
  await page.keyboard.press('Enter');
  await panel.locator('summary').click();
  const report = await panel.getByTestId('diag-report').textContent();
  expect(report).toContain('route: browse');
  // The tables' fingerprints, computed in this frame by the script the background injects.
  expect(report).toMatch(/table 1: browse, \w+, \d+ columns: /);
  await page.close();
});

test("the shell page's launcher comes back once its app frame leaves the console (it cannot say so itself)", async () => {
  const { page, frame } = await h.openConsole(h.route(S3));
  await waitForBadges(frame, 6);
  const shellPanel = page.mainFrame().locator('[data-bulk-export-now="panel"]');
  // The app frame shows the page: the shell's own launcher stays hidden.
  await expect.poll(() => shellPanel.evaluate((el) => (el as HTMLElement).style.display)).toBe('none');
  // The app frame navigates off the console (or is gone): no message can come from it.
  await page.mainFrame().evaluate(() => {
    (document.getElementById('app-frame') as HTMLIFrameElement).src = 'about:blank';
  });
  await expect.poll(() => shellPanel.evaluate((el) => (el as HTMLElement).style.display), { timeout: 5_000 }).toBe('');
  await page.close();
});
