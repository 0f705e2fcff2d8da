/**
 * Every origin the extension knows, in one place: the manifest (wxt.config.ts),
 * the session capture and the settings all read from here.
 */

/** The Unified Shell and the Platform app frames it hosts (production and stage). */
export const CONSOLE_MATCHES = [
  'https://experience.adobe.com/*',
  'https://experience-stage.adobe.com/*',
] as const;

export const PLATFORM_HOSTS = {
  production: 'https://platform.adobe.io',
  stage: 'https://platform-stage.adobe.io',
} as const;

export type PlatformEnvironment = keyof typeof PLATFORM_HOSTS | 'custom';

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
