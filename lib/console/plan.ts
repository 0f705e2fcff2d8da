/** Which pairs a bulk action exports and which it skips (and why), from the view alone. Pure. */
import type { DataflowView, Pair, RuleId } from '@/lib/model';
import { eligibleAudiences, verdictTone } from '@/lib/present/tone';
import { flowsInScope, type UiState } from './store';

export interface ExportPlan {
  pairs: Pair[];
  skipped: { pair: Pair; rule: RuleId }[];
  /** Skipped pairs that only have to wait: the confirmation offers to export them when they can go. */
  waiting: Pair[];
  /** The user asked for the waiting ones to be queued. */
  queue?: boolean;
  /** The user asked for those that would send our last export's data to wait for new data. */
  holdSameData?: boolean;
}

function planFlow(flow: DataflowView, audienceIds: ReadonlySet<string> | null, plan: ExportPlan): void {
  for (const audience of flow.audiences) {
    if (audienceIds && !audienceIds.has(audience.id)) continue;
    const pair = { flowId: flow.id, audienceId: audience.id };
    if (flow.verdict.kind !== 'eligible') {
      plan.skipped.push({ pair, rule: flow.verdict.rule });
      if (flow.verdict.kind === 'wait') plan.waiting.push(pair);
      continue;
    }
    const tone = verdictTone(audience.verdict, audience.running);
    if (tone === 'eligible') plan.pairs.push(pair);
    else if (tone === 'running') plan.skipped.push({ pair, rule: 'adhocRunInProgress' });
    else if (audience.verdict.kind !== 'eligible') {
      plan.skipped.push({ pair, rule: audience.verdict.rule });
      if (audience.verdict.kind === 'wait') plan.waiting.push(pair);
    }
  }
}

/** Selected audiences of one dataflow. */
export function planAudiences(flow: DataflowView, audienceIds: ReadonlySet<string>): ExportPlan {
  const plan: ExportPlan = { pairs: [], skipped: [], waiting: [] };
  planFlow(flow, audienceIds, plan);
  return plan;
}

/** Every audience of the selected dataflows: the eligible ones go, the rest are counted as skipped. */
export function planDataflows(flows: readonly DataflowView[], flowIds: ReadonlySet<string>): ExportPlan {
  const plan: ExportPlan = { pairs: [], skipped: [], waiting: [] };
  for (const flow of flows) if (flowIds.has(flow.id)) planFlow(flow, null, plan);
  return plan;
}

/** Skipped pairs grouped by rule, largest group first (ties by rule name, for a stable list). */
export function groupByRule(skipped: readonly { rule: RuleId }[]): { rule: RuleId; count: number }[] {
  const counts = new Map<RuleId, number>();
  for (const s of skipped) counts.set(s.rule, (counts.get(s.rule) ?? 0) + 1);
  return [...counts.entries()].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** What "all eligible" means on the route shown: dataflows with an eligible audience on Browse, audiences on a dataflow. */
export function eligibleIds(state: UiState): string[] {
  const flows = flowsInScope(state);
  return state.route?.kind === 'browse'
    ? flows.filter((f) => eligibleAudiences(f).length > 0).map((f) => f.id)
    : flows.flatMap((f) => eligibleAudiences(f).map((a) => a.id));
}

/** The plan for these ids on the route shown: dataflows on Browse, audiences of the one dataflow elsewhere. */
export function planOf(state: UiState, ids: ReadonlySet<string>): ExportPlan {
  const flows = flowsInScope(state);
  if (state.route?.kind === 'browse') return planDataflows(flows, ids);
  const flow = flows[0];
  return flow ? planAudiences(flow, ids) : { pairs: [], skipped: [], waiting: [] };
}
