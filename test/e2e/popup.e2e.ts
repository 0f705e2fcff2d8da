import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { parseCsv } from '../csv';
import { startSimulator } from '../console-sim/server';
import { confirmation, type ExtensionApi, useHarness } from './harness';

// The popup's history and the options page, in real Chromium against the simulator.
const h = useHarness({ scenario: 'bulk' });

const BODY_ROWS = '[role="grid"] [role="row"]:not([aria-rowindex="1"])';
const BADGE = '[data-bulk-export-now="badge"]';
const ADHOC = '/data/core/activation/disflowprovider/adhocrun';

const posts = () => h.requests(ADHOC).filter((r) => r.method === 'POST');
const postedPairs = () =>
  posts().flatMap((r) =>
    Object.entries((r.body as { activationInfo: Record<string, string[]> }).activationInfo).flatMap(([f, ids]) => ids.map((a) => `${f}|${a}`)),
  );

/** Our own export's rows as records by its header (the BOM off the first name). */
function csvRecords(text: string): Record<string, string>[] {
  const rows = parseCsv(text);
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head!.map((k, i) => [k.replace(/^\uFEFF/, ''), r[i] ?? ''])));
}

async function jobItem(popup: Page) {
  const job = popup.getByTestId('job').first();
  await job.waitFor();
  return job;
}

test('an export from the page shows in the popup: expand, retry the failed run (offered once), export CSV', async () => {
  const flow = h.state.scenario.flows[0]!;
  const chosen = selectorsOf(flow)
    .slice(0, 3)
    .map((s) => ({ id: String(s.value.id), name: String(s.value.name) }));
  const failing = chosen[1]!;
  h.state.config.runDurationMs = 1500;
  h.state.config.failingAudiences = [failing.id];

  const { page, frame } = await h.openConsole(h.route(String(flow.id)));
  await frame.waitForFunction(({ sel, badge }) => document.querySelectorAll(`${sel} ${badge}`).length >= 10, { sel: BODY_ROWS, badge: BADGE });
  // The console ticks its own rows on Activation data: its checkboxes are the selection.
  for (const a of chosen) await frame.click(`${BODY_ROWS}:has(a:text-is("${a.name}")) input[type="checkbox"]`);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.locator('button.primary').click();
  await confirmation(frame).locator('button.primary').click();
  await expect.poll(postedPairs, { timeout: 15_000 }).toEqual(expect.arrayContaining(chosen.map((a) => `${flow.id}|${a.id}`)));
  expect(postedPairs()).toHaveLength(3);
  // The bar's last line counts the failure: never a plain "finished".
  await expect
    .poll(() => bar.getByTestId('job-status').textContent(), { timeout: 45_000, interval: 500 })
    .toContain('Export finished with failures. Succeeded: 2 · failed: 1 · skipped: 0.');
  // "View in history" opens a page at this job, opened, not a 400 px column in a tab.
  const opened = h.context.waitForEvent('page');
  await bar.getByRole('button', { name: 'View in history' }).click();
  const history = await opened;
  await history.waitForLoadState();
  expect(history.url()).toMatch(/popup\.html\?view=page&job=/);
  const focused = history.locator('[data-testid="job"].focused');
  await focused.getByTestId('run').first().waitFor();
  expect(await history.evaluate(() => document.body.getBoundingClientRect().width)).toBeGreaterThan(600);
  await history.close();
  await page.close();

  const popup = await h.openPopup();
  const job = await jobItem(popup);
  expect(await job.locator('.job-flows').textContent()).toBe(flow.name);
  // Runs end after 1.5 s of simulated time; the popup follows the store as the tracker records them.
  await expect.poll(() => job.locator('.pill').first().textContent(), { timeout: 45_000, interval: 500 }).toBe('Finished with failures');
  await job.getByRole('button', { name: 'Show runs' }).click();
  const runs = job.getByTestId('run');
  await expect.poll(() => runs.count()).toBe(3);
  const statuses = Object.fromEntries(
    await runs.evaluateAll((els) => els.map((el) => [el.querySelector('.run-name')?.textContent, el.querySelector('.pill')?.textContent])),
  );
  expect(statuses).toEqual(Object.fromEntries(chosen.map((a) => [a.name, a === failing ? 'Failed' : 'Succeeded'])));

  // Retry: the audience no longer fails; only its pair is sent again, as a new job on top.
  const firstJobId = (await job.getAttribute('data-job-id'))!;
  h.state.config.failingAudiences = [];
  h.clearRequests();
  await job.getByRole('button', { name: 'Retry the failed (1)' }).click();
  await job.getByText('Retry requested', { exact: false }).waitFor();
  await expect.poll(postedPairs, { timeout: 15_000 }).toEqual([`${flow.id}|${failing.id}`]);
  const retried = popup.locator(`[data-testid="job"]:not([data-job-id="${firstJobId}"])`);
  await retried.waitFor({ timeout: 15_000 });
  expect(await retried.textContent()).toContain('1 audience ·');
  await expect.poll(() => retried.locator('.pill').first().textContent(), { timeout: 45_000, interval: 500 }).toBe('Finished');
  expect(await retried.textContent()).toContain('1 succeeded · 0 failed');

  // The original job does not offer the same retry again: a note says where its failure went,
  // and its failed run (still open) says it was retried.
  const original = popup.locator(`[data-testid="job"][data-job-id="${firstJobId}"]`);
  await expect.poll(() => original.getByRole('button', { name: /^Retry/ }).count(), { timeout: 15_000, interval: 500 }).toBe(0);
  expect(await original.getByTestId('retried').textContent()).toBe('Failures retried in a new export: 1');
  const failedRun = original.locator(`[data-testid="run"]:has(.run-name:text-is("${failing.name}"))`);
  await expect.poll(() => failedRun.textContent(), { timeout: 15_000, interval: 500 }).toContain('Retried in a new export');
  expect(await original.getByTestId('run').filter({ hasText: 'Retried in a new export' }).count()).toBe(1);

  // CSV: one row per run of both jobs, ids and names as stored, the failure and its retry.
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const rows = csvRecords(readFileSync(file, 'utf8'));
  const first = rows.filter((r) => r.jobId === firstJobId);
  const second = rows.filter((r) => r.jobId !== firstJobId);
  expect(first.map((r) => r.audienceId).sort()).toEqual(chosen.map((a) => a.id).sort());
  for (const row of first) {
    expect(row.dataflowId).toBe(flow.id);
    expect(row.audienceName).toBe(chosen.find((a) => a.id === row.audienceId)!.name);
    expect(row.status).toBe(row.audienceId === failing.id ? 'failed' : 'success');
    expect(row.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.orgId).toBe(h.state.scenario.orgId);
  }
  expect(first.find((r) => r.audienceId === failing.id)!.errorMessage).not.toBe('');
  const secondJobId = (await retried.getAttribute('data-job-id'))!;
  expect(first.map((r) => [r.audienceId, r.retriedIn]).sort()).toEqual(chosen.map((a) => [a.id, a === failing ? secondJobId : '']).sort());
  expect(second.map((r) => [r.audienceId, r.status])).toEqual([[failing.id, 'success']]);
  await popup.close();
});

test('a corrupted record in IndexedDB shows as one unreadable row; the rest of the history renders', async () => {
  const popup = await h.openPopup();
  await jobItem(popup);
  const readable = await popup.getByTestId('job').count();
  await popup.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bulk-export-now');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('jobs', 'readwrite');
          // Indexed fields are present, so it is listed; the rest is not a job.
          tx.objectStore('jobs').put({ id: 'corrupt-job-1', createdAt: Date.now() + 1000, status: 'done', scopeKey: 'x', counts: 'not counts', pairs: 42 });
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await popup.reload();
  const unreadable = popup.getByTestId('unreadable');
  await unreadable.waitFor();
  expect(await unreadable.count()).toBe(1);
  expect(await unreadable.textContent()).toContain('Unreadable record');
  expect(await unreadable.textContent()).toContain('corrupt-job-1');
  expect(await popup.getByTestId('job').count()).toBe(readable);
  // CSV export still works with it in the list.
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Export CSV' }).click();
  expect(csvRecords(readFileSync(await (await download).path(), 'utf8')).length).toBeGreaterThanOrEqual(3);
  await popup.close();
});

test('changing the environment in options sends the next API call to that host', async () => {
  const other = await startSimulator({ scenario: 'bulk', clock: 'real' });
  try {
    const options = await h.openOptions();
    await options.getByLabel('Custom host', { exact: true }).check();
    const input = options.getByLabel('Custom host address');
    await input.fill(other.url);
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText(/^Saved\. Platform: /).waitFor();
    const stored = await options.evaluate(
      async () => (await (globalThis as unknown as { chrome: ExtensionApi }).chrome.storage.local.get('settings')).settings,
    );
    expect(stored).toMatchObject({ environment: 'custom', customHost: other.url });
    await options.close();

    // A fresh worker (no cached view), then a console page whose own API is the new host.
    await h.stopServiceWorker();
    // Started first, and past its first read of the settings: this test is about the host the
    // next call goes to, not a worker starting while the console loads. With the two at once,
    // one CI run on 30 Nov saw no badge in 20 s (cause not found: see issue 17's note).
    const worker = await h.serviceWorker();
    await worker.evaluate(() => (globalThis as unknown as { chrome: ExtensionApi }).chrome.storage.local.get('settings'));
    h.clearRequests();
    const flow = other.state.scenario.flows[0]!;
    const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { api: other.url } });
    await frame.waitForSelector(`${BODY_ROWS} ${BADGE}`, { timeout: 20_000 });
    const fromExtension = (log: { headers: Record<string, string>; path: string }[]) =>
      log.filter((r) => r.path.startsWith('/data/') && r.headers['origin']?.startsWith('chrome-extension://'));
    expect(fromExtension(other.state.log).length).toBeGreaterThan(0);
    expect(fromExtension(h.sim.state.log)).toEqual([]);
    await page.close();
  } finally {
    await h.setPlatformHost(h.sim.url);
    await other.close();
  }
});
