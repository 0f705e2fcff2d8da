/** Counts in the popup, in the locale's digits grouping (times: lib/present/time.ts). */
import type { Locale } from '@/lib/i18n';

function tag(locale: Locale): string {
  return locale === 'pt_BR' ? 'pt-BR' : 'en-US';
}

// Built once per locale: a formatter costs far more to make than to use (50 jobs, 6 numbers each).
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(tag(locale));
    numberFormats.set(locale, format);
  }
  return format;
}

export function formatCount(n: number | undefined, locale: Locale): string {
  return n === undefined ? '—' : numberFormat(locale).format(n);
}
