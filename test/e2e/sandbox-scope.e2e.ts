import { expect, test } from 'vitest';
import { ADHOC_PATH, command } from './export-kit';
import { confirmation, useHarness } from './harness';

// Two console tabs in two sandboxes: each page works with its own sandbox's session,
// not with the one the background saw last. The simulator's app sends the route's
// sandbox as `x-sandbox-name`, and another sandbox than the scenario's is empty.
const h = useHarness();

const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const BADGE = '[role="grid"] [role="row"]:not([aria-rowindex="1"]) [data-bulk-export-now="badge"]';

interface PublicSession {
  sandbox: string;
  seenAt: number;
}

test("a tab's view and bulk export use its own sandbox's session after another sandbox's tab was seen later", async () => {
  const prod = h.state.scenario.sandbox;
  const { page: pageA, frame: frameA } = await h.openConsole(h.route(S3));
  await frameA.waitForFunction((sel) => document.querySelectorAll(sel).length >= 6, BADGE, { timeout: 15_000 });

  // Tab B in another sandbox: its console requests make `dev` the latest session.
  const devRoute = h.route().replace(`/sname:${prod}/`, '/sname:dev/');
  const { page: pageB } = await h.openConsole(devRoute);
  const sessions = async () => ((await command<{ sessions: PublicSession[] }>(h, 'session.list', {})).data?.sessions ?? []).map((s) => s.sandbox);
  // Newest first: the test means something only once `dev` is the one the old fallback would pick.
  await expect.poll(sessions, { timeout: 15_000 }).toEqual(['dev', prod]);

  // session.changed made tab A ask again: still its own (non-empty) sandbox's badges.
  h.clearRequests();
  await pageA.bringToFront();
  const bar = frameA.locator('[data-bulk-export-now="bulk"]');
  // The console has its own row checkboxes here: the bar offers every eligible audience at once.
  await bar.getByRole('button', { name: /Export all eligible/ }).click();
  const dialog = confirmation(frameA);
  await dialog.waitFor();
  await dialog.locator('button.primary').click();

  const posts = () => h.requests(ADHOC_PATH).filter((r) => r.method === 'POST');
  await expect.poll(() => posts().length, { timeout: 15_000 }).toBeGreaterThan(0);
  for (const post of posts()) {
    expect(post.headers['origin']).toMatch(/^chrome-extension:\/\//);
    expect(post.headers['x-sandbox-name']).toBe(prod);
    expect(Object.keys((post.body as { activationInfo: Record<string, unknown> }).activationInfo)).toEqual([S3]);
  }
  expect(await frameA.$$eval(BADGE, (els) => els.length)).toBeGreaterThanOrEqual(6);
  await pageB.close();
  await pageA.close();
});
