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
