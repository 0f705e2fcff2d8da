import { beforeEach, expect, test } from 'vitest';
import { useHarness } from './harness';

// The simulated console renders every variation of console-contract.md, in real
// Chromium with the extension loaded (so the console's own controls are shown to keep working).
const h = useHarness();
beforeEach(() => h.state.seed('fixtures'));

const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const GOLD = '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01';
const BODY_ROWS = '[role="grid"] [role="row"]:not([aria-rowindex="1"])';

test('Portuguese headers and tabs, app at the top level (no shell iframe)', async () => {
  const { page, frame } = await h.openConsole(h.route(), { layout: 'top', query: { lang: 'pt-BR' } });
  expect(frame).toBe(page.mainFrame());
  await frame.waitForSelector(BODY_ROWS);
  const headers = await frame.$$eval('[role="columnheader"]', (els) => els.map((e) => e.textContent?.trim()));
  expect(headers).toContain('Dados de ativação');
  expect(headers).toContain('Status da última execução do fluxo de dados');
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === 'ready');

  await frame.evaluate((hash) => (location.hash = hash), h.route(S3));
  await frame.waitForSelector('[role="tab"][aria-selected="true"]');
  const tab = await frame.$eval('[role="tab"][aria-selected="true"]', (e) => e.textContent);
  expect(tab).toBe('Dados de ativação');
  const detailHeaders = await frame.$$eval('[role="columnheader"]', (els) => els.map((e) => e.textContent?.trim()));
  expect(detailHeaders).toEqual(expect.arrayContaining(['Data de início', 'Data de término']));
});

test('Activation data rows: rowheader with the audience link, hostile names as text', async () => {
  const { frame } = await h.openConsole(h.route(S3));
  await frame.waitForSelector(BODY_ROWS);
  const rows = await frame.$$eval(BODY_ROWS, (els) =>
    els.map((row) => ({
      index: row.getAttribute('aria-rowindex'),
      href: row.querySelector('[role="rowheader"] a')?.getAttribute('href'),
      name: row.querySelector('[role="rowheader"] a')?.textContent,
    })),
  );
  expect(rows).toHaveLength(6);
  expect(rows.map((r) => r.index)).toEqual(['2', '3', '4', '5', '6', '7']);
  expect(rows.find((r) => r.name === 'Gold members')?.href).toMatch(new RegExp(`/platform/segment/browse/${GOLD}$`));
  expect(rows.some((r) => r.name === 'Lapsed & <VIP> "quoted"')).toBe(true);
});

test('sort reorders the same row elements in place', async () => {
  const { frame } = await h.openConsole(h.route(S3));
  await frame.waitForSelector(BODY_ROWS);
  const before = await frame.evaluate((sel) => {
    const rows = [...document.querySelectorAll(sel)];
    (window as unknown as { rows: Element[] }).rows = rows;
    return rows.map((r) => r.querySelector('a')!.textContent);
  }, BODY_ROWS);
  await frame.click('[role="columnheader"] button');
  const after = await frame.evaluate((sel) => {
    const rows = [...document.querySelectorAll(sel)];
    const same = rows.every((r, i) => r === (window as unknown as { rows: Element[] }).rows[i]);
    return { same, names: rows.map((r) => r.querySelector('a')!.textContent) };
  }, BODY_ROWS);
  expect(after.same).toBe(true);
  expect(after.names).toEqual([...before].reverse());
});

test('virtualised rows: only visible rows exist and an element is reused for another record on scroll', async () => {
  h.state.seed('large');
  const { frame } = await h.openConsole(h.route(), { query: { virtual: 1 } });
  await frame.waitForSelector(BODY_ROWS);
  const count = await frame.$$eval(BODY_ROWS, (els) => els.length);
  expect(count).toBeLessThan(40);
  const first = await frame.evaluate((sel) => {
    const row = document.querySelector(`${sel}[aria-rowindex="2"]`)!;
    (window as unknown as { kept: Element }).kept = row;
    return row.querySelector('a')!.textContent;
  }, BODY_ROWS);
  await frame.evaluate(() => document.querySelector('.grid-scroller')!.scrollTo(0, 100_000));
  await frame.waitForSelector(`${BODY_ROWS}[aria-rowindex="41"]`);
  const reused = await frame.evaluate(() => {
    const row = (window as unknown as { kept: Element }).kept;
    return { connected: row.isConnected, index: row.getAttribute('aria-rowindex'), name: row.querySelector('a')!.textContent };
  });
  expect(reused.connected).toBe(true);
  expect(reused.index).not.toBe('2');
  expect(reused.name).not.toBe(first);
});

test('late rows arrive in pages after the data', async () => {
  h.state.seed('large');
  const { frame } = await h.openConsole(h.route(), { query: { late: 800, pageSize: 15 } });
  await frame.waitForSelector('[role="grid"]');
  expect(await frame.$$eval(BODY_ROWS, (els) => els.length)).toBe(0);
  await frame.waitForSelector(BODY_ROWS);
  await frame.waitForFunction((sel) => document.querySelectorAll(sel).length === 40, BODY_ROWS, { timeout: 10_000 });
});

test('a route change while the table renders leaves no rows of the old route', async () => {
  const { frame } = await h.openConsole(h.route(S3), { query: { late: 1500, switchAfter: 300 } });
  await frame.waitForFunction(() => !/[0-9a-f-]{36}/.test(location.hash));
  await frame.waitForSelector(BODY_ROWS);
  await frame.waitForTimeout(1600);
  const links = await frame.$$eval(`${BODY_ROWS} a`, (els) => els.map((a) => a.getAttribute('href')));
  expect(links.length).toBe(3);
  expect(links.every((href) => href?.includes('/destination/browse/'))).toBe(true);
});

test('links=0 renders names without links (name matching only)', async () => {
  const { frame } = await h.openConsole(h.route(S3), { query: { links: 0 } });
  await frame.waitForSelector(BODY_ROWS);
  expect(await frame.$$eval(`${BODY_ROWS} a`, (els) => els.length)).toBe(0);
  expect(await frame.$$eval(`${BODY_ROWS} [role="rowheader"]`, (els) => els.map((e) => e.textContent))).toContain('Gold members');
});

test("the console's own Export file now still works: one POST, a toast", async () => {
  const { frame } = await h.openConsole(h.route(S3));
  await frame.waitForSelector(BODY_ROWS);
  h.clearRequests();
  await frame.click('input[aria-label="Select Gold members"]');
  await frame.click('button:has-text("Export file now")');
  await frame.waitForSelector('#sim-toast:not([hidden])');
  expect(await frame.textContent('#sim-toast')).toBe('Export file now started for 1 audiences.');
  const posts = h.requests('/data/core/activation').filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0]!.body).toEqual({ activationInfo: { [S3]: [GOLD] } });
  expect(posts[0]!.headers['accept']).toBe('application/vnd.adobe.adhoc.activation+json; version=2');
});

test('console served from localhost calling the API on 127.0.0.1 (cross-origin, like the real console)', async () => {
  const origin = `http://localhost:${h.sim.port}`;
  const { frame } = await h.openConsole(h.route(), { origin, query: { api: h.sim.url } });
  await frame.waitForSelector(BODY_ROWS);
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === 'ready');
  const calls = h.requests('/data/foundation/flowservice/flows').filter((r) => r.method === 'GET');
  expect(calls.at(-1)!.headers['origin']).toBe(origin);
});
