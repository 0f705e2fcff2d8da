/**
 * The strings the console page shows. They are not bundled into the content script (its
 * 20 kB budget; two languages of sentences would be a fifth of it): the background, which
 * holds every catalog, sends them for the page's locale once (the `strings.get` command).
 */
import common from './catalog/common';
import consolePage from './catalog/console';
import eligibility from './catalog/eligibility';
import errors from './catalog/errors';
import type { Locale } from './types';

export const PAGE_CATALOGS = [common, consolePage, eligibility, errors] as const;
export type PageCatalogs = typeof PAGE_CATALOGS;

/** One locale's page strings, English where a key has no translation. */
export function pageStrings(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const catalog of PAGE_CATALOGS) Object.assign(out, catalog.en, catalog[locale]);
  return out;
}
