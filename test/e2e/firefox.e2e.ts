import type { Frame, Page } from 'puppeteer-core';
import type { Frame as PlaywrightFrame } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { ADHOC_PATH, pairKey, pairsOf, type JobView } from './export-kit';
import { CONFIRMATION, poll, useFirefoxHarness } from './firefox-harness';
import type { ExtensionApi } from './harness';
import { settledProblems } from './table-kit';

// The extension in headless Firefox ESR (the Firefox test build, a profile add-on),
// driven over WebDriver BiDi: badges on both simulated consoles, a bulk export from the
// page, the popup's history, the options page, and the history kept over a restart.
const h = useFirefoxHarness({ scenario: 'bulk' });

const BADGE = '[data-bulk-export-now="badge"]';
const BAR = '[data-bulk-export-now="bulk"]';
const JOB = '[data-testid="job"]';

/** table-kit measures with evaluate() and waits with waitForTimeout(): a puppeteer frame lends it both. */
function measurable(frame: Frame): PlaywrightFrame {
  const evaluate = (fn: (arg: unknown) => unknown, arg: unknown) => frame.evaluate(fn, arg);
  const waitForTimeout = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return { evaluate, waitForTimeout } as unknown as PlaywrightFrame;
}

const text = (page: Page | Frame, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

for (const ui of ['plain', 'spectrum'] as const) {
  test(`badges on Browse and on a dataflow's Activation data (${ui} console): one per row in view, its own, fully visible`, async () => {
    const query: Record<string, string> = ui === 'spectrum' ? { ui } : {};
    const flows = h.state.scenario.flows;
    for (const flowId of [undefined, String(flows[0]!.id)]) {
      const { page, frame } = await h.openConsole(h.route(flowId), { query });
      await frame.waitForSelector(BADGE, { timeout: 20_000 });
      const { problems, report } = await settledProblems(measurable(frame));
      expect(problems).toEqual([]);
      if (flowId) {
        const names = new Set(selectorsOf(flows[0]!).map((s) => String(s.value.name).trim()));
        expect(report.rows.length).toBeGreaterThan(5);
        expect(report.rows.every((r) => names.has(r.name))).toBe(true);
      } else {
        expect(report.rows.map((r) => r.name).sort()).toEqual(flows.map((f) => String(f.name).trim()).sort());
      }
      await page.close();
    }
  });
}

test('closing console tabs: Firefox cancels no script of ours', async () => {
  // The app frame's pagehide message used to be cancelled in about half of the closes;
  // with the badge tests' tabs, at least eight closes have printed what they would.
  for (let i = 0; i < 5; i++) {
    const { page, frame } = await h.openConsole(h.route());
    await frame.waitForSelector(BADGE, { timeout: 20_000 });
    await page.close();
  }
  const ours = `moz-extension://${h.extensionId}/`;
  const cancelled = h.browserOutput
    .join('')
    .split('\n')
    .filter((line) => line.includes('Script terminated') && line.includes(ours));
  expect(cancelled).toEqual([]);
});

test("the panel's diagnostics carry the tables' fingerprints, computed in the frame by the script the background injects", async () => {
  const { page, frame } = await h.openConsole(h.route(), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { timeout: 20_000 });
  await frame.locator(`${BAR} >>> button::-p-text(Open panel)`).click();
  await frame.locator('[data-bulk-export-now="panel"] >>> details.diag summary').click();
  await poll(
    'the diagnostics report',
    async () => /table 1: browse, /.test(await text(frame, '[data-bulk-export-now="panel"] >>> [data-testid="diag-report"]').catch(() => '')),
    15_000,
  );
  expect(await text(frame, '[data-bulk-export-now="panel"] >>> [data-testid="diag-report"]')).toContain('route: browse');
  await page.close();
});

let exported: { jobId: string; flowName: string } | undefined;

test("'Export all eligible' from a dataflow's bar: each pair POSTed once to the ad-hoc endpoint, the job done", async () => {
  h.state.seed('bulk');
  h.state.config.runDurationMs = 1_500;
  h.clearRequests();
  const flow = h.state.scenario.flows[1]!;
  const audiences = selectorsOf(flow).map((s) => String(s.value.id));
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await frame.waitForSelector(BADGE, { timeout: 20_000 });
  await frame.locator(`${BAR} >>> button::-p-text(Export all eligible)`).click();
  await frame.locator(`${CONFIRMATION} button.primary`).click();

  await poll('the bar to say the export finished', async () => /^Export finished\b/.test(await text(frame, `${BAR} >>> [data-testid="job-status"]`)), 45_000);
  const posts = h.requests(ADHOC_PATH).filter((r) => r.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0]!.status).toBe(200);
  const posted = posts.flatMap(pairsOf).map(pairKey);
  expect(posted.sort()).toEqual(audiences.map((audienceId) => pairKey({ flowId: String(flow.id), audienceId })).sort());
  expect(h.state.adhocRuns.map(pairKey).sort()).toEqual(posted);

  const reply = await h.command<{ items: JobView[] }>('history.list', { limit: 10 });
  const jobs = reply.data?.items ?? [];
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ status: 'done', counts: { success: audiences.length } });
  exported = { jobId: jobs[0]!.id, flowName: String(flow.name) };
  await page.close();
});

/** The popup lists the exported job, named after its dataflow, finished. */
async function expectJobInPopup(): Promise<void> {
  expect(exported, 'needs the export test before it').toBeDefined();
  const popup = await h.openPopup();
  const job = `${JOB}[data-job-id="${exported!.jobId}"]`;
  await popup.waitForSelector(job);
  expect(await text(popup, `${job} .job-flows`)).toBe(exported!.flowName);
  expect(await text(popup, `${job} .pill`)).toBe('Finished');
  expect(await popup.$$eval(JOB, (items) => items.length)).toBe(1);
  await popup.close();
}

test('the popup lists that export in its history', async () => {
  await expectJobInPopup();
});

test('options: choosing Stage saves it and says so; the simulator host set back shows as the custom host', async () => {
  const options = await h.openOptions();
  try {
    await options.locator('input[name="environment"][value="stage"]').click();
    await options.locator('button::-p-text(Save settings)').click();
    await poll('the saved message', async () =>
      (await text(options, '[data-testid="settings-status"]')).startsWith('Saved. Platform: Stage (platform-stage.adobe.io). '),
    );
    const stored = await options.evaluate(
      async () => (await (globalThis as unknown as { browser: ExtensionApi }).browser.storage.local.get('settings')).settings,
    );
    expect(stored).toMatchObject({ environment: 'stage' });
  } finally {
    // Not through the form: its Save asks for `${origin}/*`, and Firefox keeps the
    // simulator's port in that pattern, which the manifest does not declare, so it refuses.
    await h.setPlatformHost(h.sim.url);
    await options.close();
  }
  const reopened = await h.openOptions();
  await reopened.waitForSelector('#custom-host');
  expect(await reopened.$eval('input[name="environment"][value="custom"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
  expect(await reopened.$eval('#custom-host', (el) => (el as HTMLInputElement).value)).toBe(h.sim.url);
  await reopened.close();
});

// The extension is a profile add-on (see launchFirefox), so the relaunched Firefox loads it
// again by itself, on the same moz-extension:// origin: the history is the one IndexedDB kept.
test('the history is still there after Firefox restarts on the same profile', async () => {
  await h.relaunch();
  await expectJobInPopup();
});
