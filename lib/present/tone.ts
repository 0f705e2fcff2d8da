/**
 * What the console page works out from verdicts itself (tone, what "all eligible" takes,
 * when to look again); the words come from the background. No strings here: the content
 * script imports this.
 */
import type { BadgeModel } from '@/lib/messages/view-schemas';
import type { AudienceView, Verdict } from '@/lib/model';

export type Tone = BadgeModel['tone'];

/** A running export of ours, or of anyone (an ad-hoc run in progress), is "Exporting". */
export function verdictTone(verdict: Verdict, running?: boolean): Tone {
  if (running || (verdict.kind === 'wait' && verdict.rule === 'adhocRunInProgress')) return 'running';
  return verdict.kind;
}

/** Audiences "all eligible" takes on a dataflow (none when the dataflow itself is not). */
export function eligibleAudiences<A extends AudienceView>(flow: { verdict: Verdict; audiences: readonly A[] }): A[] {
  if (flow.verdict.kind !== 'eligible') return [];
  return flow.audiences.filter((a) => verdictTone(a.verdict, a.running) === 'eligible');
}

/** The nearest future `wait` end in a view: the page's one re-check timer. */
export function nextBoundary(flows: readonly { verdict: Verdict; audiences: readonly AudienceView[] }[], now: number): number | null {
  let next: number | null = null;
  const consider = (v: Verdict) => {
    if (v.kind === 'wait' && v.until !== null && v.until > now && (next === null || v.until < next)) next = v.until;
  };
  for (const flow of flows) {
    consider(flow.verdict);
    for (const a of flow.audiences) consider(a.verdict);
  }
  return next;
}
