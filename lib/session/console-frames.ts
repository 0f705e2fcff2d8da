/**
 * Which URLs belong to the console, for the session capture and the message sender
 * check. No zod and no browser API here: the content script may import this.
 */
import { CONSOLE_MATCHES } from '@/lib/origins';

/** Test builds (`wxt build --mode test`, and vitest) also trust the simulator on loopback. */
export function isTestBuild(): boolean {
  return import.meta.env.MODE === 'test';
}

const CONSOLE_ORIGINS: readonly string[] = CONSOLE_MATCHES.map((pattern) => new URL(pattern.replace(/\*$/, '')).origin);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

export interface OriginPolicy {
  /** Defaults to `isTestBuild()`; tests pass `false` to check production behaviour. */
  allowLoopback?: boolean;
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
  if (CONSOLE_ORIGINS.includes(parsed.origin)) return true;
  const allowLoopback = policy.allowLoopback ?? isTestBuild();
  // Any port: the simulator picks a free one (match patterns ignore ports too).
  return allowLoopback && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
