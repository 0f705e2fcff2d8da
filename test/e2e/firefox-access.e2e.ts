import { expect, test } from 'vitest';
import { poll, useFirefoxHarness } from './firefox-harness';
import type { ExtensionApi } from './harness';

// Site access withheld in Firefox (a user who did not grant the add-on's sites; the pref
// below is what Firefox's "grant by default" turns off): the content script does not run,
// and the popup and the toolbar say why and what to do. Firefox's permission prompt cannot
// be answered in automation, so the step after "Allow access" is covered in Chromium
// (access.e2e.ts, where the browser's own setting can be given back between launches).
const h = useFirefoxHarness({ scenario: 'bulk', prefs: { 'extensions.originControls.grantByDefault': false } });

test('withheld: no badges on the console; the popup names the hosts instead of "not signed in", the toolbar shows "!"', async () => {
  const { page, frame } = await h.openConsole(h.route());
  await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  await new Promise((r) => setTimeout(r, 1000));
  expect(await frame.evaluate(() => document.documentElement.dataset.bulkExportNowScript)).toBeUndefined();
  await page.close();

  const popup = await h.openPopup();
  const notice = await poll('the site access notice', () => popup.$eval('[data-testid="site-access"]', (el) => el.textContent ?? '').catch(() => undefined));
  expect(notice).toContain('Bulk Export Now cannot reach the console');
  expect(notice).toMatch(/Your browser does not let it read experience\.adobe\.com, experience-stage\.adobe\.com, 127\.0\.0\.1\./);
  expect(await popup.$('[data-testid="signed-out"]')).toBeNull();
  expect(await popup.$eval('[data-testid="site-access"] button', (el) => el.textContent)).toBe('Allow access');
  const toolbar = await poll('the toolbar to say so', async () => {
    const [badge, title] = await popup.evaluate(async () => {
      const browser = (
        globalThis as unknown as { browser: ExtensionApi & { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } }
      ).browser;
      return [await browser.action.getBadgeText({}), await browser.action.getTitle({})];
    });
    return badge === '!' ? [badge, title] : undefined;
  });
  expect(toolbar).toEqual(['!', 'Bulk Export Now needs access to the console: open it to allow it']);
});
