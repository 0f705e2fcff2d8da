import type { ErrorInfo } from '@/lib/model';
import errors from '@/lib/i18n/catalog/errors';
import { createTranslator } from '@/lib/i18n/translator';
import type { Locale } from '@/lib/i18n/types';
import { looksLikeExpiredToken } from './errors';

// Only the errors catalog: the popup shows these and must not carry every area's strings.
const { tDynamic } = createTranslator([errors] as const);

/** A failure in plain words: what happened and what the user can do about it. */
export function explainError(info: ErrorInfo, locale?: Locale): { title: string; action: string } {
  // A 401 is either a dead token (reload the console) or a missing permission: the text tells which.
  const kind = info.kind === 'auth' && looksLikeExpiredToken(info.message) ? 'authExpired' : info.kind;
  return { title: tDynamic(`error.${kind}.title`, undefined, locale), action: tDynamic(`error.${kind}.action`, undefined, locale) };
}
