/**
 * Firefox end-to-end harness: the console simulator (in-process) + headless Firefox ESR
 * driven by puppeteer-core over WebDriver BiDi (no geckodriver), with the Firefox test
 * build installed in a fresh profile. One harness per test file:
 *
 *   const h = useFirefoxHarness();     // beforeAll launch, afterAll close, screenshots on failure
 *   const { frame } = await h.openConsole(h.route());
 *
 * The same methods as the Chromium harness (BrowserHarness), with puppeteer's Page and
 * Frame. Absent: serviceWorker, stopServiceWorker, evalInWorker and workerStatus. They drive
 * Chrome's service worker through CDP; Firefox runs the background as an event page, which
 * BiDi can neither evaluate code in nor stop. Tests reach the background the way the
 * extension's own pages do, with runtime.sendMessage from an extension page (command()).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../console-sim/server';
import type { ScenarioName } from '../console-sim/scenarios';
import type { LoggedRequest } from '../console-sim/state';
import { findBrowser } from '../browsers';
import { consoleRoute, consoleUrl, poll, reportFailure, type BrowserHarness } from './browser-harness';
import type { ConsoleOptions, ExtensionApi } from './harness';

export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3-test');
export const FIREFOX_RESULTS_DIR = resolve('test-results/firefox');
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'bulk-export-now@bulkexportnow.dev';
/** Fixed, so the extension's pages keep one origin (and so their IndexedDB) across relaunches. */
export const EXTENSION_UUID = '6d1f0c3a-9b4e-4f57-a2c8-5e7b1d903f42';

export interface FirefoxLaunchOptions {
  scenario?: ScenarioName;
  /** Point the extension at the simulator as its custom Platform host (default true). */
  platformHost?: boolean;
  headless?: boolean;
  /** Simulator port; default a free one. */
  port?: number;
  /** More Firefox prefs, e.g. `extensions.originControls.grantByDefault: false` (site access withheld). */
  prefs?: Record<string, unknown>;
}

/** A command's answer from the background, as extension pages get it. */
export interface Reply<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { kind: string; message: string };
}

const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export class FirefoxHarness implements BrowserHarness<Page, Frame> {
  readonly extensionId = EXTENSION_UUID;
  lastPage: Page | undefined;
  /** What Firefox printed (stdout and stderr, every launch, in chunks): script errors and warnings land here. */
  readonly browserOutput: string[] = [];
  /** The extension page that sends command() and setPlatformHost(), opened on first use. */
  private control: Page | undefined;

  constructor(
    readonly sim: Simulator,
    /** Replaced by relaunch(). */
    public browser: Browser,
    private readonly profileDir: string,
    private readonly options: FirefoxLaunchOptions,
  ) {
    this.record(browser);
  }

  get state() {
    return this.sim.state;
  }

  route(flowId?: string, suffix = ''): string {
    return consoleRoute(this.sim.state, flowId, suffix);
  }

  consoleUrl(hash: string, options: ConsoleOptions = {}): string {
    return consoleUrl(this.sim, hash, options);
  }

  async openConsole(hash: string, options: ConsoleOptions = {}): Promise<{ page: Page; frame: Frame }> {
    const page = await this.browser.newPage();
    this.lastPage = page;
    if (options.width) await page.setViewport({ width: options.width, height: 800 });
    await page.goto(this.consoleUrl(hash, options));
    const frame = await appFrame(page);
    await frame.waitForSelector('#main > *');
    return { page, frame };
  }

  openPopup(): Promise<Page> {
    return this.openExtensionPage('popup.html');
  }

  openOptions(): Promise<Page> {
    return this.openExtensionPage('options.html');
  }

  async openExtensionPage(file: string): Promise<Page> {
    const page = await this.browser.newPage();
    this.lastPage = page;
    return this.loadExtensionPage(page, file);
  }

  private async loadExtensionPage(page: Page, file: string): Promise<Page> {
    const url = `${EXTENSION_ORIGIN}/${file}`;
    // Firefox loads extension pages in another process: puppeteer's navigation loses its
    // frame ("Frame detached") and never sees the load event. Start it, then ask the page.
    page.goto(url).catch(() => undefined);
    await poll(`${file} to load`, () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url));
    return page;
  }

  /** Sends a command to the background from an extension page, as the popup and options do. */
  async command<T = unknown>(type: string, payload: unknown): Promise<Reply<T>> {
    const page = await this.controlPage();
    return (await page.evaluate(
      (type, payload) =>
        (globalThis as unknown as { browser: ExtensionApi }).browser.runtime.sendMessage({ channel: 'bulk-export-now', kind: 'command', type, payload }),
      type,
      payload,
    )) as Reply<T>;
  }

  /** Points the extension at a Platform host: `storage.local` `settings`, as the options page stores it. */
  async setPlatformHost(url: string): Promise<void> {
    const page = await this.controlPage();
    await page.evaluate(async (customHost) => {
      const browser = (globalThis as unknown as { browser: ExtensionApi }).browser;
      const { settings } = await browser.storage.local.get('settings');
      await browser.storage.local.set({ settings: { ...(settings as object | undefined), environment: 'custom', customHost } });
    }, url);
  }

  requests(pathPrefix = ''): LoggedRequest[] {
    return this.sim.state.log.filter((r) => r.path.startsWith(pathPrefix));
  }

  clearRequests(): void {
    this.sim.state.log = [];
  }

  /**
   * Quits Firefox and starts it again on the same profile (IndexedDB and storage.local
   * persist) and the same simulator, as a user's browser restart does. The extension is a
   * profile add-on (see launchFirefox()), so Firefox loads it again by itself.
   */
  async relaunch(): Promise<void> {
    await this.browser.close();
    this.lastPage = undefined;
    this.control = undefined;
    this.browser = await openFirefox(this.profileDir, this.options);
    this.record(this.browser);
    await this.controlPage();
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.sim.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }

  private record(browser: Browser): void {
    const child = browser.process();
    for (const stream of [child?.stdout, child?.stderr]) stream?.on('data', (chunk: Buffer) => this.browserOutput.push(chunk.toString()));
  }

  /**
   * The options page, which sends nothing of its own after loading, open for the browser's
   * lifetime: puppeteer does not see an extension page close (isClosed() stays false).
   */
  private async controlPage(): Promise<Page> {
    if (this.control) return this.control;
    const page = await this.loadExtensionPage(await this.browser.newPage(), 'options.html').catch((error: Error) => {
      throw new Error(
        `${error.message}. The test build is an unsigned profile add-on: Firefox ESR, Developer Edition and Nightly load it, release Firefox does not.`,
      );
    });
    // The background may still be starting when the page is up: it answers once it listens.
    await poll('the background to answer', () =>
      page.evaluate(async () => {
        const browser = (globalThis as unknown as { browser: ExtensionApi }).browser;
        return ((await browser.runtime.sendMessage({ channel: 'bulk-export-now', kind: 'command', type: 'ping', payload: {} })) as Reply).ok;
      }),
    );
    this.control = page;
    return page;
  }
}

/** Our confirmation dialog in a console frame (in the panel's shadow root). */
export const CONFIRMATION = '[data-bulk-export-now="panel"] >>> [role="dialog"][aria-modal="true"]';

/** The frame that renders the Platform app: the shell's iframe, or the page itself at top level. */
export function appFrame(page: Page): Promise<Frame> {
  return poll(`an app frame in ${page.url()}`, () => page.frames().find((f) => f.url().includes('/app/index.html')));
}

export { poll };

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxHarness> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox test build at ${FIREFOX_EXTENSION_DIR}. Run \`npm run build:test:firefox\` (npm run test:e2e does it for you).`);
  }
  // Real time: the extension runs on the browser's clock, which cannot be faked.
  const sim = await startSimulator({ scenario: options.scenario ?? 'fixtures', clock: 'real', ...(options.port !== undefined && { port: options.port }) });
  const profileDir = mkdtempSync(join(tmpdir(), 'ben-e2e-firefox-'));
  // Installed as a profile add-on: a proxy file named after its id that holds the build's
  // path. BiDi's webExtension.install makes a temporary add-on, which Firefox removes when
  // it quits; this one is there again after a relaunch, as a user's installed add-on is.
  mkdirSync(join(profileDir, 'extensions'));
  writeFileSync(join(profileDir, 'extensions', GECKO_ID), FIREFOX_EXTENSION_DIR);
  let harness: FirefoxHarness;
  try {
    harness = new FirefoxHarness(sim, await openFirefox(profileDir, options), profileDir, options);
  } catch (error) {
    await sim.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  try {
    await ((options.platformHost ?? true) ? harness.setPlatformHost(sim.url) : harness.command('ping', {}));
  } catch (error) {
    await harness.close();
    throw error;
  }
  return harness;
}

function openFirefox(profileDir: string, options: FirefoxLaunchOptions): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: findBrowser('firefox'),
    headless: options.headless ?? true,
    userDataDir: profileDir,
    // Without it the remote agent may not open moz-extension:// pages.
    args: ['-remote-allow-system-access'],
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: {
      // The profile add-on is unsigned: ESR (unlike release Firefox) honours this pref.
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      ...options.prefs,
    },
  });
}

/**
 * vitest wiring for a test file: launches before all tests, closes after, and on a failed
 * test saves a screenshot (test-results/firefox/) and prints the simulator's last requests.
 */
export function useFirefoxHarness(options: FirefoxLaunchOptions = {}): FirefoxHarness {
  let harness: FirefoxHarness | undefined;
  beforeAll(async () => {
    harness = await launchFirefox(options);
  });
  afterEach(async (context) => {
    if (!harness || context.task.result?.state !== 'fail') return;
    await reportFailure(harness, `firefox: ${context.task.name}`, FIREFOX_RESULTS_DIR);
  });
  afterAll(async () => {
    await harness?.close();
  });
  // Tests use the proxy after beforeAll ran; reading it earlier is a bug in the test.
  return new Proxy({} as FirefoxHarness, {
    get(_target, key) {
      if (!harness) throw new Error('Firefox harness used before beforeAll launched it');
      const value = Reflect.get(harness, key, harness);
      return typeof value === 'function' ? value.bind(harness) : value;
    },
  });
}
