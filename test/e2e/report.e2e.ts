import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { useHarness } from './harness';

// The eligibility report from the console's panel, in real Chromium: it opens in a tab of
// ours for the page's org and sandbox, lists every audience of the dataflow with the
// badge's verdict, downloads CSV and JSON, and copies one audience's sentence.
const h = useHarness({ scenario: 'large' });
const BADGE = '[data-bulk-export-now="badge"]';

test('from the panel: every audience with its verdict, the CSV and JSON files, and a sentence to paste', async () => {
  const flow = h.state.scenario.flows[7]!;
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  const verdicts = await frame.locator(BADGE).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByRole('button', { name: 'Open panel' }).click();
  const opened = page.context().waitForEvent('page');
  await frame.locator('[data-bulk-export-now="panel"]').getByRole('button', { name: 'Eligibility report…' }).click();
  const report = await opened;
  expect(report.url()).toMatch(/\/report\.html\?org=.+&sandbox=prod&locale=en&flow=/);
  await report.getByRole('table').waitFor({ timeout: 15_000 });
  const rows = report.locator('tbody tr');
  expect(await rows.count()).toBe(selectorsOf(flow).length);
  // Each audience with a badge in view says in the report what its badge says.
  let compared = 0;
  for (let i = 0; i < (await rows.count()); i++) {
    const [name, verdict] = await rows
      .nth(i)
      .locator('td')
      .evaluateAll((cells) => [cells[1]!.textContent!, cells[2]!.textContent!]);
    const badge = verdicts.find((v) => v.startsWith(`${name}: `));
    if (!badge) continue;
    expect(badge.slice(name!.length + 2), name).toMatch(new RegExp(`^${verdict}\\b`));
    compared++;
  }
  expect(compared).toBeGreaterThan(4);

  const csvDownload = report.waitForEvent('download');
  await report.getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('dataflowName,dataflowId,audienceName,audienceId,verdict,rule,reason,untilLocal,untilUtc,warnings,explanation');
  expect(csv.filter(Boolean)).toHaveLength((await rows.count()) + 1);
  const jsonDownload = report.waitForEvent('download');
  await report.getByRole('button', { name: 'Download JSON' }).click();
  const json = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8'));
  expect(json).toMatchObject({ format: 'bulk-export-now/eligibility', sandbox: 'prod' });
  expect(json.audiences).toHaveLength(await rows.count());

  // The page's own clipboard call resolved (what it copies is the row's sentence: Report.test.tsx).
  const first = rows.first();
  await first.getByRole('button', { name: /^Copy explanation/ }).click();
  await expect.poll(() => first.getByRole('status').textContent()).toContain('Copied.');
});
