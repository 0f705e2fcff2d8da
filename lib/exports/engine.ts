/**
 * The export engine: one job per click, one request per POST of <= 80 pairs, one run
 * record per pair. Every state change is written to IndexedDB before the next await
 * that could be the worker's last, so a restarted worker resumes from the store and
 * never sends a pair twice: a request found `sending` is `unknown` and is reconciled
 * through the runs API, never re-sent blindly.
 *
 * Over 400 lines on purpose: the job driver, the POST scheduler and the per-job locks share
 * the in-flight state (`sending`, drivers, timers) that makes the restart guarantee hold;
 * what a failed POST means is the pure lib/exports/rejection.ts, the records' rules lib/exports/records.ts.
 */
import { t } from '@/lib/i18n';
import type { DataflowView, ErrorInfo, JobRecord, Millis, Pair, RequestRecord, RunRecord, Scope } from '@/lib/model';
import { isPlatformError, PlatformError, type AdhocOrder, type PlatformClient } from '@/lib/platform';
import type { SessionStore } from '@/lib/session/session-store';
import { scopeKey } from '@/lib/session/credentials';
import { isUnreadable, type ExportStore } from '@/lib/store/export-store';
import type { JobSummary, UnreadableRecord } from '@/lib/store/schemas';
import { RECONCILE_GRACE_MS } from '@/lib/present/wait';
import { createKeyedLock, createSerial } from '@/lib/serial';
import { errorInfoOf } from './errors';
import { planBodies } from './plan';
import { mapLimit } from './pool';
import {
  activationInfo,
  classifyPairs,
  markFailed,
  markSent,
  missingRuns,
  newJobRecords,
  pairKey,
  runRecordId,
  TERMINAL_RUN,
  type Classified,
  type WaitingPair,
} from './records';
import {
  adoptRunning,
  classifyRejection,
  matchListedRuns,
  namedRuns,
  refusedRules,
  replanChange,
  scheduleRulesIn,
  skipRefused,
  withoutOurs,
  type Replan,
  type ScheduleRule,
} from './rejection';
import { CLOCK_SKEW_MS, Tracker, type PollResult } from './tracker';
import type { TokenBucket } from './token-bucket';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineChange {
  scope: Scope;
  jobId: string;
  /** Dataflows whose runs changed (view caches to drop). */
  flowIds: string[];
  runIds?: string[];
  /** The job itself changed status (created, paused, resumed, tracking, done, cancelled). */
  job?: boolean;
}

export interface EngineDeps {
  store: ExportStore;
  clientFor(scope: Scope): PlatformClient;
  sessions: Pick<SessionStore, 'getCredentials' | 'markStale' | 'onSessionChange'>;
  /** Fresh eligibility for the re-check at start (the view builder's `viewsOf`, no cache). */
  freshViews(scope: Scope, flowIds: readonly string[], audienceIds?: readonly string[]): Promise<DataflowView[]>;
  now(): Millis;
  /** Server time minus ours (see lib/platform/server-clock): runs carry the server's times. */
  serverOffset?(): number;
  /** Live timers in the worker; tests pass none and drive `tick()` themselves. */
  timers?: Timers;
  /** Waits out a long Retry-After (injected so tests do not wait). */
  sleep?(ms: number): Promise<void>;
  onChange?(change: EngineChange): void;
  onJobEnded?(job: JobSummary): void;
  /** POSTs in flight at once. */
  concurrency?: number;
  /** How long a pair of an unknown request must stay without a run before it may be sent again. */
  reconcileGraceMs?: number;
  newId?(): string;
  bucket?: TokenBucket;
}

export interface StartInput {
  pairs: Pair[];
  scope?: Scope;
  /** The pairs that only have to wait are left out of the job (the queue takes them) and returned. */
  leaveWaiting?: boolean;
  /** With `leaveWaiting`: pairs that would send our last export's data wait for their next scheduled export too. */
  holdSameData?: boolean;
}

export interface StartResult {
  /** Empty when no job was made: every pair was left waiting. */
  jobId: string;
  sent: number;
  skipped: Classified['skipped'];
  /** With `leaveWaiting`: the pairs left out, each with its wait. */
  waiting: WaitingPair[];
}

/**
 * POSTs in flight at once. A browser keeps at most 6 connections per host over HTTP/1.1
 * (more only queue there); 13 bodies of a 1,000-pair job go in about 2-3 round trips.
 */
const DEFAULT_CONCURRENCY = 6;
const FINISHED_JOB = new Set<JobRecord['status']>(['done', 'cancelled']);

/** A job as this worker just wrote it. */
interface Written {
  summary: JobSummary;
  requests: readonly RequestRecord[];
}

const readable = <T>(items: readonly T[]): Exclude<T, UnreadableRecord>[] => items.filter((i): i is Exclude<T, UnreadableRecord> => !isUnreadable(i));

function jobRecordOf(summary: JobSummary): JobRecord {
  const { scopeKey: _key, counts: _counts, ...job } = summary;
  return job;
}

export class ExportEngine {
  readonly tracker: Tracker;
  private readonly drivers = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Requests whose POST this instance has in flight: any other `sending` one is an orphan. */
  private readonly sending = new Set<string>();
  /**
   * Requests claimed ahead and not yet sent (see `sendAll`), with the request as it was
   * before the claim: a cancel or a pause takes them back from here, and `sendAll` sends
   * only what it can still take from here.
   */
  private readonly onDeck = new Map<string, RequestRecord>();
  /**
   * Jobs this instance paused (or is pausing) and has not resumed. Only this engine changes a
   * job's status, so claims and `sendAll` check here: a refused session must stop the requests
   * already claimed ahead before the pause is written (see `post`).
   */
  private readonly paused = new Set<string>();
  /** Per job: its runs are all in the store once this settles (see `runsInStore`). */
  private readonly runChecks = new Map<string, Promise<void>>();
  /**
   * Per job: a cancel, a pause and the driver's writes of one job never interleave; the POST
   * claims (each one transaction) may overlap one another.
   */
  private readonly locks = createKeyedLock();
  /**
   * Answers are written one at a time: IndexedDB runs overlapping transactions in the order
   * they were made, so six answers' writes (80 runs each) made at once held the next POST's
   * claim behind all six; one at a time, a claim waits for one at most.
   */
  private readonly answerWrites = createSerial();
  /** Starts and retries queue behind each other (see `start`). */
  private readonly oneAtATime = createSerial();
  private readonly timers: Timers | undefined;
  private pollTimer: unknown;
  private retryTimer: unknown;
  /** When `retryTimer` fires; undefined when none is set. */
  private retryAt: Millis | undefined;
  private polling: Promise<PollResult> | null = null;
  private readonly stopSession: () => void;
  private disposed = false;

  constructor(private readonly deps: EngineDeps) {
    this.timers = deps.timers;
    this.tracker = new Tracker({
      store: deps.store,
      clientFor: deps.clientFor,
      now: deps.now,
      ...(deps.serverOffset && { serverOffset: deps.serverOffset }),
      onAuthFailure: (scope) => void deps.sessions.markStale(scope).catch(() => undefined),
      ...(deps.bucket && { bucket: deps.bucket }),
    });
    this.stopSession = deps.sessions.onSessionChange((change) => {
      if (change.reason === 'captured' || change.reason === 'resumed' || change.reason === 'manual') {
        this.tracker.unblock(change.scope);
        void this.resumePaused(change.scope).catch(() => undefined);
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopSession();
    if (this.timers) {
      this.timers.clearTimeout(this.pollTimer);
      this.timers.clearTimeout(this.retryTimer);
    }
  }

  // ---- Commands ----

  /**
   * Starts run one at a time: two clicks (or two tabs) at the same moment would both
   * see a pair as eligible before either job exists, and POST it twice.
   */
  start(input: StartInput): Promise<StartResult> {
    return this.oneAtATime(() => this.startNow(input));
  }

  /** `retryOf`: the earlier job's runs these pairs come from; those sent again are marked retried with the new job. */
  private async startNow(input: StartInput, retryOf?: { jobId: string; runs: readonly RunRecord[] }): Promise<StartResult> {
    const scope = input.scope ?? (await this.defaultScope());
    const flowIds = [...new Set(input.pairs.map((p) => p.flowId))];
    // Read side by side: the fresh views are API round trips, our pairs only the store.
    const audienceIds = [...new Set(input.pairs.map((p) => p.audienceId))];
    const [views, owned] = await Promise.all([this.deps.freshViews(scope, flowIds, audienceIds), this.pairsInFlight(scope)]);
    const all = withoutOurs(classifyPairs(input.pairs, views, Boolean(input.leaveWaiting && input.holdSameData)), owned);
    const waiting = input.leaveWaiting ? all.skipped.flatMap((s) => (s.wait ? [{ ...s, wait: s.wait }] : [])) : [];
    const classified = input.leaveWaiting ? { eligible: all.eligible, skipped: all.skipped.filter((s) => !s.wait) } : all;
    if (classified.eligible.length === 0 && classified.skipped.length === 0) return { jobId: '', sent: 0, skipped: [], waiting };
    const jobId = this.deps.newId?.() ?? crypto.randomUUID();
    const bodies = planBodies(classified.eligible);
    const records = newJobRecords({ jobId, scope, now: this.deps.now(), views, classified, bodies, retryOf: retryOf?.jobId });
    // Only runs whose pair is sent again are dealt with; the ones the re-check skipped stay retryable.
    const sent = new Set(classified.eligible.map(pairKey));
    const retried = retryOf && { jobId: retryOf.jobId, runIds: retryOf.runs.filter((run) => sent.has(pairKey(run))).map((run) => run.id) };
    const { summary: created, pendingWritten } = await this.deps.store.createJob(records.job, records.requests, records.runs, retried);
    // Written once more if the first write fails; if that fails too, the next check mends them from the requests.
    const pending = records.runs.filter((run) => run.status === 'pending');
    this.checkRuns(
      jobId,
      pendingWritten.catch(() => this.deps.store.putNewRuns(pending)),
    );
    this.changed({ scope, jobId, flowIds, job: true });
    if (retried?.runIds.length) this.changed({ scope, jobId: retried.jobId, flowIds: [], runIds: retried.runIds, job: true });
    // Everything skipped: the job ends here, and says so like any other.
    if (created.status === 'done') this.deps.onJobEnded?.(created);
    else void this.drive(jobId, { summary: created, requests: records.requests });
    return { jobId, sent: classified.eligible.length, skipped: classified.skipped, waiting };
  }

  /** Pending requests and their runs are cancelled; what was already sent keeps being tracked. */
  async cancel(jobId: string): Promise<{ cancelled: boolean }> {
    return this.locks
      .exclusive(jobId, async () => {
        const summary = await this.deps.store.getJob(jobId);
        if (!summary || isUnreadable(summary) || FINISHED_JOB.has(summary.status)) return { cancelled: false };
        await this.runsInStore(summary);
        const requests = readable(await this.deps.store.requestsOfJob(jobId));
        // Claimed ahead but not sent: cancelled with the pending ones.
        const unsent = requests.filter((r) => r.status === 'sending' && this.takeBack(r.id));
        const pending = [...requests.filter((r) => r.status === 'pending'), ...unsent];
        if (pending.length === 0) return { cancelled: false };
        const ids = new Set(pending.map((r) => r.id));
        const now = this.deps.now();
        const runs = readable(await this.deps.store.runsOfJob(jobId))
          .filter((run) => run.status === 'pending' && run.requestId !== undefined && ids.has(run.requestId))
          .map((run): RunRecord => ({ ...run, status: 'cancelled', updatedAt: now }));
        const anySent = requests.some((r) => !ids.has(r.id) && r.status !== 'cancelled');
        const job: JobRecord = { ...jobRecordOf(summary), status: anySent ? summary.status : 'cancelled', updatedAt: now };
        if (job.status === 'paused' && anySent) job.status = 'tracking';
        delete job.pauseReason;
        // A retry job gives the runs it will no longer send back to its original's retry.
        const given = job.retryOf === undefined ? undefined : { jobId: job.retryOf, runIds: runs.map((run) => runRecordId(job.retryOf!, run)) };
        await this.deps.store.cancel({ job, requests: pending.map((r) => ({ ...r, status: 'cancelled' as const })), runs }, given);
        this.changed({ scope: summary.scope, jobId, flowIds: [...new Set(runs.map((r) => r.flowId))], job: true });
        if (given) this.changed({ scope: summary.scope, jobId: given.jobId, flowIds: [], runIds: [...given.runIds], job: true });
        return { cancelled: true };
      })
      .then(async (result) => {
        if (result.cancelled) await this.finishIfDone(jobId);
        return result;
      });
  }

  /**
   * A new job for the failed (or the named) runs of a job not retried yet, re-checked like
   * any start. In the same queue as starts: a second retry (a double click) reads the runs
   * only once the first one has marked them, so it finds nothing left to send.
   */
  retry(jobId: string, runIds?: readonly string[]): Promise<{ jobId: string }> {
    return this.oneAtATime(() => this.retryNow(jobId, runIds));
  }

  private async retryNow(jobId: string, runIds?: readonly string[]): Promise<{ jobId: string }> {
    const summary = await this.deps.store.getJob(jobId);
    if (!summary || isUnreadable(summary)) throw new PlatformError('notFound', `Job ${jobId} not found`);
    const wanted = runIds && new Set(runIds);
    // Failed runs only, named or not: a retry never sends again what succeeded or still runs.
    const runs = readable(await this.deps.store.runsOfJob(jobId)).filter(
      (run) => run.retriedIn === undefined && run.status === 'failed' && (!wanted || wanted.has(run.id) || (run.runId !== undefined && wanted.has(run.runId))),
    );
    if (runs.length === 0) throw new PlatformError('badRequest', t('exports.notRetryable'));
    const pairs = runs.map((run) => ({ flowId: run.flowId, audienceId: run.audienceId }));
    const result = await this.startNow({ pairs, scope: summary.scope }, { jobId, runs });
    return { jobId: result.jobId };
  }

  /** Start-up and alarms: resume every unfinished job, then poll what is due. */
  async tick(): Promise<PollResult> {
    await this.resume();
    return this.poll();
  }

  async resume(): Promise<void> {
    const jobs = await this.deps.store.unfinishedJobs();
    for (const job of jobs) {
      if (job.status === 'paused') {
        const credentials = await this.deps.sessions.getCredentials(job.scope);
        if (credentials && !credentials.stale) await this.unpause(job);
        continue;
      }
      // A worker may die between writing the last run and closing its job: no run is
      // left in flight to poll, so only this check would ever close it.
      if (job.status === 'tracking') await this.finishIfDone(job.id);
      void this.drive(job.id);
    }
  }

  /** Resolves when every job driver of this instance is idle (tests, and the alarm handler). */
  async settled(): Promise<void> {
    while (this.drivers.size > 0) await Promise.allSettled([...this.drivers.values()]);
  }

  async poll(): Promise<PollResult> {
    this.polling ??= this.pollRound().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  // ---- The job driver ----

  /** `created`: a job this worker just wrote, whose first round needs not read it back. */
  private drive(jobId: string, created?: Written): Promise<void> {
    const running = this.drivers.get(jobId);
    if (running) {
      this.again.add(jobId);
      return running;
    }
    const driver = (async () => {
      let written = created;
      do {
        this.again.delete(jobId);
        await this.step(jobId, written);
        written = undefined;
      } while (this.again.has(jobId) && !this.disposed);
    })()
      .catch(() => undefined) // the state is in the store: the next tick picks it up
      .finally(() => this.drivers.delete(jobId));
    this.drivers.set(jobId, driver);
    return driver;
  }

  private async step(jobId: string, created?: Written): Promise<void> {
    for (let round = 0; round < 1000 && !this.disposed; round++) {
      const summary = round === 0 && created ? created.summary : await this.deps.store.getJob(jobId);
      if (!summary || isUnreadable(summary) || summary.status !== 'sending') break;
      const job = jobRecordOf(summary);
      let requests = round === 0 && created ? created.requests : readable(await this.deps.store.requestsOfJob(jobId));

      const orphans = requests.filter((r) => r.status === 'sending' && !this.sending.has(r.id));
      if (orphans.length > 0) {
        const error: ErrorInfo = { kind: 'unknown', message: t('exports.unknownOutcome') };
        await this.deps.store.write({ requests: orphans.map((r) => ({ ...r, status: 'unknown' as const, error })) });
        requests = readable(await this.deps.store.requestsOfJob(jobId));
      }
      const unknown = requests.filter((r) => r.status === 'unknown');
      for (const request of unknown) await this.reconcile(job, request);
      // Reconciling replans requests; with none to reconcile, what was read stands.
      if (unknown.length > 0) requests = readable(await this.deps.store.requestsOfJob(jobId));
      const now = this.deps.now();
      const due = requests.filter((r) => r.status === 'pending' && !throttled(r, now));
      if (due.length > 0) {
        await this.sendAll(job, due);
        continue;
      }
      // The rest waits out a 429: the job is still sending, woken at the earliest "not before"
      // (or by the tracking alarm, which lives while the job is unfinished, if the worker sleeps).
      const notBefore = earliestNotBefore(requests);
      if (notBefore !== undefined) {
        const grace = requests.some((r) => r.status === 'unknown') ? [this.deps.reconcileGraceMs ?? RECONCILE_GRACE_MS] : [];
        this.scheduleRetry(Math.min(notBefore - now, ...grace));
        break;
      }
      if (requests.some((r) => r.status === 'sending')) break; // another driver's POST is still out
      if (requests.some((r) => r.status === 'unknown')) {
        this.scheduleRetry(this.deps.reconcileGraceMs ?? RECONCILE_GRACE_MS);
        break;
      }
      await this.locks.exclusive(jobId, async () => {
        const current = await this.deps.store.getJob(jobId);
        if (!current || isUnreadable(current) || current.status !== 'sending') return;
        await this.deps.store.updateJob({ ...jobRecordOf(current), status: 'tracking', updatedAt: this.deps.now() });
      });
      this.changed({ scope: job.scope, jobId, flowIds: [], job: true });
      await this.finishIfDone(jobId);
      this.schedulePoll(this.deps.now());
      break;
    }
  }

  /**
   * Bounded concurrency; two bodies naming the same audience are never claimed or in flight
   * together, and an answer holds its audiences until it is written. As many requests as
   * there are slots are claimed ahead while the POSTs are out, so a freed slot sends at once:
   * a claim is a transaction, queued behind the answers' writes (Chromium works through a
   * database's requests in order), and every round of six POSTs waited tens of ms for one.
   * A claimed request not yet sent is stored as sending: a cancel or a pause takes it back
   * (`onDeck`), and a worker dying leaves it to be reconciled like any other, so nothing is
   * sent twice (its pairs go again once the grace period shows no run).
   */
  private async sendAll(job: JobRecord, pending: RequestRecord[]): Promise<void> {
    const limit = this.deps.concurrency ?? DEFAULT_CONCURRENCY;
    const queue = [...pending].sort((a, b) => a.index - b.index);
    /** One per slot: settles when the POST is answered. */
    const posting = new Set<Promise<unknown>>();
    /** Audiences of the requests in flight, until their answers are written. */
    const busy = new Map<Promise<unknown>, ReadonlySet<string>>();
    const deck: { claimed: Promise<RequestRecord | null>; audiences: ReadonlySet<string> }[] = [];
    while ((queue.length > 0 || deck.length > 0 || busy.size > 0) && !this.disposed) {
      const taken = new Set([...busy.values(), ...deck.map((d) => d.audiences)].flatMap((s) => [...s]));
      const picked: RequestRecord[] = [];
      while (deck.length + picked.length < limit) {
        const next = queue.findIndex((r) => !r.pairs.some((p) => taken.has(p.audienceId)));
        if (next < 0) break;
        const [request] = queue.splice(next, 1);
        for (const pair of request!.pairs) taken.add(pair.audienceId);
        picked.push(request!);
      }
      // Claimed together: one transaction for the first slots, not one each behind the job's run writes.
      const claims = picked.length > 0 ? this.claim(job, picked).catch(() => picked.map(() => null)) : undefined;
      for (const [i, request] of picked.entries()) {
        deck.push({ claimed: claims!.then((claimed) => claimed[i] ?? null), audiences: new Set(request.pairs.map((p) => p.audienceId)) });
      }
      if (posting.size < limit && deck.length > 0) {
        const { claimed, audiences } = deck.shift()!;
        const request = await claimed;
        // Refused, taken back by a cancel since, or left for a pause to take back.
        if (!request || this.paused.has(job.id) || !this.onDeck.delete(request.id) || this.disposed) continue;
        let answered!: () => void;
        const posted = new Promise<void>((resolve) => (answered = resolve));
        const done = this.post(job, request, answered)
          .catch(() => undefined)
          .finally(answered);
        posting.add(posted);
        busy.set(done, audiences);
        void posted.then(() => posting.delete(posted));
        void done.then(() => busy.delete(done));
        continue;
      }
      if (busy.size === 0) break;
      // Wake on the first POST answered (a slot) or the first answer written (audiences).
      await Promise.race([...posting, ...busy.keys()]);
    }
  }

  /**
   * One transaction reads the requests and marks them sending: written before the POSTs, so
   * a restart after the worker dies before or during them knows to reconcile. Null for a
   * request not to be sent now.
   */
  private claim(job: JobRecord, planned: readonly RequestRecord[]): Promise<(RequestRecord | null)[]> {
    const ids = planned.map((r) => r.id);
    // Ours from before their claims are written: never taken for orphans.
    for (const id of ids) this.sending.add(id);
    const before = new Map<string, RequestRecord>();
    return this.locks
      .shared(job.id, () =>
        this.deps.store.claimRequests(ids, (current) => {
          const now = this.deps.now();
          // Another driver (or worker) may have met a 429 on it since it was planned.
          if (this.paused.has(job.id) || current.status !== 'pending' || throttled(current, now)) return null;
          before.set(current.id, current);
          const next: RequestRecord = { ...current, status: 'sending', attempts: current.attempts + 1, sentAt: now };
          delete next.error;
          delete next.notBefore;
          return next;
        }),
      )
      .then(
        (claimed) => {
          for (const [i, id] of ids.entries()) {
            if (claimed[i]) this.onDeck.set(id, before.get(id)!);
            else this.sending.delete(id);
          }
          return claimed;
        },
        (error: unknown) => {
          for (const id of ids) this.sending.delete(id);
          throw error;
        },
      );
  }

  /** A claimed request not sent yet, taken back (false when it is sent or was never claimed here). */
  private takeBack(requestId: string): boolean {
    if (!this.onDeck.delete(requestId)) return false;
    this.sending.delete(requestId);
    return true;
  }

  private async post(job: JobRecord, request: RequestRecord, answered: () => void): Promise<void> {
    try {
      let orders: AdhocOrder[];
      try {
        orders = await this.deps.clientFor(job.scope).activate(activationInfo(request.pairs));
      } catch (error) {
        // A refused session stops the job's sending before its slot is free: the requests
        // claimed ahead stay unsent, for the pause to take back.
        if (classifyRejection(error, request.attempts).action === 'pause') this.paused.add(job.id);
        // A 429 keeps its slot while it waits out Retry-After: the server asked us to slow down.
        if (!(isPlatformError(error) && error.kind === 'quota')) answered();
        await this.rejected(job, request, error);
        return;
      }
      answered();
      await this.answerWrites(() => this.answered(job, request, orders));
    } finally {
      this.sending.delete(request.id);
    }
  }

  private async answered(job: JobRecord, request: RequestRecord, orders: AdhocOrder[]): Promise<void> {
    const now = this.deps.now();
    const byPair = new Map(orders.map((order) => [pairKey(order), order]));
    await this.runsInStore(job);
    // Read and written in one transaction with the request's close: one wait behind the other answers, not two.
    const { runs = [] } = await this.deps.store.settleRuns(this.runIdsOf(request), (stored) => ({
      requests: [{ ...request, status: 'answered', answeredAt: now }],
      runs: this.pendingOf(request, stored).map((run) => {
        const order = byPair.get(pairKey(run));
        return order ? markSent(run, order, now) : markFailed(run, { kind: 'malformed', message: t('exports.noRunInAnswer') }, now);
      }),
    }));
    const flowIds = [...new Set(request.pairs.map((p) => p.flowId))];
    this.tracker.answered(job.scope, flowIds);
    this.changed({ scope: job.scope, jobId: job.id, flowIds, runIds: runs.map((r) => r.id) });
    this.schedulePoll(this.deps.now() + 3_000);
  }

  /** A POST without an answer: what it means is lib/exports/rejection's; reading and writing it is here. */
  private async rejected(job: JobRecord, request: RequestRecord, error: unknown): Promise<void> {
    const info = errorInfoOf(error);
    const now = this.deps.now();
    const flowIds = [...new Set(request.pairs.map((p) => p.flowId))];
    const rejection = classifyRejection(error, request.attempts);

    if (rejection.action === 'pause') {
      // Nothing was done with a refused token: back to pending, and wait for a fresh session.
      await this.pauseForAuth(job, info, { ...request, status: 'pending', error: info });
      return;
    }
    await this.runsInStore(job);

    if (rejection.action === 'adopt') {
      const plan = adoptRunning(await this.runsOf(request), rejection.running, now);
      if (plan) {
        await this.replan(job, request, info, plan);
        this.tracker.answered(job.scope, [rejection.running.flowId]);
        this.changed({ scope: job.scope, jobId: job.id, flowIds, runIds: plan.resolved.map((r) => r.id) });
        return;
      }
    }

    if (rejection.action === 'skipNamed') {
      const runs = await this.runsOf(request);
      const named = namedRuns(runs, rejection.names);
      if (named.length > 0) {
        const plan = skipRefused(runs, refusedRules(rejection.names, named, await this.scheduleRulesOf(job.scope, named)), info, now);
        await this.replan(job, request, info, plan);
        this.changed({ scope: job.scope, jobId: job.id, flowIds, runIds: plan.resolved.map((r) => r.id) });
        return;
      }
    }

    if (rejection.action === 'reconcile') {
      await this.deps.store.updateRequest({ ...request, status: 'unknown', error: info });
      return; // the driver's next round reconciles it
    }

    if (rejection.action === 'wait') {
      // 429: the server did not process it; wait as asked, then it is sent again. The wait is
      // stored with it: a worker killed during the sleep below must not send it again at once.
      const wait = rejection.waitMs;
      await this.deps.store.updateRequest({ ...request, status: 'pending', error: info, notBefore: now + wait });
      // The sleep keeps this POST's slot while this worker lives, so the other requests do
      // not pile onto a throttled server; the stored "not before" is what any worker obeys.
      await (this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
      return;
    }

    const runs = (await this.runsOf(request)).map((run) => markFailed(run, info, now));
    await this.deps.store.write({ requests: [{ ...request, status: 'failed', error: info, answeredAt: now }], runs });
    this.changed({ scope: job.scope, jobId: job.id, flowIds, runIds: runs.map((r) => r.id) });
  }

  /**
   * The schedule or mapping rule the fresh views name for each of these runs, when they name one.
   * Empty when the views cannot be read: the caller then keeps to what the refusal alone says.
   */
  private async scheduleRulesOf(scope: Scope, runs: readonly RunRecord[]): Promise<Map<string, ScheduleRule>> {
    const flowIds = [...new Set(runs.map((r) => r.flowId))];
    const audienceIds = [...new Set(runs.map((r) => r.audienceId))];
    let views: DataflowView[];
    try {
      views = await this.deps.freshViews(scope, flowIds, audienceIds);
    } catch {
      return new Map(); // network, auth...: the refused request is still closed, the conservative way
    }
    return scheduleRulesIn(runs, views);
  }

  /** Closes a request with the plan's resolved runs and moves the rest into a new pending request, in one write. */
  private async replan(job: JobRecord, request: RequestRecord, info: ErrorInfo, plan: Replan): Promise<void> {
    const now = this.deps.now();
    const nextIndex = plan.rest.length > 0 ? Math.max(...readable(await this.deps.store.requestsOfJob(job.id)).map((r) => r.index)) + 1 : 0;
    await this.deps.store.write(replanChange(job, request, info, plan, nextIndex, now));
  }

  /**
   * An unknown outcome: the runs of its dataflows since it was sent tell which pairs the
   * server accepted (adopted). Pairs with no run are re-sent only once the grace period
   * has passed, in a new request; until then the request stays unknown.
   */
  private async reconcile(job: JobRecord, request: RequestRecord): Promise<void> {
    const sentAt = request.sentAt ?? job.createdAt;
    // Listed runs carry the server's times: look for ours around the server's time of sending,
    // read once the list has answered (its Date header may be the clock's first word).
    const serverSentAt = () => sentAt + (this.deps.serverOffset?.() ?? 0);
    const client = this.deps.clientFor(job.scope);
    await this.runsInStore(job);
    const all = readable(await this.deps.store.runsOfJob(job.id));
    const claimed = new Set(all.flatMap((r) => (r.runId ? [r.runId] : [])));
    const waiting = all.filter((r) => r.requestId === request.id && r.status === 'pending');
    const flowIds = [...new Set(waiting.map((r) => r.flowId))];
    const listed = new Map<string, Awaited<ReturnType<PlatformClient['listRuns']>>>();
    try {
      await mapLimit(flowIds, 4, async (flowId) => {
        listed.set(flowId, await client.listRuns(flowId, { since: () => serverSentAt() - CLOCK_SKEW_MS }));
      });
    } catch (error) {
      // The request stays unknown either way: a refused token only pauses the job.
      if (isPlatformError(error) && error.kind === 'auth') await this.pauseForAuth(job, errorInfoOf(error));
      return; // still unknown: tried again on the next round or alarm
    }
    const now = this.deps.now();
    const { adopted, missing } = matchListedRuns(waiting, listed, serverSentAt(), claimed, now);
    const graceOver = now - sentAt >= (this.deps.reconcileGraceMs ?? RECONCILE_GRACE_MS);
    if (missing.length === 0 || graceOver) {
      await this.replan(job, request, request.error ?? { kind: 'unknown', message: t('exports.unknownOutcome') }, { resolved: adopted, rest: missing });
    } else if (adopted.length > 0) {
      await this.deps.store.write({ runs: adopted });
    }
    if (adopted.length > 0) {
      this.tracker.answered(job.scope, [...new Set(adopted.map((r) => r.flowId))]);
      this.changed({ scope: job.scope, jobId: job.id, flowIds, runIds: adopted.map((r) => r.id) });
    }
  }

  // ---- Pause, finish, polling ----

  private async pauseForAuth(job: JobRecord, info: ErrorInfo, request?: RequestRecord): Promise<void> {
    await this.locks.exclusive(job.id, async () => {
      const summary = await this.deps.store.getJob(job.id);
      const current = summary && !isUnreadable(summary) ? jobRecordOf(summary) : job;
      const pauseReason: ErrorInfo = { kind: 'auth', message: t('exports.paused.auth'), ...(info.status !== undefined && { status: info.status }) };
      // Claimed ahead and not sent: pending again, as before their claims.
      const unsent = [...this.onDeck.values()].filter((r) => r.jobId === job.id && this.takeBack(r.id));
      const requests = [...(request ? [request] : []), ...unsent];
      this.paused.add(job.id);
      try {
        await this.deps.store.write({ job: { ...current, status: 'paused', updatedAt: this.deps.now(), pauseReason }, requests });
      } catch (error) {
        // Not paused after all: what was taken back stays sending, for reconciliation.
        this.paused.delete(job.id);
        throw error;
      }
    });
    this.changed({ scope: job.scope, jobId: job.id, flowIds: [], job: true });
    await this.deps.sessions.markStale(job.scope).catch(() => undefined);
  }

  private async resumePaused(scope: Scope): Promise<void> {
    const jobs = await this.deps.store.unfinishedJobs();
    for (const job of jobs) if (job.status === 'paused' && scopeKey(job.scope) === scopeKey(scope)) await this.unpause(job);
    this.schedulePoll(this.deps.now());
  }

  private async unpause(summary: JobSummary): Promise<void> {
    await this.locks.exclusive(summary.id, async () => {
      this.paused.delete(summary.id);
      const current = await this.deps.store.getJob(summary.id);
      if (!current || isUnreadable(current) || current.status !== 'paused') return;
      const job: JobRecord = { ...jobRecordOf(current), status: 'sending', updatedAt: this.deps.now() };
      delete job.pauseReason;
      await this.deps.store.updateJob(job);
    });
    this.changed({ scope: summary.scope, jobId: summary.id, flowIds: [], job: true });
    void this.drive(summary.id);
  }

  /** Done when no run waits to be sent or is in flight and no request is still open. */
  private async finishIfDone(jobId: string): Promise<void> {
    const ended = await this.locks.exclusive(jobId, async () => {
      const summary = await this.deps.store.getJob(jobId);
      if (!summary || isUnreadable(summary)) return null;
      if (summary.status === 'cancelled') return summary.counts.running === 0 ? summary : null;
      if (summary.status !== 'tracking') return null;
      await this.runsInStore(summary);
      const runs = readable(await this.deps.store.runsOfJob(jobId));
      if (!runs.every((r) => TERMINAL_RUN.has(r.status))) return null;
      const open = readable(await this.deps.store.requestsOfJob(jobId)).some((r) => r.status === 'pending' || r.status === 'sending' || r.status === 'unknown');
      if (open) return null;
      const done: JobRecord = { ...jobRecordOf(summary), status: 'done', updatedAt: this.deps.now() };
      await this.deps.store.updateJob(done);
      const after = await this.deps.store.getJob(jobId);
      return after && !isUnreadable(after) ? after : null;
    });
    if (ended) {
      this.changed({ scope: ended.scope, jobId, flowIds: ended.dataflows.map((d) => d.id), job: true });
      this.deps.onJobEnded?.(ended);
    }
  }

  private async pollRound(): Promise<PollResult> {
    const result = await this.tracker.pollOnce();
    const jobs = new Map<string, RunRecord[]>();
    for (const run of result.changed) jobs.set(run.jobId, [...(jobs.get(run.jobId) ?? []), run]);
    for (const [jobId, runs] of jobs) {
      this.changed({ scope: runs[0]!.scope, jobId, flowIds: [...new Set(runs.map((r) => r.flowId))], runIds: runs.map((r) => r.id) });
      await this.finishIfDone(jobId);
    }
    if (result.nextDueAt !== undefined) this.schedulePoll(result.nextDueAt);
    return result;
  }

  /** While the worker lives, poll when due; alarms take over when it sleeps. */
  private schedulePoll(at: Millis): void {
    if (!this.timers || this.disposed) return;
    this.timers.clearTimeout(this.pollTimer);
    this.pollTimer = this.timers.setTimeout(() => void this.poll().catch(() => undefined), Math.max(0, at - this.deps.now()));
  }

  /** One timer for every job: a later wake asked for by one job never replaces an earlier one of another. */
  private scheduleRetry(delay: number): void {
    if (!this.timers || this.disposed) return;
    const at = this.deps.now() + Math.max(0, delay);
    if (this.retryAt !== undefined && this.retryAt <= at) return;
    this.timers.clearTimeout(this.retryTimer);
    this.retryAt = at;
    this.retryTimer = this.timers.setTimeout(
      () => {
        this.retryAt = undefined;
        void this.resume().catch(() => undefined);
      },
      Math.max(0, delay),
    );
  }

  // ---- Helpers ----

  private async defaultScope(): Promise<Scope> {
    const credentials = await this.deps.sessions.getCredentials();
    if (!credentials) throw new PlatformError('auth', t('exports.noSession'));
    return { orgId: credentials.orgId, sandbox: credentials.sandbox };
  }

  /**
   * Pairs an unfinished job of ours still owns (waiting to be sent, in a POST, or
   * running): the runs API cannot show them yet, so the fresh views miss them.
   */
  private async pairsInFlight(scope: Scope): Promise<Set<string>> {
    const owned = new Set<string>();
    for (const job of await this.deps.store.unfinishedJobs()) {
      if (scopeKey(job.scope) !== scopeKey(scope)) continue;
      await this.runsInStore(job);
      for (const run of readable(await this.deps.store.runsOfJob(job.id))) {
        if (run.status === 'pending' || run.status === 'sent' || run.status === 'processing') owned.add(pairKey(run));
      }
    }
    return owned;
  }

  /**
   * A new job's pending runs are written after the job itself (ExportStore.createJob). Before
   * the engine reads or writes a job's runs it waits here: for that write when this worker
   * made the job, or, for a job of an earlier worker, for a check that its runs are all there
   * (that worker may have died before they were), mending what is missing.
   */
  private runsInStore(job: JobRecord): Promise<void> {
    return this.runChecks.get(job.id) ?? this.checkRuns(job.id, this.mendRuns(job));
  }

  private checkRuns(jobId: string, check: Promise<void>): Promise<void> {
    this.runChecks.set(jobId, check);
    // A failed check is forgotten: the next caller checks again.
    check.catch(() => this.runChecks.get(jobId) === check && this.runChecks.delete(jobId));
    return check;
  }

  private async mendRuns(job: JobRecord): Promise<void> {
    if ((await this.deps.store.runCount(job.id)) >= job.pairCount) return;
    const stored = new Set((await this.deps.store.runsOfJob(job.id)).map((run) => run.id));
    await this.deps.store.putNewRuns(missingRuns(job, readable(await this.deps.store.requestsOfJob(job.id)), stored));
  }

  /** Run ids follow from the pairs: read the request's own runs, not the whole job's. */
  private async runsOf(request: RequestRecord): Promise<RunRecord[]> {
    return this.pendingOf(request, await this.deps.store.getRuns(this.runIdsOf(request)));
  }

  private runIdsOf(request: RequestRecord): string[] {
    return request.pairs.map((pair) => runRecordId(request.jobId, pair));
  }

  /** The request's own runs still waiting for its answer. */
  private pendingOf(request: RequestRecord, stored: readonly (RunRecord | UnreadableRecord)[]): RunRecord[] {
    return readable(stored).filter((r) => r.requestId === request.id && r.status === 'pending');
  }

  /** Read-modify-write sections of one job, one at a time (never around a POST). */
  private changed(change: EngineChange): void {
    try {
      this.deps.onChange?.(change);
    } catch {
      // A listener's failure must not stop the engine.
    }
  }
}

/** A pending request a 429 asked us to hold back until later. */
function throttled(request: RequestRecord, now: Millis): boolean {
  return request.notBefore !== undefined && request.notBefore > now;
}

/** The earliest wake a pending request still waits for, if any. */
function earliestNotBefore(requests: readonly RequestRecord[]): Millis | undefined {
  let earliest: Millis | undefined;
  for (const r of requests) {
    if (r.status === 'pending' && r.notBefore !== undefined && (earliest === undefined || r.notBefore < earliest)) earliest = r.notBefore;
  }
  return earliest;
}

export { refusedRules, type ScheduleRule };

export function createExportEngine(deps: EngineDeps): ExportEngine {
  return new ExportEngine(deps);
}
