/**
 * `npm run screenshots`: what a user sees, to look at after any visible change. Builds the
 * test extension, then saves to test-results/screens/ the console page on both simulators
 * (plain and React Spectrum) at 1024 and 1280 px, in English and Portuguese, the panel, a
 * confirmation, the eligibility report, the popup after an export with a failed run and the options page; and docs/screenshot.png
 * for the README. Not a test: nothing is asserted, the pictures are for eyes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { selectorsOf } from './console-sim/scenarios';
import { confirmation, launch, RESULTS_DIR, type ConsoleOptions, type Harness } from './e2e/harness';

const OUT = join(RESULTS_DIR, 'screens');
const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const BADGE = '[data-bulk-export-now="badge"]';

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npx', ['wxt', 'build', '--mode', 'test'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
mkdirSync(OUT, { recursive: true });
const saved: string[] = [];

async function settle(frame: Frame, page: Page): Promise<void> {
  await frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  await page.waitForTimeout(1200);
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  saved.push(file);
}

async function pageShots(h: Harness, lang: 'en' | 'pt-BR'): Promise<void> {
  const large = String(h.state.scenario.flows[7]!.id);
  const variants: [string, ConsoleOptions['query']][] = [
    ['spectrum', { ui: 'spectrum', lang }],
    ['plain', { lang }],
  ];
  for (const [variant, query] of variants) {
    for (const width of [1024, 1280]) {
      for (const [what, hash] of [
        ['browse', h.route()],
        ['activation', h.route(large)],
      ] as const) {
        const { page, frame } = await h.openConsole(hash, { query, width });
        await settle(frame, page);
        await shot(page, `${variant}-${what}-${lang}-${width}`);
        await page.close();
      }
    }
  }
}

async function panelAndConfirm(h: Harness, lang: 'en' | 'pt-BR'): Promise<void> {
  const flow = h.state.scenario.flows[7]!;
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum', lang }, width: 1280 });
  await settle(frame, page);
  // Hover a badge for its tooltip.
  const waiting = frame.locator(`${BADGE}`).nth(2);
  await waiting.hover();
  await page.waitForTimeout(300);
  await shot(page, `spectrum-tooltip-${lang}`);
  // Three rows ticked with the console's own checkboxes, then our confirmation.
  const boxes = frame.locator('[role="grid"] [role="row"]:not([aria-rowindex="1"]) input[type="checkbox"]');
  for (const i of [0, 1, 2]) await boxes.nth(i).click();
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.locator('button.primary').click();
  await page.waitForTimeout(300);
  await shot(page, `spectrum-confirm-${lang}`);
  await page.keyboard.press('Escape');
  await bar.getByRole('button', { name: lang === 'en' ? 'Open panel' : 'Abrir painel' }).click();
  await page.waitForTimeout(300);
  await shot(page, `spectrum-panel-${lang}`);
  // The eligibility report it opens, in a tab of ours.
  const opened = page.context().waitForEvent('page');
  await frame
    .locator('[data-bulk-export-now="panel"]')
    .getByRole('button', { name: lang === 'en' ? 'Eligibility report…' : 'Relatório de elegibilidade…' })
    .click();
  const report = await opened;
  await report.setViewportSize({ width: 1280, height: 800 });
  await report.getByRole('table').waitFor();
  await shot(report, `report-${lang}`);
  await report.close();
  await page.close();
}

async function popupShots(h: Harness, lang: 'en' | 'pt-BR'): Promise<void> {
  const popup = await h.openPopup();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.waitForTimeout(800);
  await shot(popup, `popup-${lang}`);
  await popup.close();
  // The options page, whole, for its support report after that export.
  const options = await h.openOptions();
  await options.setViewportSize({ width: 800, height: 900 });
  await options.getByTestId('support-report').waitFor();
  const file = join(OUT, `options-${lang}.png`);
  await options.screenshot({ path: file, fullPage: true });
  saved.push(file);
  await options.close();
}

/** An export with one failed run, so the popup has something honest to say. */
async function exportWithFailure(h: Harness): Promise<void> {
  const flow = h.state.scenario.flows[0]!;
  h.state.config.runDurationMs = 1500;
  h.state.config.failingAudiences = [String(selectorsOf(flow)[1]!.value.id)];
  const { page, frame } = await h.openConsole(h.route(String(flow.id)), { query: { ui: 'spectrum' } });
  await settle(frame, page);
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.getByRole('button', { name: /Export all eligible|Exportar todos/ }).click();
  await confirmation(frame).locator('button.primary').click();
  await page.waitForTimeout(5000);
  await shot(page, 'spectrum-after-export');
  await page.close();
}

/**
 * Export when ready on the fixtures' S3 dataflow: Gold (eligible) and two waiting audiences
 * ticked, the confirmation offering to queue them, the popup's Queued list after it, and
 * Gold's badge once its export succeeded (the same-data warning in its tooltip).
 */
async function queueShots(h: Harness, lang: 'en' | 'pt-BR'): Promise<void> {
  h.state.config.runDurationMs = 1500;
  const { page, frame } = await h.openConsole(h.route(S3), { query: { ui: 'spectrum', lang }, width: 1280 });
  await settle(frame, page);
  for (const name of ['Gold members', 'Cart abandoners 7d', 'Holiday launch']) {
    await frame.locator('[role="grid"] [role="row"]', { hasText: name }).locator('input[type="checkbox"]').click();
  }
  const bar = frame.locator('[data-bulk-export-now="bulk"]');
  await bar.locator('button.primary').click();
  const dialog = confirmation(frame);
  await dialog.locator('[data-testid="confirm-queue"] input').check();
  await page.waitForTimeout(200);
  await shot(page, `spectrum-confirm-queue-${lang}`);
  await dialog.locator('button.primary').click();
  await page.waitForTimeout(4000);
  await shot(page, `spectrum-after-queue-${lang}`);
  await frame.locator('[role="grid"] [role="row"]', { hasText: 'Gold members' }).locator(BADGE).hover();
  await page.waitForTimeout(300);
  await shot(page, `spectrum-same-data-${lang}`);
  await page.close();
  const popup = await h.openPopup();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.getByTestId('queue').waitFor();
  await shot(popup, `popup-queued-${lang}`);
  await popup.close();
}

/** Last (what it notes stays for the session): the app frame on a host we cannot read yet, the shell's panel and the popup. */
async function frameShots(h: Harness, lang: 'en' | 'pt-BR'): Promise<void> {
  const { page } = await h.openConsole(h.route(), { query: { frameHost: '127.0.0.2', lang }, width: 1280 });
  const shell = page.mainFrame();
  await shell.locator('[data-bulk-export-now="panel"] button.launcher').click();
  await shell.locator('[data-bulk-export-now="panel"] [role="status"]').first().waitFor();
  await shot(page, `frame-unreadable-panel-${lang}`);
  const popup = await h.openPopup();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.getByTestId('frame-access').waitFor();
  await shot(popup, `frame-unreadable-popup-${lang}`);
  await popup.close();
  await page.close();
}

for (const lang of ['en', 'pt-BR'] as const) {
  const h = await launch({ scenario: 'large', locale: lang });
  try {
    await pageShots(h, lang);
    await panelAndConfirm(h, lang);
    h.state.seed('fixtures');
    await h.stopServiceWorker();
    if (lang === 'en') {
      const { page, frame } = await h.openConsole(h.route(S3), { query: { ui: 'spectrum' }, width: 1280 });
      await settle(frame, page);
      await page.locator('body').hover({ position: { x: 5, y: 5 } });
      await shot(page, 'readme');
      copyFileSync(join(OUT, 'readme.png'), 'docs/screenshot.png');
      await page.close();
    }
    await queueShots(h, lang);
    h.state.seed('bulk');
    await h.stopServiceWorker();
    await exportWithFailure(h);
    await popupShots(h, lang);
    await frameShots(h, lang);
  } finally {
    await h.close();
  }
}
console.log(`${saved.length} screenshots in ${OUT}; docs/screenshot.png updated`);
