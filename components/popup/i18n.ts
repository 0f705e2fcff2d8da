/**
 * The popup page's translator: only the catalogs it shows. The full one (lib/i18n)
 * carries every area's strings, which the popup's size budget cannot afford.
 */
import common from '@/lib/i18n/catalog/common';
import popup from '@/lib/i18n/catalog/popup';
import data from '@/lib/i18n/catalog/data';
import frames from '@/lib/i18n/catalog/frames';
import { createTranslator } from '@/lib/i18n/translator';

const translator = createTranslator([common, popup, data, frames] as const);

export type MessageKey = Parameters<typeof translator.t>[0];

export const { t, tDynamic } = translator;
export { getLocale, setLocale } from '@/lib/i18n/translator';
