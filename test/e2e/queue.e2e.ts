import type { Frame } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { command, freshWorld, jobs, pairCounts, pairKey, waitFor, waitJob, type Pair } from './export-kit';
import { confirmation, useHarness } from './harness';

// Export when ready, in real Chromium: a waiting audience ticked in the console's table is
// queued from the confirmation, listed in the popup with its time, and sent by the
// background when its wait ends (the simulator's clock moved on), once, with the worker
// killed and the browser restarted in between. Cancel sends nothing.
const h = useHarness({ scenario: 'fixtures' });
const BADGE = '[data-bulk-export-now="badge"]';
const QUEUE_ALARM = 'bulk-export-now.queue';
const MINUTE = 60_000;
/** A moment as the extension writes it: "10:42" today, "1 Dec, 00:05" on another day (runs late in the evening). */
const WHEN = String.raw`(?:\d{1,2} [A-Z][a-z]{2}, )?\d\d:\d\d`;

function s3() {
  const flow = h.state.scenario.flows.find((f) => String(f.name).startsWith('Amazon S3'))!;
  const pair = (name: string): Pair => ({ flowId: String(flow.id), audienceId: String(selectorsOf(flow).find((s) => s.value.name === name)!.value.id) });
  return { flow, pair };
}

/** Ticks the console's own checkbox of each named audience's row. */
async function tick(frame: Frame, names: string[]): Promise<void> {
  for (const name of names) {
    const index = await frame.evaluate(
      ({ name, badge }) => {
        const row = [...document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex]')].find(
          (r) => r.querySelector(badge) && r.textContent?.includes(name),
        );
        return row?.getAttribute('aria-rowindex') ?? null;
      },
      { name, badge: BADGE },
    );
    if (!index) throw new Error(`no row for ${name}`);
    await frame.click(`[role="grid"] [role="row"][aria-rowindex="${index}"] input[type="checkbox"]`);
  }
}

/** The background's queue alarm, moved to now: what the browser does when the wait is over. */
async function wakeQueue(): Promise<void> {
  await h.evalInWorker(async (name) => {
    const chrome = (globalThis as unknown as { chrome: { alarms: { create(n: string, o: { when: number }): Promise<void> } } }).chrome;
    await chrome.alarms.create(name, { when: Date.now() + 50 });
  }, QUEUE_ALARM);
}

/** Each test starts with nothing queued: the extension's database outlives the simulator's reseed. */
async function clearQueue(): Promise<void> {
  const reply = await command<{ entries: { queueId: string }[] }>(h, 'queue.list', {});
  for (const queueId of new Set((reply.data?.entries ?? []).map((e) => e.queueId))) await command(h, 'queue.cancel', { queueId });
}

async function queued(): Promise<{ audienceName: string; until: number | null; needsSession?: boolean }[]> {
  const reply = await command<{ entries: { audienceName: string; until: number | null; needsSession?: boolean }[] }>(h, 'queue.list', {});
  return reply.data?.entries ?? [];
}

// First: the later tests leave exports of ours that the reseeded simulator no longer knows.
test('exported again before its next scheduled export: the badge says same data until when; held for new data, it goes once a scheduled export has run', async () => {
  await freshWorld(h, 'fixtures');
  await clearQueue();
  const { flow, pair } = s3();
  const gold = pair('Gold members');
  const first = await command<{ jobId: string }>(h, 'exports.start', { pairs: [gold], origin: 'popup' });
  await waitJob(h, first.data!.jobId, ['done']);

  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  const row = frame.locator('[role="grid"] [role="row"]', { hasText: 'Gold members' });
  await expect
    .poll(() => row.locator(BADGE).evaluate((b) => b.shadowRoot!.querySelector('.pill')!.textContent), { timeout: 15_000 })
    .toContain('Eligible · same data');
  // Gold's schedule is daily at 23:00 UTC: the next one is named.
  const next = new Date(h.state.now());
  next.setUTCHours(23, 0, 0, 0);
  if (next.getTime() <= h.state.now()) next.setUTCDate(next.getUTCDate() + 1);
  await row.locator(BADGE).hover();
  const tip = frame.locator('[data-bulk-export-now="tooltip"]');
  await expect
    .poll(() => tip.evaluate((t) => t.shadowRoot!.textContent), { timeout: 5_000 })
    .toMatch(new RegExp(`Same data as the export at ${WHEN}; new data after the next scheduled export, about .*23:00 UTC`));

  await tick(frame, ['Gold members']);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByRole('button', { name: 'Export selected (1)' }).click();
  const dialog = confirmation(frame);
  await dialog.getByLabel('Send it after its next scheduled export instead (new data)').check();
  await dialog.getByRole('button', { name: 'Queue 1' }).click();
  await expect.poll(() => bar.getByTestId('job-status').textContent(), { timeout: 15_000 }).toContain('1 audience queued');
  expect(await queued()).toMatchObject([{ audienceName: 'Gold members', until: next.getTime() }]);
  await page.close();

  // At its time with no scheduled export yet: still held. Once one has run: sent, once.
  const consoleAt = async (at: number, route: string) => {
    h.state.setClock(at);
    const opened = await h.openConsole(route);
    await opened.frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
    await opened.page.close();
  };
  // (On a route the view cache has not seen: the worker learns the Platform's time from the answers.)
  const sftp = h.state.scenario.flows.find((f) => String(f.name).startsWith('SFTP'))!;
  await consoleAt(next.getTime() + 10_000, h.route(String(sftp.id)));
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(gold))).toBe(1);
  expect(await queued()).toMatchObject([{ until: null }]);
  h.state.addScheduledRun(String(flow.id), [], 'success');
  await wakeQueue();
  await waitFor('Gold members POSTed after the scheduled export', () => pairCounts(h).posted.get(pairKey(gold)) === 2, 30_000);
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(gold))).toBe(2);
  expect(await queued()).toEqual([]);
  // Tracked to its end: the next tests start with no export of ours in flight.
  const last = (await jobs(h)).find((j) => j.id !== first.data!.jobId);
  await waitJob(h, last!.id, ['done']);
});

test('queued from the confirmation, listed in the popup, sent once at its time across a killed worker and a browser restart', async () => {
  await freshWorld(h, 'fixtures');
  await clearQueue();
  const { flow, pair } = s3();
  const gold = pair('Gold members');
  const cart = pair('Cart abandoners 7d');
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  await tick(frame, ['Gold members', 'Cart abandoners 7d']);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByText('2 selected in the table').waitFor();
  await bar.getByRole('button', { name: 'Export selected (2)' }).click();
  const dialog = confirmation(frame);
  // The waiting one is named with its time, and offered for later (unticked).
  await expect(dialog.locator('[data-rule="activatedUnderOneHour"] li').textContent()).resolves.toMatch(new RegExp(`^Cart abandoners 7d · Wait · ${WHEN}$`));
  const offer = dialog.getByLabel('Export the waiting one when it becomes eligible');
  expect(await offer.isChecked()).toBe(false);
  await offer.check();
  await dialog.getByRole('button', { name: 'Export 1' }).click();
  await expect.poll(() => bar.getByTestId('job-status').textContent(), { timeout: 15_000 }).toContain('1 queued for later.');
  await waitFor('Gold members POSTed', () => pairCounts(h).posted.get(pairKey(gold)) === 1);
  expect(pairCounts(h).posted.get(pairKey(cart))).toBeUndefined();
  await page.close();

  // The popup lists it, with its time.
  const entries = await queued();
  expect(entries.map((e) => e.audienceName)).toEqual(['Cart abandoners 7d']);
  const popup = await h.openPopup();
  const list = popup.getByTestId('queue');
  await expect(list.locator('summary').first().textContent()).resolves.toMatch(new RegExp(`^Sends at ${WHEN}\\s*1 audience$`));
  await popup.screenshot({ path: 'test-results/screens/popup-queued.png' }).catch(() => undefined);
  await popup.close();

  // The worker is killed, the wait runs out, and the browser restarts (its session is gone with it).
  await h.stopServiceWorker();
  h.state.advance(21 * MINUTE);
  await h.relaunch();
  await h.serviceWorker();
  // Started again with no session (storage.session went with the browser): it stays queued, unsent.
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect((await queued()).map((e) => e.audienceName)).toEqual(['Cart abandoners 7d']);
  expect(pairCounts(h).posted.get(pairKey(cart))).toBeUndefined();

  // A console page brings a session (and the Platform's time): the queue sends at its next wake.
  const again = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await again.frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  await wakeQueue();
  await waitFor('Cart abandoners POSTed from the queue', () => pairCounts(h).posted.get(pairKey(cart)) === 1, 30_000);
  // Woken again: nothing more goes.
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(cart))).toBe(1);
  expect(pairCounts(h).posted.get(pairKey(gold))).toBe(1);
  expect(await queued()).toEqual([]);
  await again.page.close();
});

test('a schedule that starts on a later day goes just after its first day begins (UTC); a cancelled one never goes', async () => {
  await freshWorld(h, 'fixtures');
  await clearQueue();
  const { pair } = s3();
  // Not the audience of the test before: its export of that one is still ours.
  const holiday = pair('Holiday launch');
  const prospects = pair('New policy prospects');
  const started = await command<{ jobId: string; queued: number }>(h, 'exports.start', { pairs: [holiday, prospects], origin: 'popup', queue: true });
  expect(started.data).toMatchObject({ jobId: '', queued: 2 });
  const start = (await queued()).find((e) => e.audienceName === 'Holiday launch')!.until!;
  expect(new Date(start).toISOString()).toMatch(/T00:00:00\.000Z$/);

  const popup = await h.openPopup();
  await popup.getByRole('button', { name: 'Cancel the queued export of New policy prospects' }).click();
  await expect.poll(() => popup.getByTestId('queue').locator('li').count(), { timeout: 10_000 }).toBe(1);
  await popup.close();

  // Just before the day starts: nothing goes. Just after: the one left goes, once.
  // (A console page each time, each on a route not cached yet: the worker learns the Platform's time from its answers.)
  const consoleAt = async (at: number, flowId?: string) => {
    h.state.setClock(at);
    const { page, frame } = await h.openConsole(h.route(flowId));
    await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
    return page;
  };
  await (await consoleAt(start - MINUTE)).close();
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(holiday))).toBeUndefined();
  const page = await consoleAt(start + 10_000, holiday.flowId);
  await wakeQueue();
  await waitFor('Holiday launch POSTed from the queue', () => pairCounts(h).posted.get(pairKey(holiday)) === 1, 30_000);
  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(holiday))).toBe(1);
  expect(pairCounts(h).posted.get(pairKey(prospects))).toBeUndefined();
  await page.close();
});

test('waiting on a scheduled export still processing: sent when the simulator completes that run, not before', async () => {
  await freshWorld(h, 'fixtures');
  await clearQueue();
  const { flow, pair } = s3();
  const lapsed = pair('Lapsed & <VIP> "quoted"');
  const started = await command<{ jobId: string; queued: number }>(h, 'exports.start', { pairs: [lapsed], origin: 'popup', queue: true });
  expect(started.data).toMatchObject({ jobId: '', queued: 1 });
  expect(await queued()).toMatchObject([{ until: null }]);

  await wakeQueue();
  await new Promise((r) => setTimeout(r, 1_500));
  expect(pairCounts(h).posted.get(pairKey(lapsed))).toBeUndefined();
  expect(await queued()).toHaveLength(1);

  expect(h.state.completeScheduledRuns('success', String(flow.id))).toBeGreaterThan(0);
  await wakeQueue();
  await waitFor('Lapsed POSTed once its scheduled run ended', () => pairCounts(h).posted.get(pairKey(lapsed)) === 1, 30_000);
  expect(await queued()).toEqual([]);
});
