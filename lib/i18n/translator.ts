/**
 * The one translation mechanism. Each bundle builds its translator from only the
 * catalogs it shows (the content script and popup have size budgets), so string
 * tables are per translator; the locale is one per context, shared by all of them.
 * The rules (placeholders as text, fallback to English, then to the key) are here once.
 */
import type { Locale } from './types';

type AnyCatalog = { en: Record<string, string>; pt_BR: Record<string, string> };
type KeysOf<C> = C extends { en: infer En } ? keyof En & string : never;

export type Params = Record<string, string | number>;

export function localeFor(language: string | undefined): Locale {
  return language?.toLowerCase().startsWith('pt') ? 'pt_BR' : 'en';
}

let current: Locale = localeFor(globalThis.navigator?.language);

export function setLocale(locale: Locale): void {
  current = locale;
}

export function getLocale(): Locale {
  return current;
}

export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function createTranslator<const C extends readonly AnyCatalog[]>(catalogs: C) {
  type Key = KeysOf<C[number]>;
  const tables: Record<Locale, Record<string, string>> = { en: {}, pt_BR: {} };
  for (const catalog of catalogs) {
    Object.assign(tables.en, catalog.en);
    Object.assign(tables.pt_BR, catalog.pt_BR);
  }

  /** `t('x', { n: 3 })` fills `{n}` placeholders; values are text, never markup. A missing key returns the key. */
  function t(key: Key, params?: Params, locale: Locale = current): string {
    return fill(tables[locale][key] ?? tables.en[key] ?? key, params);
  }

  return {
    t,
    /** For keys built at run time (e.g. `rule.<RuleId>`). */
    tDynamic: (key: string, params?: Params, locale?: Locale): string => t(key as Key, params, locale),
    tables: tables as Readonly<Record<Locale, Readonly<Record<string, string>>>>,
  };
}
