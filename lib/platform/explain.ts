import type { ErrorInfo } from '@/lib/model';
import errors from '@/lib/i18n/catalog/en/errors';
import { createTranslator } from '@/lib/i18n/translator';
import type { Locale } from '@/lib/i18n/types';
import { looksLikeExpiredToken } from './errors';

// Only the errors catalog, English until `loadExplanations` brings another language: the
// popup shows these and must not carry every area's strings, nor every language's.
const { tDynamic, load } = createTranslator([{ en: errors, pt_BR: {} }] as const);

/** The explanations in `locale` beyond English (a chunk of their own), before they are shown. */
export async function loadExplanations(locale: Locale): Promise<void> {
  if (locale === 'pt_BR') load('pt_BR', (await import('@/lib/i18n/catalog/pt_BR/errors')).default);
}

/** A failure in plain words: what happened and what the user can do about it. */
export function explainError(info: ErrorInfo, locale?: Locale): { title: string; action: string } {
  // A 401 is either a dead token (reload the console) or a missing permission: the text tells which.
  const kind = info.kind === 'auth' && looksLikeExpiredToken(info.message) ? 'authExpired' : info.kind;
  return { title: tDynamic(`error.${kind}.title`, undefined, locale), action: tDynamic(`error.${kind}.action`, undefined, locale) };
}
