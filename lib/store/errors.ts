/** Store failures the UI must explain (full disk, an old tab holding the DB), never swallowed. */

export type StoreErrorKind = 'quota' | 'blocked' | 'failed';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

function isQuota(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
  return name === 'QuotaExceededError' || isQuota(inner) || (cause !== error && isQuota(cause));
}

/** Any failure of an IndexedDB operation -> a StoreError (quota recognised: the pages say the disk is full). */
export function toStoreError(error: unknown, transactionError?: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuota(error) || isQuota(transactionError)) {
    return new StoreError('quota', 'IndexedDB quota exceeded', { cause: error });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError('failed', text, { cause: error });
}
