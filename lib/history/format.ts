/** Times as the glossary asks: local time with its zone, e.g. "28/11 12:20 (UTC−3)". */
import type { Locale } from '@/lib/i18n';

/** `offsetMinutes` as Date#getTimezoneOffset gives it (minutes *behind* UTC). */
export function utcOffsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const ahead = -offsetMinutes;
  const sign = ahead > 0 ? '+' : '\u2212';
  const abs = Math.abs(ahead);
  const hours = Math.floor(abs / 60);
  const minutes = abs % 60;
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

function tag(locale: Locale): string {
  return locale === 'pt_BR' ? 'pt-BR' : 'en-US';
}

// Built once per locale: a formatter costs far more to make than to use (50 jobs, 6 numbers each).
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(tag(locale), { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
    dateFormats.set(locale, format);
  }
  return format;
}

function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(tag(locale));
    numberFormats.set(locale, format);
  }
  return format;
}

export function formatLocalTime(ms: number, locale: Locale): string {
  const date = new Date(ms);
  const text = dateFormat(locale).format(date);
  return `${text} (${utcOffsetLabel(date.getTimezoneOffset())})`;
}

/** The tooltip form: the same instant in UTC, ISO-like and unambiguous. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatCount(n: number | undefined, locale: Locale): string {
  return n === undefined ? '—' : numberFormat(locale).format(n);
}
