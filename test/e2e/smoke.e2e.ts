import { expect, test } from 'vitest';
import { type ExtensionApi, useHarness } from './harness';

// The whole chain: simulator serves the console, Chromium loads the test build,
// the content script runs in the app iframe, the background answers, the popup renders.
const h = useHarness();

test('content script runs in the app iframe of the simulated console', async () => {
  const { page, frame } = await h.openConsole(h.route());
  expect(frame).not.toBe(page.mainFrame());
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === 'ready');
  // The console page itself rendered the Browse list from the mock API, with a token.
  await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  const flowCalls = h.requests('/data/foundation/flowservice/flows');
  expect(flowCalls.length).toBeGreaterThan(0);
  expect(flowCalls[0]!.headers['authorization']).toBe(`Bearer ${h.state.scenario.token}`);
});

test('background answers a ping from an extension page', async () => {
  const page = await h.openPopup();
  const answer = await page.evaluate(() =>
    (globalThis as unknown as { chrome: ExtensionApi }).chrome.runtime.sendMessage({ channel: 'bulk-export-now', kind: 'command', type: 'ping', payload: {} }),
  );
  expect(answer).toMatchObject({ ok: true, data: { pong: true } });
});

test('popup opens and renders its heading', async () => {
  const page = await h.openPopup();
  const heading = await page.waitForSelector('h1');
  expect((await heading.textContent())?.trim()).not.toBe('');
});

test('the harness points the extension at the simulator and survives a stopped worker', async () => {
  const settings = await h.evalInWorker(async () => {
    const chrome = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
    return (await chrome.storage.local.get('settings')).settings;
  }, undefined);
  expect(settings).toEqual({ environment: 'custom', customHost: h.sim.url });

  await h.stopServiceWorker();
  expect(h.workerStatus).toBe('stopped');
  // A message wakes the worker again, as Chrome does for a real user.
  const page = await h.openPopup();
  const answer = await page.evaluate(() =>
    (globalThis as unknown as { chrome: ExtensionApi }).chrome.runtime.sendMessage({ channel: 'bulk-export-now', kind: 'command', type: 'ping', payload: {} }),
  );
  expect(answer).toMatchObject({ ok: true, data: { pong: true } });
  expect(h.workerStatus).toBe('running');

  await h.stopServiceWorker();
  expect(await h.evalInWorker(() => typeof (globalThis as unknown as { chrome?: ExtensionApi }).chrome?.storage, undefined)).toBe('object');
});

test('a newer copy of the script taking over (an update): the old one takes everything it added off the page', async () => {
  const { frame } = await h.openConsole(h.route());
  await frame.waitForSelector('[data-bulk-export-now="badge"]', { state: 'attached' });
  // What a freshly installed version's script says first thing in the page.
  await frame.evaluate(() => document.dispatchEvent(new CustomEvent('bulk-export-now:started')));
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === undefined);
  expect(await frame.locator('[data-bulk-export-now]').count()).toBe(0);
});
