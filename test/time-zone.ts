/**
 * The process's time zone for a test file: what the extension writes follows the browser's
 * zone, and Node's follows TZ. Set before any test runs, since lib/present/time.ts keeps its
 * formatters, each made in the zone of its time.
 */
import { afterAll, beforeAll } from 'vitest';

export function inTimeZone(zone: string): void {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => restoreTimeZone(saved));
}

/** Puts back a TZ read earlier (unset stays unset: assigning undefined would set "undefined"). */
export function restoreTimeZone(saved: string | undefined): void {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
}
