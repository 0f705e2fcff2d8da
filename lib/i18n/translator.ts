/**
 * The one translation mechanism. Each bundle builds its translator from only the
 * catalogs it shows (the content script and popup have size budgets), so string
 * tables are per translator; the locale is one per context, shared by all of them.
 * The rules (placeholders as text, plurals, fallback to English, then to the key) are here once.
 *
 * Plurals: a key holds the general ("other") form; `key#one` (and any other CLDR category a
 * language needs) holds the form Intl.PluralRules picks for the `n` parameter.
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

// select() takes microseconds, and a popup of 50 jobs or a page of badges asks it hundreds of
// times about a handful of counts: each locale keeps its answers (a few hundred at most).
const plurals = new Map<Locale, { rules: Intl.PluralRules; seen: Map<number, string> }>();
const PLURALS_KEPT = 512;
function pluralOf(locale: Locale, n: number): string {
  let known = plurals.get(locale);
  if (!known) plurals.set(locale, (known = { rules: new Intl.PluralRules(locale.replace('_', '-')), seen: new Map() }));
  let form = known.seen.get(n);
  if (form === undefined) {
    if (known.seen.size >= PLURALS_KEPT) known.seen.clear();
    known.seen.set(n, (form = known.rules.select(n)));
  }
  return form;
}

export function createTranslator<const C extends readonly AnyCatalog[]>(catalogs: C) {
  type Key = Exclude<KeysOf<C[number]>, `${string}#${string}`>;
  const tables: Record<Locale, Record<string, string>> = { en: {}, pt_BR: {} };
  for (const catalog of catalogs) {
    Object.assign(tables.en, catalog.en);
    Object.assign(tables.pt_BR, catalog.pt_BR);
  }

  /** `t('x', { n: 3 })` fills `{n}` placeholders; values are text, never markup. A missing key returns the key. */
  function t(key: Key, params?: Params, locale: Locale = current): string {
    const n = params?.n;
    const table = tables[locale][key] !== undefined ? tables[locale] : tables.en;
    const plural = typeof n === 'number' ? table[`${key}#${pluralOf(table === tables.en ? 'en' : locale, n)}`] : undefined;
    return fill(plural ?? table[key] ?? key, params);
  }

  return {
    t,
    /** For keys built at run time (e.g. `rule.<RuleId>`). */
    tDynamic: (key: string, params?: Params, locale?: Locale): string => t(key as Key, params, locale),
    /** Adds strings that arrived at run time (the content script's: see lib/console/i18n.ts). */
    load(locale: Locale, strings: Readonly<Record<string, string>>): void {
      Object.assign(tables[locale], strings);
    },
    tables: tables as Readonly<Record<Locale, Readonly<Record<string, string>>>>,
  };
}

/** A translator typed by catalogs it does not hold: its strings come later, through `load`. */
export function createLoadedTranslator<const C extends readonly AnyCatalog[]>() {
  return createTranslator([] as readonly AnyCatalog[] as C);
}
