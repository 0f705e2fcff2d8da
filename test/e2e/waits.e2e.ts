import type { Frame } from 'playwright-core';
import { expect, test } from 'vitest';
import { ADHOC_PATH, freshWorld } from './export-kit';
import { confirmation, useHarness } from './harness';

// What the page says while an export is not moving, in real Chromium: a 429 with
// Retry-After, a POST that gets no answer, and a 401 at the POST each say why and, where
// there is one, until when, in our words; the pairs waiting to be sent read "Exporting".
const h = useHarness({ scenario: 'bulk' });
const BADGE = '[data-bulk-export-now="badge"]';

/**
 * Opens a dataflow, exports every eligible audience from the bar, and returns its frame.
 * Each test takes its own dataflow: the jobs of the others are still waiting, and own theirs.
 */
async function exportFlow(index: number): Promise<{ frame: Frame; close(): Promise<void> }> {
  const flow = h.state.scenario.flows[index]!;
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByRole('button', { name: /Export all eligible/ }).click();
  await confirmation(frame).locator('button.primary').click();
  return { frame, close: () => page.close() };
}

const status = (frame: Frame) => frame.locator('[data-bulk-export-now="bulk"] [data-testid="job-status"]').textContent();

/** "HH:MM" of an instant in the browser's zone (UTC here), a minute either way. */
const around = (ms: number) => new RegExp(`(?:${[ms - 60_000, ms, ms + 60_000].map((t) => new Date(t).toISOString().slice(11, 16)).join('|')})`);

test('a 429 with Retry-After: the bar says Experience Platform asked to wait and when it sends again; the pairs read Exporting', async () => {
  await freshWorld(h, 'bulk');
  h.state.faults.push({ kind: '429', remaining: 1, path: ADHOC_PATH, method: 'POST', retryAfter: 300 });
  const { frame, close } = await exportFlow(0);
  await expect.poll(() => status(frame), { timeout: 20_000, interval: 250 }).toMatch(/^Waiting: Too many requests\. Sending again at /);
  expect(await status(frame)).toMatch(around(Date.now() + 300_000));
  // Not sent yet, not eligible either: the row says our export has it.
  const tones = await frame.$$eval(BADGE, (els) => els.map((b) => b.shadowRoot!.querySelector('.pill')!.className));
  expect(tones.length).toBeGreaterThan(0);
  expect(tones.every((c) => c.includes('running'))).toBe(true);
  await close();
});

test('a POST with no answer: the bar says it is checking whether the export started, and by when it will know', async () => {
  // Chromium itself sends a POST again when a kept-alive connection drops (twice, seen here; in
  // one CI run five drops were not enough and the export went through): every POST is dropped
  // until the bar has said it, then the faults are cleared.
  h.state.faults.push({ kind: 'drop', remaining: 1_000, path: ADHOC_PATH, method: 'POST' });
  const { frame, close } = await exportFlow(1);
  await expect.poll(() => status(frame), { timeout: 20_000, interval: 250 }).toMatch(/^Checking whether Experience Platform started the export/);
  expect(await status(frame)).toMatch(around(Date.now() + 120_000));
  h.state.faults = [];
  await close();
});

test("a 401 at the POST: paused, in our words, with what to do (never the gateway's text)", async () => {
  h.state.faults.push({ kind: '401', remaining: 5, path: ADHOC_PATH, method: 'POST' });
  const { frame, close } = await exportFlow(2);
  await expect
    .poll(() => status(frame), { timeout: 20_000, interval: 250 })
    .toMatch(/^Paused\. Your console session has expired: Reload the Experience Platform console page/);
  expect(await status(frame)).not.toMatch(/oauth|token is not valid/i);
  await close();
});
