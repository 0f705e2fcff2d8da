/** The typed failure a command answers with, and how any thrown value becomes one. */
import type { ErrorInfo, ErrorKind } from '@/lib/model';
import { redactSecrets } from '@/lib/store/redact';

export class CommandError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;

  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'CommandError';
    this.kind = info.kind;
    if (info.status !== undefined) this.status = info.status;
  }
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  const v = value as Partial<ErrorInfo> | null;
  return !!v && typeof v === 'object' && typeof v.kind === 'string' && typeof v.message === 'string';
}

const MAX_MESSAGE = 500;

/** The text of any thrown value; String() itself throws for an object without a prototype. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/** Whatever a handler threw -> ErrorInfo safe to send to a page (trimmed, credentials redacted). */
export function toErrorInfo(error: unknown): ErrorInfo {
  let info: ErrorInfo;
  if (error instanceof CommandError) info = error.info;
  else if (isErrorInfo((error as { info?: unknown } | null)?.info)) info = (error as { info: ErrorInfo }).info;
  else if (error && typeof error === 'object' && (error as { name?: unknown }).name === 'StoreError') {
    const storeError = error as { kind?: unknown; message?: unknown };
    info = { kind: storeError.kind === 'quota' ? 'quota' : 'unknown', message: errorText(storeError.message ?? '') };
  } else if (isErrorInfo(error)) info = error;
  else info = { kind: 'unknown', message: errorText(error) };
  const message = redactSecrets(info.message).trim().slice(0, MAX_MESSAGE);
  return info.status === undefined ? { kind: info.kind, message } : { kind: info.kind, message, status: info.status };
}
