/**
 * The extension's strings. Each area keeps its own catalog (lib/i18n/catalog/*) so
 * features do not collide; the type system makes pt_BR carry every English key.
 * We do not use browser.i18n here: it is missing in content-script tests and cannot
 * switch language at run time; the manifest's own strings live in public/_locales.
 */
import common from './catalog/common';
import consolePage from './catalog/console';
import errors from './catalog/errors';
import eligibility from './catalog/eligibility';
import popup from './catalog/popup';
import options from './catalog/options';
import data from './catalog/data';
import exportsCatalog from './catalog/exports';
import type { Locale } from './types';

export type { Locale } from './types';

const catalogs = [common, consolePage, errors, eligibility, popup, options, data, exportsCatalog] as const;

type KeysOf<C> = C extends { en: infer En } ? keyof En : never;
export type MessageKey = KeysOf<(typeof catalogs)[number]> & string;

const tables: Record<Locale, Record<string, string>> = { en: {}, pt_BR: {} };
for (const catalog of catalogs) {
  Object.assign(tables.en, catalog.en);
  Object.assign(tables.pt_BR, catalog.pt_BR);
}

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

/** `t('x', { n: 3 })` fills `{n}` placeholders; values are text, never markup. */
export function t(key: MessageKey, params?: Record<string, string | number>, locale: Locale = current): string {
  const template = tables[locale][key] ?? tables.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Every key of every locale, for the completeness test. */
export function allTables(): Readonly<Record<Locale, Readonly<Record<string, string>>>> {
  return tables;
}
