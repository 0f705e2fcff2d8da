/**
 * One pair waiting to be exported when it becomes eligible ("export when ready"), as
 * stored and as the popup lists it. Times in `until` are the Platform's (server) clock.
 */
import * as z from 'zod/mini';
import type { Millis, Pair, RuleId, Scope } from '@/lib/model';
import { ruleIdSchema, scopeSchema } from '@/lib/store/schemas';

export const QUEUE_STATUSES = ['queued', 'sent', 'adopted', 'skipped', 'cancelled'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface QueueEntry {
  /** `<queueId>|<flowId>|<audienceId>`: a confirmation queues a pair once. */
  id: string;
  /** The confirmation that queued it: cancelled together. */
  queueId: string;
  scope: Scope;
  flowId: string;
  audienceId: string;
  dataflowName: string;
  audienceName: string;
  createdAt: Millis;
  updatedAt: Millis;
  /** What it waits for. */
  rule: RuleId;
  /** When that wait ends, server time; null when no end is known (a run still processing): watched. */
  until: Millis | null;
  status: QueueStatus;
  /** The export job it went out in (sent), or was found in (adopted: the user exported it meanwhile). */
  jobId?: string;
  /** Why it was dropped (skipped): the rule that blocks it now. */
  skipRule?: RuleId;
  /** No usable console session at its time: it goes once one is seen. */
  needsSession?: boolean;
  /** Exported by us since its last scheduled export: it goes once the next scheduled one has run (new data). */
  afterScheduled?: boolean;
}

const text = z.string().check(z.minLength(1));
const millis = z.number().check(z.nonnegative());

export const queueEntrySchema = z.object({
  id: text,
  queueId: text,
  scope: scopeSchema,
  flowId: text,
  audienceId: text,
  dataflowName: z.string(),
  audienceName: z.string(),
  createdAt: millis,
  updatedAt: millis,
  rule: ruleIdSchema,
  until: z.nullable(millis),
  status: z.enum(QUEUE_STATUSES),
  jobId: z.optional(text),
  skipRule: z.optional(ruleIdSchema),
  needsSession: z.optional(z.boolean()),
  afterScheduled: z.optional(z.boolean()),
});

export const entryId = (queueId: string, pair: Pair): string => `${queueId}|${pair.flowId}|${pair.audienceId}`;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>() => undefined as unknown as T;
check<Same<z.infer<typeof queueEntrySchema>, QueueEntry>>();
