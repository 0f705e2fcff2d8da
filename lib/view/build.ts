/**
 * Pure: API data -> what the page shows. One place decides which audience of which
 * dataflow is eligible, through lib/eligibility; the fetching lives in ./builder.
 */
import { dataflowProcessing, dataflowVerdict, isBatchFileFlow, sameDataAs, verdictFor } from '@/lib/eligibility';
import type { AudienceRecord, Dataflow, DataflowView, MergePolicyRecord, Millis, Run } from '@/lib/model';

export interface ViewInputs {
  flows: readonly Dataflow[];
  runsByFlow: ReadonlyMap<string, readonly Run[]>;
  audiences: ReadonlyMap<string, AudienceRecord>;
  mergePolicies: ReadonlyMap<string, MergePolicyRecord>;
  /** flowId -> audience ids with one of our own runs in flight. */
  ours: ReadonlyMap<string, ReadonlySet<string>>;
  /** Platform run ids of our own exports (for the same-data warning). */
  ourRunIds?: ReadonlySet<string>;
  now: Millis;
}

export function buildViews(input: ViewInputs): DataflowView[] {
  return input.flows.map((flow) => {
    const runs = input.runsByFlow.get(flow.id) ?? [];
    const inFlight = input.ours.get(flow.id) ?? new Set<string>();
    return {
      id: flow.id,
      name: flow.name,
      state: flow.state,
      verdict: dataflowVerdict(flow),
      processing: dataflowProcessing(flow, runs),
      audiences: flow.audiences.map((audience) => {
        const audienceRecord = input.audiences.get(audience.id);
        const mergePolicy = audienceRecord?.mergePolicyId ? input.mergePolicies.get(audienceRecord.mergePolicyId) : undefined;
        const eligibility = {
          dataflow: flow,
          audience,
          runs,
          inFlight,
          now: input.now,
          ...(input.ourRunIds && { ourRunIds: input.ourRunIds }),
          ...(audienceRecord && { audienceRecord }),
          ...(mergePolicy && { mergePolicy }),
        };
        const verdict = verdictFor(eligibility);
        const sameData = verdict.warnings.includes('sameData') ? sameDataAs(eligibility) : null;
        return {
          id: audience.id,
          name: audience.name,
          verdict,
          ...(inFlight.has(audience.id) && { running: true }),
          ...(sameData && { sameData }),
        };
      }),
    };
  });
}

/** The dataflows whose runs and audiences matter: batch file ones. */
export function batchFileFlows(flows: readonly Dataflow[]): Dataflow[] {
  return flows.filter(isBatchFileFlow);
}
