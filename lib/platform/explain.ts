import type { ErrorInfo } from '@/lib/model';
import { t, type Locale, type MessageKey } from '@/lib/i18n';
import { looksLikeExpiredToken } from './errors';

/** A failure in plain words: what happened and what the user can do about it. */
export function explainError(info: ErrorInfo, locale?: Locale): { title: string; action: string } {
  // A 401 is either a dead token (reload the console) or a missing permission: the text tells which.
  const kind = info.kind === 'auth' && looksLikeExpiredToken(info.message) ? 'authExpired' : info.kind;
  const title = `error.${kind}.title` as MessageKey;
  const action = `error.${kind}.action` as MessageKey;
  return locale === undefined
    ? { title: t(title), action: t(action) }
    : { title: t(title, undefined, locale), action: t(action, undefined, locale) };
}
