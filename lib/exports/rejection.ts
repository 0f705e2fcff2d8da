/**
 * How the export engine reads a POST that did not get an answer with runs: what the
 * rejection or failure means (classifyRejection), and how it changes the request's runs
 * (adopt the run already going on, skip what is out of schedule, replan the rest, or
 * reconcile an unknown outcome against the runs API). Pure: the engine does the reading
 * and the writing (lib/exports/engine.ts).
 */
import type { DataflowView, ErrorInfo, ErrorKind, JobRecord, Millis, RequestRecord, RuleId, Run, RunRecord } from '@/lib/model';
import { isPlatformError, type AlreadyRunningDetail } from '@/lib/platform/errors';
import type { StoreChange } from '@/lib/store/export-store';
import { applyRun, classifyPairs, markSent, pairKey, pickRun, type Classified } from './records';

/** A 429 is sent again at most this many times in all. */
export const MAX_ATTEMPTS = 5;
/** The wait after a 429 that did not say how long. */
export const DEFAULT_QUOTA_WAIT_MS = 30_000;
/** Outcomes after which the server may have created runs: reconcile, never resend blindly. */
const OUTCOME_UNKNOWN: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout', 'server', 'malformed', 'unknown']);

/** What a failed POST calls for. */
export type Rejection =
  /** A refused token: nothing was done; the request goes back to pending and the job waits for a fresh session. */
  | { action: 'pause' }
  /** "Already running": the named pair adopts the run going on, the rest of the body goes again (else: `fail`). */
  | { action: 'adopt'; running: AlreadyRunningDetail }
  /** "Out of schedule": the named audiences (trimmed, lower case) are skipped, the rest goes again (else: `fail`). */
  | { action: 'skipNamed'; names: ReadonlySet<string> }
  /** The server may have created runs: the request is unknown until reconciled. */
  | { action: 'reconcile' }
  /** A 429: the server did not process it; sent again after `waitMs`. */
  | { action: 'wait'; waitMs: number }
  /** Its runs fail with the error. */
  | { action: 'fail' };

/** `attempts`: how many times the request has been sent, this one included. */
export function classifyRejection(error: unknown, attempts: number): Rejection {
  const kind: ErrorKind = isPlatformError(error) ? error.kind : 'unknown';
  if (kind === 'auth') return { action: 'pause' };
  if (kind === 'alreadyRunning' && isPlatformError(error) && error.alreadyRunning) return { action: 'adopt', running: error.alreadyRunning };
  if (kind === 'outOfSchedule' && isPlatformError(error) && error.outOfScheduleNames) {
    return { action: 'skipNamed', names: new Set(error.outOfScheduleNames.map((n) => n.trim().toLowerCase())) };
  }
  if (OUTCOME_UNKNOWN.has(kind)) return { action: 'reconcile' };
  if (kind === 'quota' && attempts < MAX_ATTEMPTS) {
    return { action: 'wait', waitMs: isPlatformError(error) && error.retryAfterMs !== undefined ? error.retryAfterMs : DEFAULT_QUOTA_WAIT_MS };
  }
  return { action: 'fail' };
}

/** Runs the request resolves now, and the rest that goes again in a new request. */
export interface Replan {
  resolved: RunRecord[];
  rest: RunRecord[];
}

/** The 400 refused the whole body: the named pair adopts the running run, the rest go again. Null when no run of the request is the named one. */
export function adoptRunning(runs: readonly RunRecord[], running: AlreadyRunningDetail, now: Millis): Replan | null {
  const adopted = runs.find((r) => r.flowId === running.flowId && r.audienceId === running.audienceId);
  if (!adopted) return null;
  return { resolved: [markSent(adopted, { runId: running.runId, statusURL: '' }, now)], rest: runs.filter((r) => r !== adopted) };
}

/** The rules an "out of schedule" refusal stands for (platform-api.md §3). */
export type ScheduleRule = Extract<RuleId, 'notMapped' | 'scheduleNotStarted' | 'scheduleEnded'>;
const SCHEDULE_RULES: ReadonlySet<RuleId> = new Set<ScheduleRule>(['notMapped', 'scheduleNotStarted', 'scheduleEnded']);

/** A refusal names an audience by its name or its id, in any case and spacing. */
const answersTo = (run: RunRecord, name: string) => run.audienceName.trim().toLowerCase() === name || run.audienceId.toLowerCase() === name;

/** The runs an "out of schedule" refusal names (`names` trimmed and in lower case). */
export function namedRuns(runs: readonly RunRecord[], names: ReadonlySet<string>): RunRecord[] {
  return runs.filter((r) => [...names].some((name) => answersTo(r, name)));
}

/**
 * The schedule or mapping rule fresh views name for each of these runs (by run id), when
 * they name one. The re-check's own classification, of the pairs whose dataflow the views
 * show at all (a dataflow missing from them tells nothing; an audience missing from one is unmapped).
 */
export function scheduleRulesIn(runs: readonly RunRecord[], views: readonly DataflowView[]): Map<string, ScheduleRule> {
  const shown = new Set(views.map((v) => v.id));
  const byPair = new Map(runs.filter((r) => shown.has(r.flowId)).map((r) => [pairKey(r), r]));
  const rules = new Map<string, ScheduleRule>();
  for (const { pair, rule } of classifyPairs([...byPair.values()], views).skipped) {
    if (SCHEDULE_RULES.has(rule)) rules.set(byPair.get(pairKey(pair))!.id, rule as ScheduleRule);
  }
  return rules;
}

/**
 * Which named runs an "out of schedule" refusal skips, and as what. Names are not unique, so
 * per name the runs the views show out of schedule are the refused ones and the others go
 * again; when the views tell none of a name's runs apart, all of them are skipped as
 * `scheduleEnded`, so a refused body is never sent again as it was.
 */
export function refusedRules(names: ReadonlySet<string>, named: readonly RunRecord[], known: ReadonlyMap<string, ScheduleRule>): Map<string, ScheduleRule> {
  const refused = new Map<string, ScheduleRule>();
  for (const name of names) {
    const matches = named.filter((r) => answersTo(r, name));
    const told = matches.filter((r) => known.has(r.id));
    for (const run of told.length > 0 ? told : matches) refused.set(run.id, known.get(run.id) ?? 'scheduleEnded');
  }
  return refused;
}

/** The refused runs skipped with their rule; every other run of the request goes again. */
export function skipRefused(runs: readonly RunRecord[], rules: ReadonlyMap<string, ScheduleRule>, info: ErrorInfo, now: Millis): Replan {
  return {
    resolved: runs.filter((r) => rules.has(r.id)).map((r): RunRecord => ({ ...r, status: 'skipped', skipRule: rules.get(r.id)!, error: info, updatedAt: now })),
    rest: runs.filter((r) => !rules.has(r.id)),
  };
}

/**
 * One write that closes a request with its `resolved` runs and moves the `rest` into a new
 * pending request of index `nextIndex` (none when nothing is left).
 */
export function replanChange(job: JobRecord, request: RequestRecord, info: ErrorInfo, plan: Replan, nextIndex: number, now: Millis): StoreChange {
  const requests: RequestRecord[] = [{ ...request, status: 'answered', answeredAt: now, error: info }];
  const runs = [...plan.resolved];
  if (plan.rest.length > 0) {
    const next: RequestRecord = {
      id: `${job.id}#${nextIndex}`,
      jobId: job.id,
      index: nextIndex,
      pairs: plan.rest.map((r) => ({ flowId: r.flowId, audienceId: r.audienceId })),
      status: 'pending',
      attempts: 0,
    };
    requests.push(next);
    runs.push(...plan.rest.map((r) => ({ ...r, requestId: next.id, updatedAt: now })));
  }
  return { requests, runs };
}

/**
 * An unknown outcome, against the runs listed since it was sent (per dataflow, server
 * times): the runs that found theirs are adopted, the others are missing. `claimed`: run
 * ids other records already hold (not taken again).
 */
export function matchListedRuns(
  waiting: readonly RunRecord[],
  listed: ReadonlyMap<string, readonly Run[]>,
  serverSentAt: Millis,
  claimed: ReadonlySet<string>,
  now: Millis,
): { adopted: RunRecord[]; missing: RunRecord[] } {
  const taken = new Set(claimed);
  const adopted: RunRecord[] = [];
  const missing: RunRecord[] = [];
  for (const record of waiting) {
    const run = pickRun(listed.get(record.flowId) ?? [], record.audienceId, serverSentAt, taken);
    if (!run) {
      missing.push(record);
      continue;
    }
    taken.add(run.id);
    adopted.push(applyRun({ ...record, status: 'sent' }, run, now));
  }
  return { adopted, missing };
}

/** Eligible pairs another job of ours already owns are skipped as an ad-hoc run in progress. */
export function withoutOurs(classified: Classified, owned: ReadonlySet<string>): Classified {
  if (owned.size === 0) return classified;
  const eligible = classified.eligible.filter((pair) => !owned.has(pairKey(pair)));
  const skipped = classified.eligible.filter((pair) => owned.has(pairKey(pair))).map((pair) => ({ pair, rule: 'adhocRunInProgress' as const }));
  return { eligible, skipped: [...classified.skipped, ...skipped] };
}
