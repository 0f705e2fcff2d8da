import type { Dataflow, Run, Verdict } from '@/lib/model';
import { AUDIENCE_RULES, dataflowDisabled, isRunInProgress, notBatchFile, type EligibilityInput, type Finding } from './rules';

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
