/**
 * The content script's translator. Its strings arrive from the background at start
 * (lib/i18n/page-strings.ts says why); the keys stay typed through type-only imports,
 * which cost the bundle nothing.
 */
import type { PageCatalogs } from '@/lib/i18n/page-strings';
import { createLoadedTranslator, localeFor } from '@/lib/i18n/translator';
import type { Locale } from '@/lib/i18n/types';

const translator = createLoadedTranslator<PageCatalogs>();

export const { t, tDynamic, load: loadConsoleStrings } = translator;
export { setLocale as setConsoleLocale, getLocale as consoleLocale } from '@/lib/i18n/translator';

/**
 * The console's language when it is one of ours (the frame's `lang`: a Portuguese console in
 * an English browser shows Portuguese badges), else the browser's.
 */
export function pageLocale(doc: Document): Locale {
  const lang = doc.documentElement.lang.toLowerCase();
  if (lang.startsWith('pt') || lang.startsWith('en')) return localeFor(lang);
  return localeFor(doc.defaultView?.navigator.language);
}
