/**
 * One pair waiting to be exported when it becomes eligible ("export when ready"), as
 * stored and as the popup lists it. Times in `until` are the Platform's (server) clock.
 */
import * as z from 'zod/mini';
import type { Pair } from '@/lib/model';
import { ruleIdSchema, scopeSchema } from '@/lib/store/schemas';

export const QUEUE_STATUSES = ['queued', 'sent', 'adopted', 'skipped', 'cancelled'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

const text = z.string().check(z.minLength(1));
const millis = z.number().check(z.nonnegative());

export const queueEntrySchema = z.object({
  /** `<queueId>|<flowId>|<audienceId>`: a confirmation queues a pair once. */
  id: text,
  /** The confirmation that queued it: cancelled together. */
  queueId: text,
  scope: scopeSchema,
  flowId: text,
  audienceId: text,
  dataflowName: z.string(),
  audienceName: z.string(),
  createdAt: millis,
  updatedAt: millis,
  /** What it waits for. */
  rule: ruleIdSchema,
  /** When that wait ends, server time; null when no end is known (a run still processing): watched. */
  until: z.nullable(millis),
  status: z.enum(QUEUE_STATUSES),
  /** The export job it went out in (sent), or was found in (adopted: the user exported it meanwhile). */
  jobId: z.optional(text),
  /** Why it was dropped (skipped): the rule that blocks it now. */
  skipRule: z.optional(ruleIdSchema),
  /** No usable console session at its time: it goes once one is seen. */
  needsSession: z.optional(z.boolean()),
  /** Exported by us since its last scheduled export: it goes once the next scheduled one has run (new data). */
  afterScheduled: z.optional(z.boolean()),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const entryId = (queueId: string, pair: Pair): string => `${queueId}|${pair.flowId}|${pair.audienceId}`;
