/**
 * Export when ready: pairs that only have to wait are kept in IndexedDB and sent, through
 * the export engine, the moment a fresh view says they are eligible. The worker is woken
 * by an alarm at the earliest known end (waits with none are watched each minute), and at
 * start-up; all state is in the store, so a killed worker or a restarted browser resumes.
 *
 * Never twice: before sending, a pair the user exported after queueing it is adopted (its
 * job is its export); the entry is marked sent with its job right after the engine made
 * the job, and if the worker dies in between, the next wake finds that job and adopts it.
 */
import type { DataflowView, Millis, Pair, Scope } from '@/lib/model';
import { isPlatformError } from '@/lib/platform';
import { scopeKey } from '@/lib/session/credentials';
import type { RunRecord } from '@/lib/model';
import { createSerial } from '@/lib/serial';
import { pairKey } from '@/lib/pairs';
import type { WaitingPair } from '@/lib/exports/records';
import { entryId, type QueueEntry } from './entry';
import { decide, isDue, nextWake } from './plan';
import type { QueueStore } from './queue-store';

export interface QueueDeps {
  store: QueueStore;
  /** Runs of our jobs made since a time (lib/store recentRuns). */
  recentRuns(scope: Scope, since: Millis): Promise<RunRecord[]>;
  /** The export engine's start: re-checks, plans bodies of <= 80, records and sends. */
  start(input: { pairs: Pair[]; scope: Scope }): Promise<{ jobId: string; skipped: { pair: Pair }[] }>;
  freshViews(scope: Scope, flowIds: readonly string[], audienceIds: readonly string[]): Promise<DataflowView[]>;
  /** A console session for this org+sandbox that has not been refused. */
  hasSession(scope: Scope): Promise<boolean>;
  /** Our clock (records) and the Platform's (waits). */
  now(): Millis;
  serverNow(): Millis;
  /** Wake `process` at this time of our clock; null: nothing to wake for. */
  wakeAt(at: Millis | null): void;
  onChange?(): void;
  /** Some due pairs newly found no usable session: tell the user to open the console. */
  onNeedsSession?(count: number): void;
  newId?(): string;
}

/** Runs of ours that stand for an export of their pair (not skipped, failed or cancelled). */
const EXPORTING = new Set<RunRecord['status']>(['pending', 'sent', 'processing', 'success']);
const isAuthError = (error: unknown) => isPlatformError(error) && (error.kind === 'auth' || error.kind === 'forbidden');

export class ExportQueue {
  private readonly serial = createSerial();

  constructor(private readonly deps: QueueDeps) {}

  /** Queues the waiting pairs of one confirmation; answers how many. */
  add(scope: Scope, waiting: readonly WaitingPair[]): Promise<number> {
    return this.serial(async () => {
      if (waiting.length === 0) return 0;
      const queueId = this.deps.newId?.() ?? crypto.randomUUID();
      const now = this.deps.now();
      const entries: QueueEntry[] = waiting.map(({ pair, rule, wait }) => ({
        ...(rule === 'sameData' && { afterScheduled: true }),
        id: entryId(queueId, pair),
        queueId,
        scope,
        flowId: pair.flowId,
        audienceId: pair.audienceId,
        dataflowName: wait.dataflowName,
        audienceName: wait.audienceName,
        createdAt: now,
        updatedAt: now,
        rule,
        until: wait.until,
        status: 'queued',
      }));
      await this.deps.store.put(entries);
      await this.reschedule();
      this.deps.onChange?.();
      return entries.length;
    });
  }

  /** Cancels one confirmation's waiting pairs, or one pair; answers how many. */
  cancel(target: { queueId: string } | { entryId: string }): Promise<number> {
    return this.serial(async () => {
      const entries =
        'queueId' in target ? await this.deps.store.ofQueue(target.queueId) : [await this.deps.store.get(target.entryId)].flatMap((e) => (e ? [e] : []));
      const now = this.deps.now();
      const cancelled = entries.filter((e) => e.status === 'queued').map((e) => ({ ...e, status: 'cancelled' as const, updatedAt: now }));
      await this.deps.store.put(cancelled);
      await this.reschedule();
      if (cancelled.length > 0) this.deps.onChange?.();
      return cancelled.length;
    });
  }

  list(): Promise<QueueEntry[]> {
    return this.deps.store.queued();
  }

  /** Sends what is due and eligible, re-queues what moved, drops what is blocked; then sets the next wake. */
  process(): Promise<void> {
    return this.serial(async () => {
      const entries = await this.deps.store.queued();
      const byScope = new Map<string, QueueEntry[]>();
      for (const entry of entries) {
        if (!isDue(entry, this.deps.serverNow()) && !entry.needsSession) continue;
        const key = scopeKey(entry.scope);
        byScope.set(key, [...(byScope.get(key) ?? []), entry]);
      }
      let changed = false;
      try {
        for (const due of byScope.values()) changed = (await this.processScope(due)) || changed;
      } finally {
        // Whatever happened, the next wake is set: a failure is tried again then.
        await this.reschedule();
        if (changed) this.deps.onChange?.();
      }
    });
  }

  private async processScope(due: QueueEntry[]): Promise<boolean> {
    const scope = due[0]!.scope;
    if (!(await this.deps.hasSession(scope))) return this.markNeedsSession(due, true);
    const since = Math.min(...due.map((e) => e.createdAt));
    let views: DataflowView[];
    let runs: RunRecord[];
    try {
      [views, runs] = await Promise.all([
        this.deps.freshViews(scope, [...new Set(due.map((e) => e.flowId))], [...new Set(due.map((e) => e.audienceId))]),
        this.deps.recentRuns(scope, since),
      ]);
    } catch (error) {
      // A refused session waits for a new one; anything else is tried again at the next wake.
      if (isAuthError(error)) return this.markNeedsSession(due, true);
      return false;
    }
    const byFlow = new Map(views.map((view) => [view.id, view]));
    const now = this.deps.now();
    const updates: QueueEntry[] = [];
    const toSend: QueueEntry[] = [];
    for (const entry of due) {
      const { needsSession: _, ...rest } = entry;
      const base: QueueEntry = { ...rest, updatedAt: now };
      const adoptedBy = runs.find((run) => EXPORTING.has(run.status) && pairKey(run) === pairKey(entry) && run.createdAt >= entry.createdAt)?.jobId;
      const decision = decide(entry, byFlow, this.deps.serverNow(), adoptedBy);
      switch (decision.kind) {
        case 'adopt':
          updates.push({ ...base, status: 'adopted', jobId: decision.jobId });
          break;
        case 'skip':
          updates.push({ ...base, status: 'skipped', skipRule: decision.rule });
          break;
        case 'wait':
          updates.push({ ...base, rule: decision.rule, until: decision.until });
          break;
        default:
          toSend.push(base);
      }
    }
    await this.deps.store.put(updates);
    if (toSend.length > 0) {
      let result: { jobId: string; skipped: { pair: Pair }[] };
      try {
        result = await this.deps.start({ pairs: toSend.map(({ flowId, audienceId }) => ({ flowId, audienceId })), scope });
      } catch (error) {
        if (isAuthError(error)) await this.markNeedsSession(toSend, true);
        return true;
      }
      // What the engine's own re-check left out stays queued for the next wake.
      const left = new Set(result.skipped.map((s) => pairKey(s.pair)));
      if (result.jobId)
        await this.deps.store.put(toSend.filter((e) => !left.has(pairKey(e))).map((e) => ({ ...e, status: 'sent' as const, jobId: result.jobId })));
    }
    return updates.length > 0 || toSend.length > 0 || due.some((e) => e.needsSession);
  }

  private async markNeedsSession(due: QueueEntry[], needs: boolean): Promise<boolean> {
    const changed = due.filter((e) => Boolean(e.needsSession) !== needs);
    await this.deps.store.put(changed.map((e) => ({ ...e, needsSession: needs, updatedAt: this.deps.now() })));
    if (needs && changed.length > 0) this.deps.onNeedsSession?.(changed.length);
    return changed.length > 0;
  }

  private async reschedule(): Promise<void> {
    const serverNow = this.deps.serverNow();
    const at = nextWake(await this.deps.store.queued(), serverNow);
    // The alarm runs on our clock: the Platform's time of the wait, moved by the offset.
    this.deps.wakeAt(at === null ? null : this.deps.now() + (at - serverNow));
  }
}
