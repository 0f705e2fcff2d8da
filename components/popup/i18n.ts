/**
 * The popup page's translator: only the catalogs it shows (the full one, lib/i18n, carries
 * every area's strings, which the popup's size budget cannot afford), and English only until
 * `loadLocale` brings Portuguese in its own chunk, before the first render.
 */
import common from '@/lib/i18n/catalog/en/common';
import popup from '@/lib/i18n/catalog/en/popup';
import data from '@/lib/i18n/catalog/en/data';
import frames from '@/lib/i18n/catalog/en/frames';
import { createTranslator, getLocale } from '@/lib/i18n/translator';
import type { Locale } from '@/lib/i18n/types';

const translator = createTranslator([
  { en: common, pt_BR: {} },
  { en: popup, pt_BR: {} },
  { en: data, pt_BR: {} },
  { en: frames, pt_BR: {} },
] as const);

export type MessageKey = Parameters<typeof translator.t>[0];

export const { t, tDynamic } = translator;
export { getLocale, setLocale } from '@/lib/i18n/translator';

/** The strings of `locale` beyond English; English is built in. */
export async function loadLocale(locale: Locale = getLocale()): Promise<void> {
  if (locale !== 'pt_BR') return;
  const parts = await Promise.all([
    import('@/lib/i18n/catalog/pt_BR/common'),
    import('@/lib/i18n/catalog/pt_BR/popup'),
    import('@/lib/i18n/catalog/pt_BR/data'),
    import('@/lib/i18n/catalog/pt_BR/frames'),
  ]);
  for (const part of parts) translator.load('pt_BR', part.default);
}
