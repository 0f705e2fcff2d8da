/** Any thrown value as an ErrorInfo that may be stored or shown (never a credential). */
import type { ErrorInfo } from '@/lib/model';
import { isPlatformError } from '@/lib/platform';
import { redactSecrets } from '@/lib/store/redact';
import { errorText } from '@/lib/messages/errors';

export function errorInfoOf(error: unknown): ErrorInfo {
  if (isPlatformError(error)) {
    const info = error.toInfo();
    return { ...info, message: redactSecrets(info.message) };
  }
  return { kind: 'unknown', message: redactSecrets(errorText(error)).slice(0, 500) };
}
