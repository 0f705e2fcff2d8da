/**
 * Small local-time formatting for badges: "12:20 (UTC−3)" in the user's zone, and
 * the UTC time for tooltips. Kept here so the content script does not depend on
 * the eligibility module.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${locale ?? ''}|${key}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(cacheKey, f);
  }
  return f;
}

/** "UTC−3", "UTC+5:30", "UTC" for the local offset at `at` (a real minus sign, as typeset). */
export function utcOffsetLabel(at: number, timeZone?: string): string {
  const minutes = offsetMinutes(at, timeZone);
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '\u2212' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

function offsetMinutes(at: number, timeZone?: string): number {
  if (!timeZone) return -new Date(at).getTimezoneOffset();
  const parts = formatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }, `off:${timeZone}`).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
  return Math.round((asUtc - Math.floor(at / 60000) * 60000) / 60000);
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "12:20 (UTC−3)" today, "28/11 12:20 (UTC−3)" on another day (local zone). */
export function formatLocalTime(at: number, now: number, locale?: string, timeZone?: string): string {
  const time = formatter(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }, `t:${timeZone}`).format(at);
  const day = timeZone
    ? formatter(locale, { dateStyle: 'short', timeZone }, `d:${timeZone}`).format(at) ===
      formatter(locale, { dateStyle: 'short', timeZone }, `d:${timeZone}`).format(now)
    : sameDay(new Date(at), new Date(now));
  const date = day ? '' : `${formatter(locale, { day: '2-digit', month: '2-digit', timeZone }, `dm:${timeZone}`).format(at)} `;
  return `${date}${time} (${utcOffsetLabel(at, timeZone)})`;
}

/** "2026-11-28 15:20 UTC", for tooltips. */
export function formatUtc(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The full local date and time with zone name, for tooltips. */
export function formatLocalFull(at: number, locale?: string, timeZone?: string): string {
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }, `f:${timeZone}`).format(at) +
    ` (${utcOffsetLabel(at, timeZone)})`;
}
