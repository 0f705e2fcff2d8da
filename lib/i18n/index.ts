/**
 * The extension's strings. Each area keeps its own catalog (lib/i18n/catalog/*) so
 * features do not collide; the type system makes pt_BR carry every English key.
 * We do not use browser.i18n here: it is missing in content-script tests and cannot
 * switch language at run time; the manifest's own strings live in public/_locales.
 * This translator holds every catalog (the background); bundles with a size budget
 * build smaller ones from their own catalogs (lib/console/i18n.ts, components/popup/i18n.ts,
 * components/options/i18n.ts).
 */
import common from './catalog/common';
import consolePage from './catalog/console';
import errors from './catalog/errors';
import eligibility from './catalog/eligibility';
import popup from './catalog/popup';
import options from './catalog/options';
import data from './catalog/data';
import exportsCatalog from './catalog/exports';
import frames from './catalog/frames';
import report from './catalog/report';
import { createTranslator } from './translator';

export type { Locale } from './types';
export { localeFor, setLocale, getLocale } from './translator';

const catalogs = [common, consolePage, errors, eligibility, popup, options, data, exportsCatalog, frames, report] as const;
const translator = createTranslator(catalogs);

export type MessageKey = Parameters<typeof translator.t>[0];

export const { t, tDynamic } = translator;

/** Every key of every locale, for the completeness test. */
export function allTables() {
  return translator.tables;
}
