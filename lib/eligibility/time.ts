/**
 * Times on badges: the user's local time with its zone ("12:20 (UTC−3)"), the date
 * too when it is not today, and the UTC time for the tooltip (schedules are UTC days,
 * support agents compare with UTC logs).
 */
import type { Millis } from '@/lib/model';

export interface TimeFormatOptions {
  /** IANA zone; defaults to the runtime's. Injected by tests. */
  timeZone?: string;
  /** BCP 47 tag, e.g. `en-GB`, `pt-BR`. */
  locale?: string;
  /** "Today" for deciding whether to show the date; defaults to the clock. */
  now?: Millis;
}

export interface FormattedTime {
  /** `12:20 (UTC−3)` or `1 Dec, 00:00 (UTC−3)`. */
  local: string;
  /** `2026-11-28 15:20 UTC`. */
  utc: string;
}

const MINUS = '\u2212';

/** `UTC`, `UTC−3`, `UTC+5:30` from the zone's offset at that instant. */
export function utcOffsetLabel(at: Millis, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 'UTC';
  const [, sign, hours, minutes] = match;
  // Some ICU builds say `GMT+0` for UTC itself.
  if (Number(hours) === 0 && (!minutes || minutes === '00')) return 'UTC';
  return `UTC${sign === '-' ? MINUS : '+'}${Number(hours)}${minutes && minutes !== '00' ? `:${minutes}` : ''}`;
}

function dayKey(at: Millis, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function formatUtc(at: Millis): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatBadgeTime(at: Millis, options: TimeFormatOptions = {}): FormattedTime {
  const { timeZone, locale } = options;
  const now = options.now ?? Date.now();
  const clock = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  // A time alone would be read as today's: other days carry their date.
  const date =
    dayKey(at, timeZone) === dayKey(now, timeZone)
      ? ''
      : `${new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(at)}, `;
  return { local: `${date}${clock} (${utcOffsetLabel(at, timeZone)})`, utc: formatUtc(at) };
}
