/**
 * What an end-to-end test needs from a browser running the test build, whichever browser:
 * the Chromium harness (harness.ts, playwright-core) and the Firefox one
 * (firefox-harness.ts, puppeteer-core over WebDriver BiDi) both give it, each with its
 * own driver's Page and Frame. Browser-only extras (Chromium's service worker control)
 * stay on the harness that has them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame as PlaywrightFrame, Page as PlaywrightPage } from 'playwright-core';
import type { Simulator } from '../console-sim/server';
import type { LoggedRequest, SimState } from '../console-sim/state';
import type { ConsoleOptions, Harness } from './harness';

export interface BrowserHarness<P, F> {
  readonly sim: Simulator;
  readonly state: SimState;
  /** The host of the extension's pages: chrome-extension://<id>/ or moz-extension://<id>/. */
  readonly extensionId: string;
  /** The page used by the last open* call: screenshotted when a test fails. */
  lastPage: P | undefined;
  route(flowId?: string, suffix?: string): string;
  consoleUrl(hash: string, options?: ConsoleOptions): string;
  /** A console route in a new tab; resolves once the app frame has its content. */
  openConsole(hash: string, options?: ConsoleOptions): Promise<{ page: P; frame: F }>;
  openPopup(): Promise<P>;
  openOptions(): Promise<P>;
  openExtensionPage(file: string): Promise<P>;
  setPlatformHost(url: string): Promise<void>;
  requests(pathPrefix?: string): LoggedRequest[];
  clearRequests(): void;
  /** The whole browser closed and opened again on the same profile and simulator. */
  relaunch(): Promise<void>;
  close(): Promise<void>;
}

/** Compiles only while the Chromium harness fits the interface (checked here, so harness.ts needs no change). */
export type ChromiumHarnessFits = Fits<Harness, BrowserHarness<PlaywrightPage, PlaywrightFrame>>;
type Fits<T extends I, I> = T;

/** The route hash of a console page for the simulator's seeded scenario. */
export function consoleRoute(state: SimState, flowId?: string, suffix = ''): string {
  const { tenant, sandbox } = state.scenario;
  return `#/@${tenant}/sname:${sandbox}/platform/destination/browse${flowId ? `/${flowId}` : ''}${suffix}`;
}

export function consoleUrl(sim: Simulator, hash: string, options: ConsoleOptions = {}): string {
  const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)]));
  if (options.layout === 'top') query.set('layout', 'top');
  const search = query.size ? `?${query}` : '';
  return `${options.origin ?? sim.url}/${search}${hash}`;
}

/** What a failure report needs of a page, in either driver. */
export interface ScreenshotPage {
  isClosed(): boolean;
  url(): string;
  screenshot(options: { path: `${string}.png`; fullPage: boolean }): Promise<unknown>;
}

/** On a failed test: a screenshot of the last page opened and the simulator's last requests. */
export async function reportFailure(harness: { lastPage: ScreenshotPage | undefined; sim: Simulator }, testName: string, resultsDir: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const file: `${string}.png` = `${join(resultsDir, testName.replace(/[^\w.-]+/g, '_').slice(0, 120))}.png`;
  const lines: string[] = [];
  try {
    if (harness.lastPage && !harness.lastPage.isClosed()) {
      await harness.lastPage.screenshot({ path: file, fullPage: true });
      lines.push(`screenshot: ${file} (page ${harness.lastPage.url()})`);
    }
  } catch (error) {
    lines.push(`screenshot failed: ${String(error)}`);
  }
  const log = harness.sim.state.log;
  const last = log.slice(-20);
  lines.push(`simulator: last ${last.length} of ${log.length} requests`);
  for (const r of last) {
    const query = new URLSearchParams(Object.entries(r.query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])));
    lines.push(`  #${r.seq} ${r.method} ${r.path}${query.size ? `?${query}` : ''} -> ${r.status ?? '?'}`);
  }
  console.error(`\n[e2e failure: ${testName}]\n${lines.join('\n')}`);
}

/**
 * Resolves with the probe's first truthy answer; a probe that throws (a page mid-load) is
 * asked again; past the deadline, an error names what was awaited and the last failure.
 */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
