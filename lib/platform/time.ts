import type { Millis } from '@/lib/model';

/**
 * Platform answers times as epoch seconds (often as strings), milliseconds or
 * microseconds depending on the service. One helper turns any of them into epoch ms
 * so nothing downstream has to guess. Magnitudes: 1e11 s is the year 5138 and 1e11 ms
 * is 1973, so the thresholds cannot confuse a real timestamp of this century.
 */
export function toMillis(value: unknown): Millis | undefined {
  let n: number;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
      n = Number(trimmed);
    } else if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
      const parsed = Date.parse(trimmed);
      return Number.isFinite(parsed) ? parsed : undefined;
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  if (!Number.isFinite(n) || n <= 0) return undefined;
  let ms: number;
  if (n < 1e11) ms = n * 1000;
  else if (n < 1e14) ms = n;
  else if (n < 1e17) ms = n / 1000;
  else ms = n / 1e6;
  ms = Math.round(ms);
  // Outside what Date can represent is not a time.
  return Math.abs(ms) <= 8.64e15 ? ms : undefined;
}
