/**
 * Which URLs belong to the console, for the session capture and the message sender
 * check. No zod and no browser API here: the content script may import this.
 */
import { CONSOLE_MATCHES, isLoopbackHost, isTestBuild } from '@/lib/origins';

export { isLoopbackHost, isTestBuild };

const CONSOLE_ORIGINS: readonly string[] = CONSOLE_MATCHES.map((pattern) => new URL(pattern.replace(/\*$/, '')).origin);

export interface OriginPolicy {
  /** Defaults to `isTestBuild()`; tests pass `false` to check production behaviour. */
  allowLoopback?: boolean;
  /** Origins the user granted as console frames (lib/frame-origins), read at each check. */
  consoleOrigins?: readonly string[];
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a page (or a frame) of the console; the loopback simulator only in test builds. */
export function isConsoleUrl(url: string | undefined | null, policy: OriginPolicy = {}): boolean {
  if (!url) return false;
  const parsed = parse(url);
  if (!parsed) return false;
  if (CONSOLE_ORIGINS.includes(parsed.origin) || policy.consoleOrigins?.includes(parsed.origin)) return true;
  const allowLoopback = policy.allowLoopback ?? isTestBuild();
  // Any port: the simulator picks a free one (match patterns ignore ports too).
  return allowLoopback && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
