/**
 * Small local-time formatting for badges: "12:20 (UTC−3)" in the user's zone, and
 * the UTC time for tooltips. Kept here so the content script does not depend on
 * the eligibility module (and local zone only: the page never formats another).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(at: number, options: Intl.DateTimeFormatOptions, key: string): string {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(undefined, options)));
  return f.format(at);
}

/** "UTC−3", "UTC+5:30", "UTC" for an offset in minutes east of UTC (a real minus sign, as typeset). */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const m = abs % 60;
  return `UTC${minutes < 0 ? '\u2212' : '+'}${Math.floor(abs / 60)}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

const localOffset = (at: number) => offsetLabel(-new Date(at).getTimezoneOffset());

const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

/** "12:20 (UTC−3)" today, "28/11 12:20 (UTC−3)" on another day (local zone). */
export function formatLocalTime(at: number, now: number): string {
  const time = format(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 't');
  const date = sameDay(at, now) ? '' : `${format(at, { day: '2-digit', month: '2-digit' }, 'd')} `;
  return `${date}${time} (${localOffset(at)})`;
}

/** "2026-11-28 15:20 UTC", for tooltips. */
export function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The full local date and time with zone name, for tooltips. */
export function formatLocalFull(at: number): string {
  return `${format(at, { dateStyle: 'medium', timeStyle: 'short' }, 'f')} (${localOffset(at)})`;
}
