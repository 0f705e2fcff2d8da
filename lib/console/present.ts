/** Verdict -> what a badge says (text, tone, tooltip, aria). Pure, so it is tested without a DOM. */
import { t, tDynamic, type ConsoleKey } from './i18n';
import type { AudienceView, DataflowView, RuleId, Verdict } from '@/lib/model';
import { formatLocalFull, formatLocalTime, formatUtc } from './time';

export type Tone = 'eligible' | 'wait' | 'blocked' | 'running';

export interface BadgeModel {
  tone: Tone;
  /** Short text on the badge. */
  text: string;
  /** Tooltip lines: the rule in plain words, the time local and UTC. */
  tip: string[];
  /** Verdict and rule, for screen readers. */
  aria: string;
  /** Whether it can be picked for an export now. */
  selectable: boolean;
}

/** The rule in plain words; falls back to our own sentence when the eligibility catalog lacks it. */
export function ruleSentence(rule: RuleId, until: number | null, now: number): string {
  const key = `rule.${rule}`;
  const untilText = until === null ? t('console.tip.unknownEnd') : formatLocalTime(until, now);
  const text = tDynamic(key, { until: untilText });
  return text !== key ? text : t('console.rule.unknown', { rule });
}

export function verdictTone(verdict: Verdict, running?: boolean): Tone {
  if (running || (verdict.kind === 'wait' && verdict.rule === 'adhocRunInProgress')) return 'running';
  return verdict.kind;
}

export function audienceBadge(audience: AudienceView, now: number): BadgeModel {
  const { verdict } = audience;
  const tone = verdictTone(verdict, audience.running);
  const tip: string[] = [];
  let text: string;
  switch (tone) {
    case 'eligible':
      text = t('console.verdict.eligible');
      tip.push(t('console.tip.eligible'));
      break;
    case 'running':
      text = t('console.verdict.running');
      tip.push(ruleSentence('adhocRunInProgress', verdict.kind === 'wait' ? verdict.until : null, now));
      break;
    case 'wait': {
      const until = verdict.kind === 'wait' ? verdict.until : null;
      text = until === null ? t('console.verdict.wait') : t('console.verdict.waitUntil', { time: formatLocalTime(until, now) });
      if (verdict.kind === 'wait') tip.push(ruleSentence(verdict.rule, until, now));
      if (until !== null) tip.push(t('console.tip.at', { local: formatLocalFull(until), utc: formatUtc(until) }));
      break;
    }
    default:
      text = t('console.verdict.blocked');
      if (verdict.kind === 'blocked') tip.push(ruleSentence(verdict.rule, null, now));
  }
  for (const warning of verdict.warnings) tip.push(t('console.tip.warning', { text: ruleSentence(warning, null, now) }));
  return {
    tone,
    text,
    tip,
    aria: t('console.badge.aria', { name: audience.name, verdict: text, reason: tip.join(' ') }),
    selectable: tone === 'eligible',
  };
}

/** Ids that "select all eligible" picks on a dataflow page (and, counted, a dataflow's badge). */
export function eligibleAudienceIds(flow: DataflowView): string[] {
  if (flow.verdict.kind !== 'eligible') return [];
  return flow.audiences.filter((a) => verdictTone(a.verdict, a.running) === 'eligible').map((a) => a.id);
}

const FLOW_SHORT: Partial<Record<RuleId, ConsoleKey>> = {
  dataflowDisabled: 'console.flow.disabled',
  notBatchFile: 'console.flow.notBatchFile',
};

export function dataflowBadge(flow: DataflowView, now: number): BadgeModel {
  const total = flow.audiences.length;
  const tip: string[] = [];
  if (flow.verdict.kind !== 'eligible') {
    const rule = flow.verdict.rule;
    const until = flow.verdict.kind === 'wait' ? flow.verdict.until : null;
    const key = FLOW_SHORT[rule];
    const text = t(key ?? (flow.verdict.kind === 'wait' ? 'console.verdict.wait' : 'console.verdict.blocked'));
    tip.push(ruleSentence(rule, until, now));
    return {
      tone: flow.verdict.kind === 'wait' ? 'wait' : 'blocked',
      text,
      tip,
      aria: t('console.badge.aria', { name: flow.name, verdict: text, reason: tip.join(' ') }),
      selectable: false,
    };
  }
  const n = eligibleAudienceIds(flow).length;
  const text = total === 0 ? t('console.flow.noAudiences') : t('console.flow.count', { n, m: total });
  if (flow.processing) tip.push(t('console.tip.flowProcessing'));
  if (n === 0 && total > 0) {
    // Why none: the most common rule among the audiences.
    const counts = new Map<RuleId, number>();
    for (const a of flow.audiences) {
      if (a.verdict.kind !== 'eligible') counts.set(a.verdict.rule, (counts.get(a.verdict.rule) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
    if (top) tip.push(ruleSentence(top[0], null, now));
  } else if (n > 0) {
    tip.push(t('console.tip.flowEligible', { n }));
  }
  const anyRunning = flow.audiences.some((a) => verdictTone(a.verdict, a.running) === 'running');
  const tone: Tone = n > 0 ? 'eligible' : anyRunning ? 'running' : total === 0 ? 'blocked' : 'wait';
  return {
    tone,
    text,
    tip,
    aria: t('console.badge.aria', { name: flow.name, verdict: text, reason: tip.join(' ') }),
    selectable: n > 0,
  };
}

/** The nearest future `wait` boundary in a view, for the single re-check timer. */
export function nextBoundary(flows: readonly DataflowView[], now: number): number | null {
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
