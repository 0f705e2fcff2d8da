/** UTC days and hours, as the API's schedules count them. Pure. */
import type { Millis } from '@/lib/model';

export const HOUR: Millis = 60 * 60 * 1000;
export const DAY: Millis = 24 * HOUR;

/** Midnight UTC of a `YYYY-MM-DD` day, or undefined when it is not one. */
export function utcDayStart(day: string | undefined): Millis | undefined {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim()) : null;
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(ms) ? ms : undefined;
}

export function todayUtcStart(now: Millis): Millis {
  return Math.floor(now / DAY) * DAY;
}
