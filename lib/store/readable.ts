/** A stored record as read back: the record, or what a list shows in its place when it no longer passes its schema. */
import type * as z from 'zod/mini';
import type { UnreadableRecord } from './schemas';

export type Readable<T> = T | UnreadableRecord;

export function isUnreadable(value: unknown): value is UnreadableRecord {
  return !!value && typeof value === 'object' && (value as { unreadable?: unknown }).unreadable === true;
}

/** `raw` parsed by `schema`, or an unreadable entry naming the first issues. */
export function readRecord<T>(schema: z.ZodMiniType<T>, raw: unknown, fallbackId: unknown): Readable<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : String(fallbackId);
  const reason = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
  return { unreadable: true, id, reason };
}
