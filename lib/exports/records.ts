/**
 * Pure helpers of the export state machine: the records a job starts with, and how
 * an answer or a run from the API changes a run record. No I/O here.
 */
import type { DataflowView, ErrorInfo, JobRecord, Millis, Pair, RequestRecord, RuleId, Run, RunRecord, Scope } from '@/lib/model';
import type { AdhocOrder } from '@/lib/platform';
import type { PlannedBody } from './plan';

import { pairKey } from '@/lib/pairs';

export { pairKey };
export const runRecordId = (jobId: string, pair: Pair): string => `${jobId}|${pair.flowId}|${pair.audienceId}`;

/** A skipped pair that only has to wait: until when (null: no known end), and the names to show it by. */
export interface Waiting {
  until: Millis | null;
  dataflowName: string;
  audienceName: string;
}

/** A pair left to the queue: its rule and its wait. */
export interface WaitingPair {
  pair: Pair;
  rule: RuleId;
  wait: Waiting;
}

export interface Classified {
  eligible: Pair[];
  skipped: { pair: Pair; rule: RuleId; wait?: Waiting }[];
}

/**
 * Each asked pair against fresh views: only `eligible` verdicts are sent; the rest keep their
 * rule. `holdSameData`: an eligible pair that would send the same data as our last export of
 * it waits instead, until its next scheduled export has run (rule `sameData`).
 */
export function classifyPairs(pairs: readonly Pair[], views: readonly DataflowView[], holdSameData = false): Classified {
  const byFlow = new Map(views.map((view) => [view.id, view]));
  const seen = new Set<string>();
  const result: Classified = { eligible: [], skipped: [] };
  for (const pair of pairs) {
    const key = pairKey(pair);
    if (seen.has(key)) continue;
    seen.add(key);
    const flow = byFlow.get(pair.flowId);
    const audience = flow?.audiences.find((a) => a.id === pair.audienceId);
    if (!flow || !audience) {
      result.skipped.push({ pair, rule: 'notMapped' });
      continue;
    }
    const verdict = flow.verdict.kind === 'blocked' ? flow.verdict : audience.verdict;
    const names = { dataflowName: flow.name, audienceName: audience.name };
    if (verdict.kind === 'eligible' && holdSameData && verdict.warnings.includes('sameData')) {
      result.skipped.push({ pair, rule: 'sameData', wait: { until: audience.sameData?.next ?? null, ...names } });
    } else if (verdict.kind === 'eligible') result.eligible.push({ flowId: pair.flowId, audienceId: pair.audienceId });
    else if (verdict.kind === 'wait' && !audience.running) {
      result.skipped.push({ pair, rule: verdict.rule, wait: { until: verdict.until, ...names } });
    } else result.skipped.push({ pair, rule: verdict.rule });
  }
  return result;
}

export interface NewJob {
  job: JobRecord;
  requests: RequestRecord[];
  runs: RunRecord[];
}

/** The job, one request per planned body, one run record per asked pair (skipped ones included). */
export function newJobRecords(input: {
  jobId: string;
  scope: Scope;
  now: number;
  views: readonly DataflowView[];
  classified: Classified;
  bodies: readonly PlannedBody[];
  retryOf?: string;
}): NewJob {
  const { jobId, scope, now, views, classified, bodies } = input;
  const names = new Map<string, string>();
  const flowNames = new Map<string, string>();
  for (const view of views) {
    flowNames.set(view.id, view.name);
    for (const audience of view.audiences) names.set(audience.id, audience.name);
  }
  const requests: RequestRecord[] = bodies.map((body) => ({
    id: `${jobId}#${body.index}`,
    jobId,
    index: body.index,
    pairs: body.pairs,
    status: 'pending',
    attempts: 0,
  }));
  const requestOf = new Map<string, string>();
  for (const request of requests) for (const pair of request.pairs) requestOf.set(pairKey(pair), request.id);
  const base = (pair: Pair) => ({
    id: runRecordId(jobId, pair),
    jobId,
    scope,
    flowId: pair.flowId,
    audienceId: pair.audienceId,
    dataflowName: flowNames.get(pair.flowId) ?? pair.flowId,
    audienceName: names.get(pair.audienceId) ?? pair.audienceId,
    createdAt: now,
    updatedAt: now,
  });
  const runs: RunRecord[] = [
    ...classified.eligible.map((pair): RunRecord => ({ ...base(pair), status: 'pending', requestId: requestOf.get(pairKey(pair))! })),
    ...classified.skipped.map(({ pair, rule }): RunRecord => ({ ...base(pair), status: 'skipped', skipRule: rule })),
  ];
  const flowIds = [...new Set([...classified.eligible, ...classified.skipped.map((s) => s.pair)].map((p) => p.flowId))];
  const job: JobRecord = {
    id: jobId,
    scope,
    createdAt: now,
    updatedAt: now,
    status: requests.length > 0 ? 'sending' : 'done',
    dataflows: flowIds.map((id) => ({ id, name: flowNames.get(id) ?? id })),
    pairCount: runs.length,
    ...(input.retryOf !== undefined && { retryOf: input.retryOf }),
  };
  return { job, requests, runs };
}

/**
 * The pending runs a job's requests stand for whose record is not in `stored` (ids): what a
 * worker that died while writing a new job's runs left out. Audience names were only in
 * those records, so the audience id stands in for its name.
 */
export function missingRuns(job: JobRecord, requests: readonly RequestRecord[], stored: ReadonlySet<string>): RunRecord[] {
  const flowNames = new Map(job.dataflows.map((flow) => [flow.id, flow.name]));
  return requests.flatMap((request) =>
    request.pairs.flatMap((pair): RunRecord[] => {
      const id = runRecordId(job.id, pair);
      if (stored.has(id)) return [];
      const { flowId, audienceId } = pair;
      const dataflowName = flowNames.get(flowId) ?? flowId;
      const times = { createdAt: job.createdAt, updatedAt: job.createdAt };
      return [
        { id, jobId: job.id, scope: job.scope, flowId, audienceId, dataflowName, audienceName: audienceId, status: 'pending', requestId: request.id, ...times },
      ];
    }),
  );
}

/** `{ flowId: [audienceIds] }`, as the v2 ad-hoc body wants it. */
export function activationInfo(pairs: readonly Pair[]): Record<string, string[]> {
  const info: Record<string, string[]> = {};
  for (const pair of pairs) (info[pair.flowId] ??= []).push(pair.audienceId);
  return info;
}

/** An accepted pair: its run is `sent` with what the answer named. */
export function markSent(record: RunRecord, order: Pick<AdhocOrder, 'runId' | 'statusURL'>, now: number): RunRecord {
  const next: RunRecord = { ...record, status: 'sent', updatedAt: now };
  delete next.error;
  if (order.runId) next.runId = order.runId;
  if (order.statusURL) next.statusURL = order.statusURL;
  return next;
}

export function markFailed(record: RunRecord, error: ErrorInfo, now: number): RunRecord {
  return { ...record, status: 'failed', error, updatedAt: now };
}

export const TERMINAL_RUN = new Set<RunRecord['status']>(['success', 'failed', 'skipped', 'cancelled']);

/** What a run read from the API means for our record (terminal states carry counts or errors). */
export function applyRun(record: RunRecord, run: Run, now: number): RunRecord {
  const next: RunRecord = { ...record, runId: run.id, updatedAt: now };
  if (run.status === 'success') {
    next.status = 'success';
    if (run.recordCount !== undefined) next.recordCount = run.recordCount;
    if (run.fileCount !== undefined) next.fileCount = run.fileCount;
    delete next.error;
  } else if (run.status === 'failed' || run.status === 'cancelled') {
    next.status = 'failed';
    const message = run.errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join(' | ');
    next.error = { kind: 'server', message: message || `Run ${run.status}` };
    if (run.recordCount !== undefined) next.recordCount = run.recordCount;
    if (run.fileCount !== undefined) next.fileCount = run.fileCount;
  } else {
    next.status = 'processing';
  }
  return next;
}

/** Whether a write would change anything the user sees (avoids rewriting 1,000 unchanged runs each poll). */
export function runChanged(before: RunRecord, after: RunRecord): boolean {
  return (
    before.status !== after.status ||
    before.runId !== after.runId ||
    before.recordCount !== after.recordCount ||
    before.fileCount !== after.fileCount ||
    before.error?.message !== after.error?.message
  );
}

/**
 * How long before our POST (by the server's clock) a listed run may have been created and
 * still be ours: the `Date` header's second, the request's way there, a clock that moved.
 *
 * Ad-hoc or scheduled? The Flow Service runs API documents no field that tells them apart
 * (checked 2026-11 against Adobe's "Monitor dataflows using the Flow Service API" and the
 * destination monitoring guides: a run has `createdAt`, `createdBy`, `createdClient`,
 * `metrics`, `activities`; none is documented as the trigger). `createdClient` might name the
 * console's client for our runs, but nothing says so, and trusting it wrongly would re-send
 * exports. So a scheduled run of the same audience is kept out by time alone: a run created
 * before this window is not ours. A scheduled run created after our POST, within the
 * reconciliation, cannot be told from ours; the activation API refuses an ad-hoc export
 * while a scheduled one is processing, which makes that case rare, not impossible.
 */
export const RECONCILE_LEAD_MS = 15_000;

/**
 * Ad-hoc runs name their audience; the one created closest to our POST is ours. `sentAt` is
 * the server's time of sending: a run created well before it is someone else's (a schedule's).
 */
export function pickRun(candidates: readonly Run[], audienceId: string, sentAt: number, claimed: ReadonlySet<string>): Run | undefined {
  let best: Run | undefined;
  for (const run of candidates) {
    if (claimed.has(run.id) || !run.audienceIds.includes(audienceId) || run.createdAt < sentAt - RECONCILE_LEAD_MS) continue;
    if (!best || Math.abs(run.createdAt - sentAt) < Math.abs(best.createdAt - sentAt)) best = run;
  }
  return best;
}
