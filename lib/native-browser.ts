/**
 * What `wxt/browser` resolves to in content scripts (see wxt.config.ts): the browser's
 * own extension API. Content scripts only message the background, and both Chrome MV3
 * (`chrome.runtime.sendMessage` returns a Promise) and Firefox (`browser`) do that
 * natively, so the 10 kB polyfill stays out of the page's 20 kB budget.
 */
import type { Browser } from 'webextension-polyfill';

type Global = { browser?: Browser; chrome?: Browser };
const g = globalThis as unknown as Global;

export const browser: Browser = (g.browser ?? g.chrome)!;
export default browser;
