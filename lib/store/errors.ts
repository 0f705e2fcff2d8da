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

const listeners = new Set<(problem: StoreError) => void>();

/** Quota and blocked-upgrade problems, for a banner in the popup/options. Returns unsubscribe. */
export function onStoreProblem(cb: (problem: StoreError) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

export function reportStoreProblem(problem: StoreError): void {
  for (const cb of listeners) {
    try {
      cb(problem);
    } catch {
      // A broken listener must not hide the problem from the others.
    }
  }
}

function isQuota(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
  return name === 'QuotaExceededError' || isQuota(inner) || (cause !== error && isQuota(cause));
}

/** Any failure of an IndexedDB operation -> a StoreError (quota recognised, and reported). */
export function toStoreError(error: unknown, transactionError?: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuota(error) || isQuota(transactionError)) {
    const problem = new StoreError('quota', 'IndexedDB quota exceeded', { cause: error });
    reportStoreProblem(problem);
    return problem;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError('failed', text, { cause: error });
}
