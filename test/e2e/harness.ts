/**
 * End-to-end harness: the console simulator (in-process) + headless Chromium with
 * the test build of the extension loaded. One harness per test file:
 *
 *   const h = useHarness();            // beforeAll launch, afterAll close, screenshots on failure
 *   const { frame } = await h.openConsole(browseRoute(h));
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Frame, type Page, type Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../console-sim/server';
import type { ScenarioName } from '../console-sim/scenarios';
import type { LoggedRequest } from '../console-sim/state';
import { findBrowser } from '../browsers';
import { reportFailure as reportBrowserFailure } from './browser-harness';

export const EXTENSION_DIR = resolve('.output/chrome-mv3-test');
export const RESULTS_DIR = resolve('test-results');

export interface LaunchOptions {
  scenario?: ScenarioName;
  /** Point the extension at the simulator as its custom Platform host (default true). */
  platformHost?: boolean;
  /** false = a visible window (the demo, when a DISPLAY exists). */
  headless?: boolean;
  /** Simulator port; default a free one. */
  port?: number;
  /** The browser's language (navigator.language of pages and of the popup), e.g. `pt-BR`. */
  locale?: string;
}

export interface ConsoleOptions {
  /** `iframe` (default): the shell hosts the app in an iframe; `top`: the app alone. */
  layout?: 'iframe' | 'top';
  /** Extra query: ui (spectrum), lang, late, pageSize, virtual, links, selection, switchAfter, scenario, api. */
  query?: Record<string, string | number | boolean>;
  /** Use this origin for the page (e.g. http://localhost:<port>) instead of the simulator's. */
  origin?: string;
  /** Page width in CSS pixels (default 1280; height 800). */
  width?: number;
}

export class Harness {
  /** The page used by the last open* call: screenshotted when a test fails. */
  lastPage: Page | undefined;
  /** `running`, `stopped`, `starting` or `stopping`, as CDP last reported the extension's worker. */
  workerStatus = 'unknown';
  private cdp: CDPSession | undefined;

  constructor(
    readonly sim: Simulator,
    /** Replaced by relaunch(). */
    public context: BrowserContext,
    readonly extensionId: string,
    private readonly userDataDir: string,
    private readonly headless = true,
    private readonly locale?: string,
  ) {}

  get state() {
    return this.sim.state;
  }

  /** The route hash of a console page for the seeded scenario. */
  route(flowId?: string, suffix = ''): string {
    const { tenant, sandbox } = this.sim.state.scenario;
    return `#/@${tenant}/sname:${sandbox}/platform/destination/browse${flowId ? `/${flowId}` : ''}${suffix}`;
  }

  consoleUrl(hash: string, options: ConsoleOptions = {}): string {
    const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)]));
    if (options.layout === 'top') query.set('layout', 'top');
    const search = query.size ? `?${query}` : '';
    return `${options.origin ?? this.sim.url}/${search}${hash}`;
  }

  /** Opens a console route in a new tab; resolves once the app frame has its content. */
  async openConsole(hash: string, options: ConsoleOptions = {}): Promise<{ page: Page; frame: Frame }> {
    const page = await this.context.newPage();
    this.lastPage = page;
    if (options.width) await page.setViewportSize({ width: options.width, height: 800 });
    await page.goto(this.consoleUrl(hash, options));
    const frame = await appFrame(page);
    await frame.waitForSelector('#main > *');
    return { page, frame };
  }

  async openPopup(): Promise<Page> {
    return this.openExtensionPage('popup.html');
  }

  async openOptions(): Promise<Page> {
    return this.openExtensionPage('options.html');
  }

  async openExtensionPage(file: string): Promise<Page> {
    const page = await this.context.newPage();
    this.lastPage = page;
    await page.goto(`chrome-extension://${this.extensionId}/${file}`);
    return page;
  }

  /** The extension's service worker, started first (CDP ServiceWorker.startWorker) if it was stopped. */
  async serviceWorker(): Promise<Worker> {
    const cdp = await this.workerControl();
    if (this.workerStatus !== 'running') {
      await cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${this.extensionId}/` });
      await this.waitForWorkerStatus('running');
    }
    const deadline = Date.now() + 15_000;
    for (;;) {
      // Playwright keeps one Worker object per registration; it works again once the worker runs.
      const live = this.context
        .serviceWorkers()
        .filter((w) => w.url().startsWith(`chrome-extension://${this.extensionId}/`))
        .at(-1);
      if (live) return live;
      if (Date.now() > deadline) throw new Error('the extension service worker did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the extension's service worker, as Chrome does when it is idle (CDP ServiceWorker.stopAllWorkers). */
  async stopServiceWorker(): Promise<void> {
    const cdp = await this.workerControl();
    await cdp.send('ServiceWorker.stopAllWorkers');
    await this.waitForWorkerStatus('stopped');
  }

  private async workerControl(): Promise<CDPSession> {
    if (this.cdp) return this.cdp;
    // A CDP session needs a page; this blank one stays open for the harness's lifetime.
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions) {
        if (version.scriptURL.startsWith(`chrome-extension://${this.extensionId}/`)) this.workerStatus = version.runningStatus;
      }
    });
    await cdp.send('ServiceWorker.enable');
    this.cdp = cdp;
    await this.waitForWorkerStatus(['running', 'stopped']);
    return cdp;
  }

  private async waitForWorkerStatus(wanted: string | string[]): Promise<void> {
    const statuses = Array.isArray(wanted) ? wanted : [wanted];
    const deadline = Date.now() + 15_000;
    while (!statuses.includes(this.workerStatus)) {
      if (Date.now() > deadline) throw new Error(`service worker is ${this.workerStatus}, expected ${statuses.join(' or ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async evalInWorker<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const worker = await this.serviceWorker();
    return (worker.evaluate as (f: unknown, a: unknown) => Promise<R>)(fn, arg);
  }

  /**
   * Points the extension at a Platform host. The one place that knows how the options
   * page stores it: `storage.local` key `settings` = {environment: 'custom', customHost}.
   */
  async setPlatformHost(url: string): Promise<void> {
    await this.evalInWorker(async (customHost) => {
      const chrome = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object | undefined), environment: 'custom', customHost } });
    }, url);
  }

  /** Every request the simulator received (credentials included), optionally only those under a path prefix. */
  requests(pathPrefix = ''): LoggedRequest[] {
    return this.sim.state.log.filter((r) => r.path.startsWith(pathPrefix));
  }

  clearRequests(): void {
    this.sim.state.log = [];
  }

  /**
   * Closes the whole browser and opens it again on the same profile (IndexedDB and
   * storage.local persist, storage.session does not) and the same simulator, as a
   * user's browser restart does. The worker's CDP control is re-attached on demand.
   * `editProfile` runs while the browser is closed.
   */
  async relaunch(editProfile?: (userDataDir: string, extensionId: string) => void): Promise<void> {
    await this.context.close();
    // Between close and open: what only the browser's own settings can change (site access).
    editProfile?.(this.userDataDir, this.extensionId);
    this.cdp = undefined;
    this.workerStatus = 'unknown';
    this.lastPage = undefined;
    // An unpacked extension's id comes from its path: the same one comes back. Its worker
    // starts when Chrome or an event (a console page, a command, the alarm) wakes it.
    this.context = await openBrowser(this.userDataDir, this.headless, this.locale);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.sim.close();
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

/**
 * The bits of the `chrome` API tests call inside extension pages and the worker (no
 * @types/chrome here). evaluate() callbacks are serialised, so each one reads
 * `(globalThis as unknown as { chrome: ExtensionApi }).chrome` itself.
 */
export interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: {
    local: { get(key: string | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    session: { get(key: string | null): Promise<Record<string, unknown>> };
  };
}

/** Our confirmation dialog in a console frame: a modal in the body-level host, beside the panel. */
export function confirmation(frame: Frame) {
  return frame.locator('[data-bulk-export-now="panel"] [role="dialog"][aria-modal="true"]');
}

/** The frame that renders the Platform app: the shell's iframe, or the page itself at top level. */
export async function appFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().includes('/app/index.html'));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no app frame in ${page.url()}`);
}

export async function launch(options: LaunchOptions = {}): Promise<Harness> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No test build at ${EXTENSION_DIR}. Run \`npm run build:test\` (npm run test:e2e does it for you).`);
  }
  // Real time: the extension's worker runs on the browser's clock, which cannot be faked.
  const sim = await startSimulator({ scenario: options.scenario ?? 'fixtures', clock: 'real', ...(options.port !== undefined && { port: options.port }) });
  const userDataDir = mkdtempSync(join(tmpdir(), 'ben-e2e-'));
  const headless = options.headless ?? true;
  let context: BrowserContext;
  try {
    context = await openBrowser(userDataDir, headless, options.locale);
  } catch (error) {
    await sim.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  const harness = new Harness(sim, context, extensionId, userDataDir, headless, options.locale);
  if (options.platformHost ?? true) await harness.setPlatformHost(sim.url);
  return harness;
}

/** Chromium with the test build loaded, on a profile directory. */
function openBrowser(userDataDir: string, headless: boolean, locale?: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findBrowser('chromium'),
    headless: false, // --headless=new below: the old headless mode cannot load extensions
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
    viewport: { width: 1280, height: 800 },
    ...(locale && { locale }),
  });
}

/**
 * vitest wiring for a test file: launches before all tests, closes after, and on a
 * failed test saves a screenshot and prints the simulator's last requests.
 */
export function useHarness(options: LaunchOptions = {}): Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await launch(options);
  });
  afterEach(async (context) => {
    if (!harness || context.task.result?.state !== 'fail') return;
    await reportFailure(harness, context.task.name);
  });
  afterAll(async () => {
    await harness?.close();
  });
  // Tests use the proxy after beforeAll ran; reading it earlier is a bug in the test.
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!harness) throw new Error('harness used before beforeAll launched it');
      const value = Reflect.get(harness, key, harness);
      return typeof value === 'function' ? value.bind(harness) : value;
    },
  });
}

/** On a failed test: a screenshot of the last page opened and the simulator's last requests. */
export function reportFailure(harness: Harness, testName: string): Promise<void> {
  return reportBrowserFailure(harness, testName, RESULTS_DIR);
}
