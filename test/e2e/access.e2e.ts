import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useHarness } from './harness';

// Site access withheld in Chromium ("on click" in chrome://extensions, set here in the
// profile while the browser is closed, as that page would): the content script does not
// run, and the popup and the toolbar say why and what to do. The browser's prompt that
// "Allow access" opens cannot be answered in automation: the step after it is the user
// giving the access back, which a relaunch with the setting cleared stands in for.
const h = useHarness({ scenario: 'bulk' });
const BADGE = '[data-bulk-export-now="badge"]';

function siteAccess(withheld: boolean) {
  return (dir: string, id: string) => {
    const file = join(dir, 'Default/Preferences');
    const prefs = JSON.parse(readFileSync(file, 'utf8'));
    prefs.extensions.settings[id].withholding_permissions = withheld;
    writeFileSync(file, JSON.stringify(prefs));
  };
}

const toolbar = (page: Page) =>
  page.evaluate(`(async () => [await chrome.action.getBadgeText({}), await chrome.action.getTitle({})])()`) as Promise<[string, string]>;

test('withheld: no badges on the console, the popup names the hosts and the toolbar shows "!"; given back: all works again', async () => {
  // Chrome writes the profile's settings as it closes: relaunch() edits them in between.
  await h.relaunch(siteAccess(true));
  const { page, frame } = await h.openConsole(h.route());
  await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  await page.waitForTimeout(1000);
  expect(await frame.evaluate(() => document.documentElement.dataset.bulkExportNowScript)).toBeUndefined();

  const popup = await h.openPopup();
  const notice = popup.getByTestId('site-access');
  await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain('Bulk Export Now cannot reach the console');
  expect(await notice.textContent()).toContain('Your browser does not let it read experience.adobe.com, experience-stage.adobe.com, 127.0.0.1.');
  expect(await popup.getByTestId('signed-out').count()).toBe(0);
  expect(await notice.getByRole('button', { name: 'Allow access' }).isEnabled()).toBe(true);
  await expect.poll(() => toolbar(popup), { timeout: 10_000 }).toEqual(['!', 'Bulk Export Now needs access to the console: open it to allow it']);

  await h.relaunch(siteAccess(false));
  const again = await h.openConsole(h.route());
  await again.frame.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  const after = await h.openPopup();
  await after.waitForSelector('h1');
  await expect.poll(() => toolbar(after), { timeout: 10_000 }).toEqual(['', 'Bulk Export Now']);
  expect(await after.getByTestId('site-access').count()).toBe(0);
});
