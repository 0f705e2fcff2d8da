/**
 * A view as the console page shows it: every dataflow and audience with its badge in the
 * page's language, and every rule's sentence (for the confirmation's skip list). Built
 * by the background for each `view.get`.
 */
import type { Locale } from '@/lib/i18n';
import type { DataflowView, RuleId } from '@/lib/model';
import { RULE_IDS } from '@/lib/store/schemas';
import type { PresentedAudience, PresentedDataflow } from '@/lib/messages/view-schemas';
import { audienceBadge, dataflowBadge, ruleSentence, type PresentOptions } from './badges';

export type { PresentedAudience, PresentedDataflow };

export function presentDataflows(flows: readonly DataflowView[], options: PresentOptions): PresentedDataflow[] {
  return flows.map((flow) => ({
    ...flow,
    badge: dataflowBadge(flow, options),
    audiences: flow.audiences.map((audience) => ({ ...audience, badge: audienceBadge(audience, options) })),
  }));
}

/** Each rule in plain words, for the skip list of a confirmation. */
export function ruleSentences(locale: Locale): Record<RuleId, string> {
  return Object.fromEntries(RULE_IDS.map((rule) => [rule, ruleSentence(rule, locale)])) as Record<RuleId, string>;
}
