import { expect, test } from 'vitest';
import { appFrame, useHarness } from './harness';

// The Platform app in a frame from a host the extension does not read (the simulator's
// 127.0.0.2, an "Adobe host" in test builds only): the shell page's panel and the popup name
// it; the popup's Grant access makes the content script run there and the session be
// captured, without reinstalling; the options page's Remove undoes both. The browser's
// permission prompt cannot be answered in automation: the test build holds that host's
// permission from install, so permissions.request resolves at once and every step after it
// runs for real (only the removal of the browser's permission cannot: a required one stays).
const h = useHarness();
const BADGE = '[data-bulk-export-now="badge"]';

test('an unreadable console frame is named, granted from the popup, read after a reload, and removed again', async () => {
  const frameOrigin = h.sim.frameUrl;
  expect(frameOrigin, 'the simulator could not listen on 127.0.0.2').toBeDefined();
  const { page, frame } = await h.openConsole(h.route(), { query: { frameHost: '127.0.0.2' } });
  expect(new URL(frame.url()).origin).toBe(frameOrigin);
  // The console itself works in that frame, but our script is not there.
  await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  expect(await frame.evaluate(() => document.documentElement.dataset.bulkExportNowScript)).toBeUndefined();

  // The shell page's panel says which frame, and what to do.
  const shell = page.mainFrame();
  await shell.locator('[data-bulk-export-now="panel"] button.launcher').click();
  await expect
    .poll(() => shell.locator('[data-bulk-export-now="panel"] [role="status"]').allTextContents(), { timeout: 10_000 })
    .toContainEqual(expect.stringContaining(`Experience Platform runs here in a frame from ${frameOrigin}, which Bulk Export Now cannot read yet.`));

  // The popup says the same instead of "not signed in", and grants access.
  const popup = await h.openPopup();
  const notice = popup.getByTestId('frame-access');
  await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain(frameOrigin);
  expect(await popup.getByTestId('signed-out').count()).toBe(0);
  await notice.getByRole('button', { name: 'Grant access' }).click();
  await expect.poll(() => notice.textContent()).toContain(`Access granted to ${frameOrigin}. Reload the console tab`);

  // After a reload the script runs in that frame: badges, from a session captured there.
  await page.reload();
  const granted = await appFrame(page);
  await granted.waitForSelector(BADGE, { state: 'attached', timeout: 20_000 });
  const options = await h.openOptions();
  await expect.poll(() => options.getByTestId('support-report').textContent(), { timeout: 10_000 }).toContain(`Console frames allowed: ${frameOrigin}.`);
  expect(await options.getByTestId('support-report').textContent()).toMatch(/Session: .+@AdobeOrg \/ prod, from the console/);

  // Remove: after a reload the frame is not read any more.
  await options.getByRole('button', { name: `Remove ${frameOrigin}` }).click();
  await expect.poll(() => options.locator('#frames').textContent()).toContain(`Access to ${frameOrigin} removed.`);
  await page.reload();
  const removed = await appFrame(page);
  await removed.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  await page.waitForTimeout(1000);
  expect(await removed.evaluate(() => document.documentElement.dataset.bulkExportNowScript)).toBeUndefined();
  expect(await removed.locator(BADGE).count()).toBe(0);
});
