/**
 * The content script's translator: only the catalogs the page shows (common, console,
 * eligibility). lib/i18n's full translator would bundle every area's strings, a third
 * of the content script's 20 kB budget.
 */
import common from '@/lib/i18n/catalog/common';
import consolePage from '@/lib/i18n/catalog/console';
import eligibility from '@/lib/i18n/catalog/eligibility';
import { createTranslator } from '@/lib/i18n/translator';

const translator = createTranslator([common, consolePage, eligibility] as const);

export type ConsoleKey = Parameters<typeof translator.t>[0];

export const { t, tDynamic } = translator;
export { setLocale as setConsoleLocale, getLocale as consoleLocale } from '@/lib/i18n/translator';
