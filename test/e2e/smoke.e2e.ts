import { expect, test } from 'vitest';
import { type ExtensionApi, useHarness } from './harness';

// The whole chain: simulator serves the console, Chromium loads the test build,
// the content script runs in the app iframe, the background answers, the popup renders.
const h = useHarness();

test('content script runs in the app iframe of the simulated console', async () => {
  const { page, frame } = await h.openConsole(h.route());
  expect(frame).not.toBe(page.mainFrame());
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNow === 'ready');
  // The console page itself rendered the Browse list from the mock API, with a token.
  await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  const flowCalls = h.requests('/data/foundation/flowservice/flows');
  expect(flowCalls.length).toBeGreaterThan(0);
  expect(flowCalls[0]!.headers['authorization']).toBe(`Bearer ${h.state.scenario.token}`);
});

test('background answers a ping from an extension page', async () => {
  const page = await h.openPopup();
  const answer = await page.evaluate(() => (globalThis as unknown as { chrome: ExtensionApi }).chrome.runtime.sendMessage({ type: 'ping' }));
  expect(answer).toEqual({ ok: true, pong: true });
});

test('popup opens and renders its heading', async () => {
  const page = await h.openPopup();
  const heading = await page.waitForSelector('h1');
  expect((await heading.textContent())?.trim()).not.toBe('');
});
