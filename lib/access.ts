/**
 * Whether the browser lets the extension reach what it needs: the console (its content
 * script, and its session from the console's requests) and the configured Platform host.
 * A user may withhold that (Firefox's per-site access, Chrome's "on click" site access):
 * the extension then sees nothing, and must say so rather than "not signed in".
 */
import { CONSOLE_MATCHES, originPattern } from '@/lib/origins';

export interface PermissionsApi {
  contains(p: { origins: string[] }): Promise<boolean>;
}

/** The host patterns the extension cannot work without, for this Platform host. */
export function neededOrigins(platformOrigin: string): string[] {
  return [...CONSOLE_MATCHES, originPattern(platformOrigin)];
}

/** Those of them the browser does not grant now (each asked alone: `contains` answers for all at once). */
export async function missingOrigins(permissions: PermissionsApi, platformOrigin: string): Promise<string[]> {
  const needed = neededOrigins(platformOrigin);
  const granted = await Promise.all(needed.map((origin) => permissions.contains({ origins: [origin] }).catch(() => false)));
  return needed.filter((_, i) => !granted[i]);
}

/** "experience.adobe.com, platform.adobe.io": the hosts of patterns, for people. */
export function hostsOf(patterns: readonly string[]): string {
  return [...new Set(patterns.map((p) => p.replace(/^[a-z]+:\/\//, '').replace(/\/\*$/, '')))].join(', ');
}
