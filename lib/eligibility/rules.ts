/**
 * Every guardrail of the ad-hoc activation API as a small pure check. A check
 * answers null when it does not apply, else what it means for the audience.
 * Schedules are UTC days (the API's dates carry no zone).
 */
import type { AudienceRecord, Dataflow, MappedAudience, MergePolicyRecord, Millis, RuleId, Run } from '@/lib/model';
import { nextScheduledExport } from './schedule';
import { DAY, HOUR, todayUtcStart, utcDayStart } from './utc';

export { DAY, HOUR, todayUtcStart, utcDayStart };

/** The docs say one hour after first activation (older docs: 20 minutes). */
export const FIRST_ACTIVATION_DELAY: Millis = HOUR;
export const MERGE_POLICY_DELAY: Millis = DAY;

export type Finding =
  { effect: 'block'; rule: RuleId; at?: Millis } | { effect: 'wait'; rule: RuleId; until: Millis | null } | { effect: 'warn'; rule: RuleId };

export interface EligibilityInput {
  dataflow: Dataflow;
  audience: MappedAudience;
  /** Runs of this dataflow (others are ignored). */
  runs: readonly Run[];
  audienceRecord?: AudienceRecord;
  mergePolicy?: MergePolicyRecord;
  /** Audience ids with an ad-hoc run of ours in flight on this dataflow. */
  inFlight?: ReadonlySet<string>;
  /** Platform run ids of our own ad-hoc exports (the runs API does not tell ad-hoc from scheduled). */
  ourRunIds?: ReadonlySet<string>;
  now: Millis;
}

/** A selector carrying a schedule and an export mode is what a batch file audience flow looks like. */
export function isBatchFileAudience(audience: MappedAudience): boolean {
  return Boolean(audience.schedule && audience.exportMode);
}

export function isBatchFileFlow(dataflow: Dataflow): boolean {
  return dataflow.isDestinationFlow && dataflow.audiences.some(isBatchFileAudience);
}

export function isEnabled(dataflow: Dataflow): boolean {
  return dataflow.state.toLowerCase() === 'enabled';
}

const TERMINAL = new Set<Run['status']>(['success', 'failed', 'cancelled']);

/** Processing / waiting, or a status we cannot read on a run that never completed. */
export function isRunInProgress(run: Run): boolean {
  if (TERMINAL.has(run.status)) return false;
  if (run.status === 'processing' || run.status === 'waiting') return true;
  return run.completedAt === undefined;
}

// ---- Dataflow-level ----

export function notBatchFile(dataflow: Dataflow): Finding | null {
  return isBatchFileFlow(dataflow) ? null : { effect: 'block', rule: 'notBatchFile' };
}

export function dataflowDisabled(dataflow: Dataflow): Finding | null {
  return isEnabled(dataflow) ? null : { effect: 'block', rule: 'dataflowDisabled' };
}

// ---- Audience-level ----

export function notMapped({ dataflow, audience }: EligibilityInput): Finding | null {
  const mapped = dataflow.audiences.find((a) => a.id === audience.id);
  if (!mapped) return { effect: 'block', rule: 'notMapped' };
  // On a batch flow, a selector without a schedule cannot be exported on its own.
  return isBatchFileAudience(mapped) ? null : { effect: 'block', rule: 'notBatchFile' };
}

export function scheduleEnded({ audience, now }: EligibilityInput): Finding | null {
  const end = utcDayStart(audience.schedule?.endDate);
  return end !== undefined && end < todayUtcStart(now) ? { effect: 'block', rule: 'scheduleEnded', at: end } : null;
}

export function scheduleNotStarted({ audience, now }: EligibilityInput): Finding | null {
  const start = utcDayStart(audience.schedule?.startDate);
  return start !== undefined && start > todayUtcStart(now) ? { effect: 'wait', rule: 'scheduleNotStarted', until: start } : null;
}

export function activatedUnderOneHour({ audience, now }: EligibilityInput): Finding | null {
  if (audience.createdAt === undefined) return null;
  const until = audience.createdAt + FIRST_ACTIVATION_DELAY;
  return now < until ? { effect: 'wait', rule: 'activatedUnderOneHour', until } : null;
}

/**
 * No API says when an audience's merge policy was swapped, so: a merge policy edited
 * within 24 h blocks its audiences until 24 h after the edit, and an audience created
 * within that window waits 24 h from its own creation too.
 */
export function mergePolicyChanged({ audienceRecord, mergePolicy, now }: EligibilityInput): Finding | null {
  if (!mergePolicy || mergePolicy.updatedAt === undefined) return null;
  if (audienceRecord?.mergePolicyId && audienceRecord.mergePolicyId !== mergePolicy.id) return null;
  let until = mergePolicy.updatedAt + MERGE_POLICY_DELAY;
  if (now >= until) return null;
  const created = audienceRecord?.createdAt;
  if (created !== undefined && now < created + MERGE_POLICY_DELAY) until = Math.max(until, created + MERGE_POLICY_DELAY);
  return { effect: 'wait', rule: 'mergePolicyChanged', until };
}

/** An audience edited within 24 h may have changed merge policy: say so, do not block. */
export function audienceRecentlyUpdated({ audienceRecord, now }: EligibilityInput): Finding | null {
  const updated = audienceRecord?.updatedAt;
  return updated !== undefined && now < updated + MERGE_POLICY_DELAY ? { effect: 'warn', rule: 'audienceRecentlyUpdated' } : null;
}

/** A scheduled run naming the audience, or naming none (the whole dataflow), still going. */
export function scheduledExportProcessing({ dataflow, audience, runs }: EligibilityInput): Finding | null {
  const busy = runs.some((run) => run.flowId === dataflow.id && isRunInProgress(run) && namesAudience(run, audience.id));
  return busy ? { effect: 'wait', rule: 'scheduledExportProcessing', until: null } : null;
}

function namesAudience(run: Run, audienceId: string): boolean {
  return run.audienceIds.length === 0 || run.audienceIds.includes(audienceId);
}

/**
 * Export file now sends the latest *scheduled* snapshot, never an ad-hoc one: after an
 * export of ours, the same audience sends the same data again until a scheduled export
 * (any successful run of the dataflow that is not ours) has run after it. `next`: when
 * the schedule says that export starts (null when it cannot be known).
 */
export function sameDataAs({ dataflow, audience, runs, ourRunIds, now }: EligibilityInput): { exportedAt: Millis; next: Millis | null } | null {
  if (!ourRunIds || ourRunIds.size === 0) return null;
  let exportedAt: Millis | undefined;
  for (const run of runs) {
    if (run.flowId !== dataflow.id || run.status !== 'success' || !ourRunIds.has(run.id) || !namesAudience(run, audience.id)) continue;
    if (exportedAt === undefined || run.createdAt > exportedAt) exportedAt = run.createdAt;
  }
  if (exportedAt === undefined) return null;
  const since = exportedAt;
  const replaced = runs.some(
    (run) => run.flowId === dataflow.id && run.status === 'success' && !ourRunIds.has(run.id) && run.createdAt > since && namesAudience(run, audience.id),
  );
  return replaced ? null : { exportedAt, next: nextScheduledExport(audience.schedule, now) };
}

export function sameData(input: EligibilityInput): Finding | null {
  return sameDataAs(input) ? { effect: 'warn', rule: 'sameData' } : null;
}

export function adhocRunInProgress({ audience, inFlight }: EligibilityInput): Finding | null {
  return inFlight?.has(audience.id) ? { effect: 'wait', rule: 'adhocRunInProgress', until: null } : null;
}

/** In order of precedence among blocks; waits are ranked by `until`, ties by this order. */
export const AUDIENCE_RULES: readonly ((input: EligibilityInput) => Finding | null)[] = [
  ({ dataflow }) => notBatchFile(dataflow),
  ({ dataflow }) => dataflowDisabled(dataflow),
  notMapped,
  scheduleEnded,
  scheduleNotStarted,
  activatedUnderOneHour,
  mergePolicyChanged,
  adhocRunInProgress,
  scheduledExportProcessing,
  audienceRecentlyUpdated,
  sameData,
];
