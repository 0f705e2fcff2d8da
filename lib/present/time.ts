/**
 * The one way the extension writes a moment, on the page (through the background), in
 * the panel and in the popup: the locale's own date and clock, never ambiguous ("2 Dec,
 * 10:42" / "2 de dez., 10:42"; a time alone means today), the zone as "UTC−3", and UTC
 * beside it where a support agent compares with logs. English is written the British
 * way (day before month, 24-hour clock), the same on a badge and in its tooltip.
 */
import type { Locale } from '@/lib/i18n/types';
import type { Millis } from '@/lib/model';

export interface TimeOptions {
  locale: Locale;
  /** "Today", to decide whether the date is written; defaults to the clock. */
  now?: Millis;
  /** IANA zone; the runtime's by default (the browser's). Tests inject one. */
  timeZone?: string;
}

const TAGS: Record<Locale, string> = { en: 'en-GB', pt_BR: 'pt-BR' };
const MINUS = '\u2212';

// A formatter costs far more to make than to use: one per locale, zone and shape.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, timeZone: string | undefined, shape: 'time' | 'day' | 'dayTime' | 'key' | 'zone'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${shape}`;
  let f = formats.get(key);
  if (!f) {
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    const day = { day: 'numeric', month: 'short' } as const;
    const options: Intl.DateTimeFormatOptions =
      shape === 'time'
        ? time
        : shape === 'day'
          ? day
          : shape === 'dayTime'
            ? { ...day, ...time }
            : shape === 'key'
              ? { year: 'numeric', month: '2-digit', day: '2-digit' }
              : { timeZoneName: 'shortOffset' };
    f = new Intl.DateTimeFormat(shape === 'key' || shape === 'zone' ? 'en-US' : TAGS[locale], { ...options, timeZone });
    formats.set(key, f);
  }
  return f;
}

const DAY = 86_400_000;

// The browser's own zone and UTC are what the product writes in (the popup shows 50 jobs, the
// page up to a thousand badges): their day and offset come from Date, which costs a fraction
// of an Intl call. Any other zone asks Intl.
function dayOf(at: Millis, o: TimeOptions): string | number {
  if (o.timeZone === undefined) {
    const d = new Date(at);
    return d.getFullYear() * 512 + d.getMonth() * 32 + d.getDate();
  }
  if (o.timeZone === 'UTC') return Math.floor(at / DAY);
  return format(o.locale, o.timeZone, 'key').format(at);
}

const sameDay = (a: Millis, b: Millis, o: TimeOptions) => dayOf(a, o) === dayOf(b, o);

/** "10:42" today, "2 Dec, 10:42" on another day, in the zone of `options`. */
export function formatWhen(at: Millis, options: TimeOptions): string {
  return format(options.locale, options.timeZone, sameDay(at, options.now ?? Date.now(), options) ? 'time' : 'dayTime').format(at);
}

/** "2 Dec": a UTC calendar day (schedules are UTC days), whatever the local zone. */
export function formatDay(at: Millis, locale: Locale): string {
  return format(locale, 'UTC', 'day').format(at);
}

/** "UTC", "UTC−3", "UTC+5:30": the zone's offset at that instant, with a real minus sign. */
export function zoneLabel(at: Millis, timeZone?: string): string {
  if (timeZone === undefined) return offsetLabel(-new Date(at).getTimezoneOffset());
  const name =
    format('en', timeZone, 'zone')
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  // "GMT-3", "GMT+5:30"; "GMT" alone (or, from some ICU builds, "GMT+0") for UTC itself.
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 'UTC';
  return offsetLabel((match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)));
}

function offsetLabel(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const extra = abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : '';
  return `UTC${minutes < 0 ? MINUS : '+'}${Math.floor(abs / 60)}${extra}`;
}

/**
 * "10:42 (UTC−3) · 13:42 UTC": local with its zone, then UTC, each with its date when not
 * today there; "13:42 UTC" alone where the local zone is UTC.
 */
export function formatLocalAndUtc(at: Millis, options: TimeOptions): string {
  const utc = { ...options, timeZone: 'UTC' };
  const zone = zoneLabel(at, options.timeZone);
  if (zone === 'UTC') return `${formatWhen(at, utc)} UTC`;
  return `${formatWhen(at, options)} (${zone}) · ${formatWhen(at, utc)} UTC`;
}
