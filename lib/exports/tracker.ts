/**
 * Run tracking: polls the runs list BY DATAFLOW (one call answers for every run of
 * ours on it), with a per-dataflow backoff and a token bucket so a thousand runs in
 * flight cost a bounded number of calls a minute. State lives in IndexedDB; the
 * backoff is memory only (a restarted worker simply polls everything once).
 */
import type { Millis, Run, RunRecord, Scope } from '@/lib/model';
import { isPlatformError, type PlatformClient } from '@/lib/platform';
import type { ExportStore } from '@/lib/store/export-store';
import { scopeKey } from '@/lib/session/credentials';
import { applyRun, runChanged } from './records';
import { createTokenBucket, type TokenBucket } from './token-bucket';
import { mapLimit } from './pool';

/** First poll a few seconds after an answer, then 5 s, 10 s, 20 s, 30 s. */
export const FIRST_POLL_MS = 3_000;
export const POLL_STEPS_MS = [5_000, 10_000, 20_000, 30_000] as const;
/** What the server clock's correction cannot know (latency, a clock that moved): read runs from a little before we asked. */
export const CLOCK_SKEW_MS = 60_000;
/** capacity + rate = the most calls any 60 s window can see. */
export const BUCKET = { capacity: 10, ratePerMinute: 110 } as const;

export interface TrackerDeps {
  store: ExportStore;
  clientFor(scope: Scope): PlatformClient;
  now(): Millis;
  /** Server time minus ours (see lib/platform/server-clock): runs carry the server's times. */
  serverOffset?(): number;
  /** A 401 while polling: the session is stale, stop polling that scope until it is fresh. */
  onAuthFailure(scope: Scope): void;
  bucket?: TokenBucket;
  concurrency?: number;
}

export interface PollResult {
  /** Run records written this round. */
  changed: RunRecord[];
  /** Runs still in flight after the round. */
  inFlight: number;
  /** When the next dataflow is due (undefined when nothing is in flight). */
  nextDueAt?: Millis;
}

interface FlowState {
  dueAt: Millis;
  step: number;
}

export class Tracker {
  private readonly flows = new Map<string, FlowState>();
  private readonly bucket: TokenBucket;
  private readonly blockedScopes = new Set<string>();

  constructor(private readonly deps: TrackerDeps) {
    this.bucket = deps.bucket ?? createTokenBucket({ ...BUCKET, now: deps.now });
  }

  /** Our POST for these dataflows was just answered: poll them soon, from the first step. */
  answered(scope: Scope, flowIds: readonly string[]): void {
    const dueAt = this.deps.now() + FIRST_POLL_MS;
    for (const flowId of flowIds) this.flows.set(`${scopeKey(scope)}|${flowId}`, { dueAt, step: 0 });
  }

  /** A fresh session for this scope: its dataflows may be polled again. */
  unblock(scope: Scope): void {
    this.blockedScopes.delete(scopeKey(scope));
  }

  async pollOnce(): Promise<PollResult> {
    const now = this.deps.now();
    const inFlight = await this.deps.store.inFlightRuns();
    const groups = new Map<string, { scope: Scope; flowId: string; runs: RunRecord[] }>();
    for (const run of inFlight) {
      const key = `${scopeKey(run.scope)}|${run.flowId}`;
      const group = groups.get(key) ?? { scope: run.scope, flowId: run.flowId, runs: [] };
      group.runs.push(run);
      groups.set(key, group);
    }
    for (const key of [...this.flows.keys()]) if (!groups.has(key)) this.flows.delete(key);

    const due = [...groups.entries()]
      .filter(([key, group]) => !this.blockedScopes.has(scopeKey(group.scope)) && (this.flows.get(key)?.dueAt ?? 0) <= now)
      .sort(([a], [b]) => (this.flows.get(a)?.dueAt ?? 0) - (this.flows.get(b)?.dueAt ?? 0));
    // Tokens are taken before the calls start so concurrency cannot overspend the bucket.
    const granted = [];
    for (const entry of due) {
      if (!this.bucket.tryTake()) break;
      granted.push(entry);
    }

    const changed: RunRecord[] = [];
    await mapLimit(granted, this.deps.concurrency ?? 4, async ([key, group]) => {
      const updates = await this.pollFlow(group.scope, group.flowId, group.runs);
      const state = this.flows.get(key) ?? { dueAt: now, step: 0 };
      if (updates === null) {
        this.flows.set(key, { dueAt: this.deps.now() + POLL_STEPS_MS[POLL_STEPS_MS.length - 1]!, step: state.step });
        return;
      }
      const delay = POLL_STEPS_MS[Math.min(state.step, POLL_STEPS_MS.length - 1)]!;
      this.flows.set(key, { dueAt: this.deps.now() + delay, step: state.step + 1 });
      if (updates.length > 0) {
        await this.deps.store.updateRuns(updates);
        changed.push(...updates);
      }
    });

    const finished = new Set(changed.filter((r) => r.status !== 'processing' && r.status !== 'sent').map((r) => r.id));
    const left = inFlight.filter((run) => !finished.has(run.id));
    const remainingKeys = new Set(left.map((run) => `${scopeKey(run.scope)}|${run.flowId}`));
    let nextDueAt: Millis | undefined;
    for (const key of remainingKeys) {
      const dueAt = Math.max(this.flows.get(key)?.dueAt ?? now, this.bucket.nextTokenAt());
      nextDueAt = nextDueAt === undefined ? dueAt : Math.min(nextDueAt, dueAt);
    }
    return { changed, inFlight: left.length, ...(nextDueAt !== undefined && { nextDueAt }) };
  }

  /** One runs-list call for a dataflow; null when it failed (retried later, never thrown). */
  private async pollFlow(scope: Scope, flowId: string, records: RunRecord[]): Promise<RunRecord[] | null> {
    // Read once listed: the answer may be what corrects the server clock.
    const since = () => Math.min(...records.map((r) => r.createdAt)) + (this.deps.serverOffset?.() ?? 0) - CLOCK_SKEW_MS;
    let runs: Run[];
    try {
      runs = await this.deps.clientFor(scope).listRuns(flowId, { since });
    } catch (error) {
      if (isPlatformError(error) && error.kind === 'auth') {
        this.blockedScopes.add(scopeKey(scope));
        this.deps.onAuthFailure(scope);
      }
      return null;
    }
    const byId = new Map(runs.map((run) => [run.id, run]));
    const now = this.deps.now();
    const updates: RunRecord[] = [];
    for (const record of records) {
      const run = record.runId ? byId.get(record.runId) : undefined;
      if (!run) continue;
      const next = applyRun(record, run, now);
      if (runChanged(record, next)) updates.push(next);
    }
    return updates;
  }
}
