/** The report page's translator: only the catalogs it shows (the rows come in words from the background). */
import common from '@/lib/i18n/catalog/common';
import report from '@/lib/i18n/catalog/report';
import { createTranslator } from '@/lib/i18n/translator';

const translator = createTranslator([common, report] as const);

export const { t } = translator;
export { getLocale, setLocale } from '@/lib/i18n/translator';
