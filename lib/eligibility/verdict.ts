import type { AudienceView, Dataflow, DataflowView, Run, Verdict } from '@/lib/model';
import {
  AUDIENCE_RULES,
  dataflowDisabled,
  isRunInProgress,
  notBatchFile,
  type EligibilityInput,
  type Finding,
} from './rules';

/**
 * Blocks win (first in rule order); then the wait that ends last, an unknown end
 * (`null`) counting as the latest; warn-only rules ride along as warnings.
 */
export function decide(findings: readonly Finding[]): Verdict {
  const warnings = findings.filter((f) => f.effect === 'warn').map((f) => f.rule);
  const block = findings.find((f) => f.effect === 'block');
  if (block) return { kind: 'blocked', rule: block.rule, warnings, ...(block.at !== undefined && { at: block.at }) };
  let wait: Extract<Finding, { effect: 'wait' }> | undefined;
  for (const finding of findings) {
    if (finding.effect !== 'wait') continue;
    if (!wait || later(finding.until, wait.until)) wait = finding;
  }
  if (wait) return { kind: 'wait', rule: wait.rule, until: wait.until, warnings };
  return { kind: 'eligible', warnings };
}

function later(a: number | null, b: number | null): boolean {
  if (b === null) return false;
  if (a === null) return true;
  return a > b;
}

export function verdictFor(input: EligibilityInput): Verdict {
  const findings = AUDIENCE_RULES.map((rule) => rule(input)).filter((f): f is Finding => f !== null);
  return decide(findings);
}

/** What a dataflow's own badge says, before its audiences are looked at. */
export function dataflowVerdict(dataflow: Dataflow): Verdict {
  return decide([notBatchFile(dataflow), dataflowDisabled(dataflow)].filter((f): f is Finding => f !== null));
}

/** Any run of the dataflow still going (the Browse badge warning). */
export function dataflowProcessing(dataflow: Dataflow, runs: readonly Run[]): boolean {
  return runs.some((run) => run.flowId === dataflow.id && isRunInProgress(run));
}

export interface Summary {
  /** Audience x dataflow pairs looked at. */
  total: number;
  eligible: number;
  wait: number;
  blocked: number;
  /** Pairs with one of our own runs in flight (also counted by their verdict). */
  running: number;
}

function countInto(summary: Summary, audience: AudienceView, flowVerdict: Verdict): void {
  summary.total += 1;
  const verdict = flowVerdict.kind === 'blocked' ? flowVerdict : audience.verdict;
  summary[verdict.kind] += 1;
  if (audience.running) summary.running += 1;
}

/** For "N of M eligible now". */
export function summarise(views: readonly DataflowView[]): Summary {
  const summary: Summary = { total: 0, eligible: 0, wait: 0, blocked: 0, running: 0 };
  for (const view of views) {
    for (const audience of view.audiences) countInto(summary, audience, view.verdict);
  }
  return summary;
}
