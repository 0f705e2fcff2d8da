/**
 * The content script's own `t()`: the same catalogs and rules as lib/i18n, but only
 * the catalogs the page needs (common, console, eligibility). lib/i18n bundles every
 * area's strings, which alone would take a third of the content script's 20 kB budget.
 */
import type { Locale } from '@/lib/i18n/types';
import common from '@/lib/i18n/catalog/common';
import consolePage from '@/lib/i18n/catalog/console';
import eligibility from '@/lib/i18n/catalog/eligibility';

export type ConsoleKey =
  | keyof (typeof common)['en']
  | keyof (typeof consolePage)['en']
  | keyof (typeof eligibility)['en'];

const tables: Record<Locale, Record<string, string>> = {
  en: { ...common.en, ...eligibility.en, ...consolePage.en },
  pt_BR: { ...common.pt_BR, ...eligibility.pt_BR, ...consolePage.pt_BR },
};

let current: Locale = globalThis.navigator?.language?.toLowerCase().startsWith('pt') ? 'pt_BR' : 'en';

export function setConsoleLocale(locale: Locale): void {
  current = locale;
}

export function consoleLocale(): Locale {
  return current;
}

/** As lib/i18n's t(): fills `{name}` placeholders as text; a missing key returns the key itself. */
export function t(key: ConsoleKey, params?: Record<string, string | number>): string {
  const template = tables[current][key] ?? tables.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** For keys built at run time (e.g. `rule.<RuleId>`): the key itself when missing, like t(). */
export function tDynamic(key: string, params?: Record<string, string | number>): string {
  return t(key as ConsoleKey, params);
}
