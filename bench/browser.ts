/**
 * Browser plumbing for the bench: a second Chromium without the extension (the "without"
 * side of every ratio), CDP script-time metrics, waiting on the simulator's marks, and
 * the store-seeding bundle evaluated in an extension page.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { startSimulator } from '../test/console-sim/server';
import type { ScenarioName } from '../test/console-sim/scenarios';
import { appFrame, EXTENSION_DIR, Harness, type ConsoleOptions } from '../test/e2e/harness';
import { findBrowser } from '../test/browsers';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];

/**
 * The harness's launch, on a private copy of the test build: other work on the same
 * tree may rebuild .output/chrome-mv3-test while a long bench runs.
 */
export async function launchWithExtension(scenario: ScenarioName = 'bench'): Promise<Harness> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No test build at ${EXTENSION_DIR}: run npm run build:test`);
  const extensionDir = mkdtempSync(join(tmpdir(), 'ben-bench-ext-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const sim = await startSimulator({ scenario, clock: 'real' });
  const userDataDir = mkdtempSync(join(tmpdir(), 'ben-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findBrowser('chromium'),
    headless: false, // --headless=new: the old headless mode cannot load extensions
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--headless=new', ...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const harness = new Harness(sim, context, new URL(worker.url()).host, userDataDir);
  await harness.setPlatformHost(sim.url);
  await allowKeepNames(context);
  const close = harness.close.bind(harness);
  harness.close = async () => {
    await close();
    rmSync(extensionDir, { recursive: true, force: true });
  };
  return harness;
}

/**
 * tsx (esbuild keepNames) wraps named functions in `__name(...)`; functions we hand to
 * page.evaluate carry that call into the page, where it does not exist. Every page of
 * a bench context gets a do-nothing `__name` first.
 */
export async function allowKeepNames(context: BrowserContext): Promise<void> {
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
}

/**
 * The same Chromium with a code-free extension that holds the test build's permissions
 * (webRequest and its hosts) and nothing else: what any extension with these permissions
 * costs a page, which our code cannot go below. Chromium sends every request of every
 * page through its webRequest proxy once one extension has that permission.
 */
export async function launchPermissionsOnly(): Promise<PlainBrowser> {
  const built = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { permissions?: string[]; host_permissions?: string[] };
  const extensionDir = mkdtempSync(join(tmpdir(), 'ben-bench-floor-ext-'));
  writeFileSync(
    join(extensionDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Permissions only',
      version: '1.0',
      permissions: built.permissions ?? [],
      host_permissions: built.host_permissions ?? [],
    }),
  );
  const browser = await launchPlain([`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]);
  return {
    context: browser.context,
    close: async () => {
      await browser.close();
      rmSync(extensionDir, { recursive: true, force: true });
    },
  };
}

export interface PlainBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The same Chromium and flags as the harness, without the extension (or with `extensionArgs`' one). */
export async function launchPlain(extensionArgs: string[] = []): Promise<PlainBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ben-bench-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findBrowser('chromium'),
    headless: false,
    ...(extensionArgs.length > 0 && { ignoreDefaultArgs: ['--disable-extensions'] }),
    args: [...extensionArgs, '--headless=new', ...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
  });
  await allowKeepNames(context);
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface ConsoleTab {
  page: Page;
  frame: Frame;
}

/** Opens a console URL of the harness's simulator in `context` (with or without the extension). */
export async function openConsoleIn(context: BrowserContext, h: Harness, hash: string, options: ConsoleOptions = {}): Promise<ConsoleTab> {
  const page = await context.newPage();
  await page.goto(h.consoleUrl(hash, options));
  const frame = options.layout === 'top' ? page.mainFrame() : await appFrame(page);
  await frame.waitForSelector('#main > *');
  return { page, frame };
}

export async function waitForContentScript(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === 'ready', undefined, { timeout: 30_000 });
}

/**
 * Changes the app's route and resolves with the app's own "route change -> table
 * rendered" time (its performance marks sim:route and sim:table-rendered).
 */
export async function routeToRendered(frame: Frame, hash: string): Promise<number> {
  const { route, rendered } = await routeMarks(frame, hash);
  return rendered - route;
}

/** Changes the app's route; resolves with the times (the frame's performance.now()) of its sim:route and sim:table-rendered marks. */
export async function routeMarks(frame: Frame, hash: string): Promise<{ route: number; rendered: number }> {
  return frame.evaluate(
    (target) =>
      new Promise<{ route: number; rendered: number }>((done, fail) => {
        const deadline = performance.now() + 30_000;
        const check = () => {
          const route = performance.getEntriesByName('sim:route')[0];
          const rendered = performance.getEntriesByName('sim:table-rendered')[0];
          if (route && rendered) return done({ route: route.startTime, rendered: rendered.startTime });
          if (performance.now() > deadline) return fail(new Error(`no table rendered for ${target}`));
          setTimeout(check, 10);
        };
        const go = () => {
          performance.clearMarks('sim:route');
          performance.clearMarks('sim:table-rendered');
          location.hash = target;
          setTimeout(check, 10);
        };
        // The same hash again fires no hashchange: step away first.
        if (location.hash === target) {
          location.hash = '#/bench-away';
          setTimeout(go, 50);
        } else go();
      }),
    hash,
  );
}

/** Script time (ms) the page's renderer has spent so far: CDP Performance.getMetrics ScriptDuration. */
export async function scriptClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = metrics.find((m) => m.name === 'ScriptDuration');
    if (!script) throw new Error('CDP gave no ScriptDuration');
    return script.value * 1000;
  };
}

let seedBundle: Promise<string> | undefined;

/** bench/seed-store.ts as one script defining `globalThis.benchStore`. */
function seedScript(): Promise<string> {
  seedBundle ??= build({
    entryPoints: [resolve('bench/seed-store.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    alias: { '@': resolve('.') },
    logLevel: 'warning',
  }).then((out) => out.outputFiles[0]!.text);
  return seedBundle;
}

/** An extension page with `benchStore` loaded (the store is per extension origin). */
export async function storePage(h: Harness): Promise<Page> {
  const page = await h.openExtensionPage('options.html');
  await page.evaluate(await seedScript());
  return page;
}

/** Adds `jobs` finished jobs, older than the `after` jobs seeded before; answers the store's totals. */
export async function seedHistory(h: Harness, jobs: number, runsPerJob: number, after = 0): Promise<{ jobs: number; runs: number }> {
  const page = await storePage(h);
  const { orgId, sandbox } = h.state.scenario;
  try {
    return await page.evaluate(
      (request) => (globalThis as unknown as { benchStore: { seed(r: unknown): Promise<{ jobs: number; runs: number }> } }).benchStore.seed(request),
      { jobs, runsPerJob, scope: { orgId, sandbox }, after },
    );
  } finally {
    await page.close();
  }
}

export async function clearHistory(h: Harness): Promise<void> {
  const page = await storePage(h);
  try {
    await page.evaluate(() => (globalThis as unknown as { benchStore: { clear(): Promise<void> } }).benchStore.clear());
  } finally {
    await page.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
