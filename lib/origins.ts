/**
 * Every origin the extension knows, in one place: the manifest (wxt.config.ts),
 * the session capture and the settings all read from here.
 */

/** The Unified Shell and the Platform app frames it hosts (production and stage). */
export const CONSOLE_MATCHES = ['https://experience.adobe.com/*', 'https://experience-stage.adobe.com/*'] as const;

/** The content script's file in the build (entrypoints/console): the manifest and run-time registrations load it. */
export const CONSOLE_SCRIPT = 'console.js';

export const PLATFORM_HOSTS = {
  production: 'https://platform.adobe.io',
  stage: 'https://platform-stage.adobe.io',
} as const;

export type PlatformEnvironment = keyof typeof PLATFORM_HOSTS | 'custom';

/**
 * Other Adobe hosts the Unified Shell may load a solution frame from (its runtime loader
 * accepts experience(-qa|-stage|-cdn|-cdn-stage).adobe.(com|net) and
 * exc-unifiedcontent.experience.adobe.net). Granted one origin at a time, on the user's
 * word, when the Platform app's frame turns out to live there (lib/frame-origins).
 */
export const OPTIONAL_CONSOLE_MATCHES = ['https://*.adobe.com/*', 'https://*.adobe.net/*'] as const;

/**
 * Test builds stand in for such a host with a second loopback address: the simulator serves
 * its app frame from it, and no content script match of the test build covers it.
 */
export const TEST_FRAME_HOST = '127.0.0.2';

/**
 * An origin the console's frame may be granted on: an https Adobe host (`*.adobe.com`,
 * `*.adobe.net`); in test builds (`allowTest`) the simulator's second loopback address too.
 * Nothing else is ever noted, offered, granted or trusted as a console frame.
 */
export function isAdobeFrameOrigin(url: URL, allowTest: boolean): boolean {
  if (url.protocol === 'https:' && /(^|\.)adobe\.(com|net)$/.test(url.hostname) && !url.username && !url.password) return true;
  return allowTest && url.protocol === 'http:' && url.hostname === TEST_FRAME_HOST;
}

/** Regional gateways (platform-va7.adobe.io, ...) are granted on demand from the options page. */
export const OPTIONAL_PLATFORM_MATCHES = ['https://*.adobe.io/*'] as const;

/**
 * Test builds (`wxt build --mode test`) also run on the console simulator, which
 * serves the console and the mock Platform API from loopback.
 */
export const LOOPBACK_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

export function platformMatches(): string[] {
  return Object.values(PLATFORM_HOSTS).map((origin) => `${origin}/*`);
}

/** Test builds (`wxt build --mode test`, and vitest) also trust the simulator on loopback. */
export function isTestBuild(): boolean {
  return import.meta.env.MODE === 'test';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * The one rule for where credentials may go, for the options page and the API client
 * alike: an https Adobe gateway (adobe.io or one of its hosts); loopback (the console
 * simulator) only when `allowLoopback`, which only test builds set.
 */
export function isPlatformOrigin(url: URL, allowLoopback: boolean): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'adobe.io' || url.hostname.endsWith('.adobe.io'))) return true;
  return allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** A match pattern for an origin: patterns carry no port (Firefox refuses one), so any port of its host. */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
