/**
 * What the queue does with each waiting pair when it wakes, from a fresh view alone. Pure.
 */
import type { DataflowView, Millis, RuleId } from '@/lib/model';
import type { QueueEntry } from './entry';

/** After a known end, a little later: the Platform's clock and ours may differ by a few seconds. */
export const WAKE_MARGIN_MS = 5_000;
/** Waits with no known end (a run processing) are looked at again this often. */
export const WATCH_INTERVAL_MS = 60_000;

export type Decision =
  | { kind: 'send' }
  /** Still waiting: the same wait, or one that moved (a new rule or a new end). */
  | { kind: 'wait'; rule: RuleId; until: Millis | null }
  | { kind: 'skip'; rule: RuleId }
  /** The user exported it meanwhile: that job is its export. */
  | { kind: 'adopt'; jobId: string };

export function isDue(entry: QueueEntry, serverNow: Millis): boolean {
  return entry.until === null || entry.until <= serverNow;
}

/**
 * `adoptedBy`: a job of ours that exports this pair, made after the pair was queued.
 * An entry waiting for new data (`afterScheduled`) that is eligible but would still send our
 * last export's data waits for the scheduled export: until its time, then watched until it ran.
 */
export function decide(entry: QueueEntry, views: ReadonlyMap<string, DataflowView>, serverNow: Millis, adoptedBy?: string): Decision {
  if (adoptedBy) return { kind: 'adopt', jobId: adoptedBy };
  const flow = views.get(entry.flowId);
  const audience = flow?.audiences.find((a) => a.id === entry.audienceId);
  if (!flow || !audience) return { kind: 'skip', rule: 'notMapped' };
  if (audience.running) return { kind: 'wait', rule: 'adhocRunInProgress', until: null };
  const verdict = flow.verdict.kind === 'eligible' ? audience.verdict : flow.verdict;
  switch (verdict.kind) {
    case 'eligible':
      if (entry.afterScheduled && verdict.warnings.includes('sameData')) {
        // Its time came (or was never known) and the export has not run or not ended: watch it,
        // rather than wait for the period after.
        const watching = entry.until === null || entry.until <= serverNow;
        return { kind: 'wait', rule: 'sameData', until: watching ? null : (audience.sameData?.next ?? null) };
      }
      return { kind: 'send' };
    case 'wait':
      return { kind: 'wait', rule: verdict.rule, until: verdict.until };
    default:
      return { kind: 'skip', rule: verdict.rule };
  }
}

/** When to wake next, server time: the earliest known end plus a margin, or a watch interval for waits with none. */
export function nextWake(entries: readonly QueueEntry[], serverNow: Millis): Millis | null {
  let next: Millis | null = null;
  for (const entry of entries) {
    if (entry.status !== 'queued' || entry.needsSession) continue;
    // Past its end and still here (the send failed, or the re-check said wait): again in a minute.
    const end = entry.until === null ? null : entry.until + WAKE_MARGIN_MS;
    const at = end === null || end <= serverNow ? serverNow + WATCH_INTERVAL_MS : end;
    if (next === null || at < next) next = at;
  }
  return next;
}
