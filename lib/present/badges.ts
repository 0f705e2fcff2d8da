/**
 * Verdicts in words: what a badge says (text, tone, tooltip, label), in one locale. The
 * background runs it for the console page (whose bundle carries no sentences and no
 * formatter) and the popup may run it too: one wording of each verdict everywhere. Pure.
 */
import { t, tDynamic, type Locale } from '@/lib/i18n';
import type { AudienceView, DataflowView, Millis, RuleId, Verdict } from '@/lib/model';
import { formatDay, formatLocalAndUtc, formatWhen, type TimeOptions } from './time';
import type { BadgeModel } from '@/lib/messages/view-schemas';
import { eligibleAudiences, verdictTone, type Tone } from './tone';

export type { BadgeModel };

export interface PresentOptions extends TimeOptions {
  now: Millis;
}

/** The rule in plain words, with the date it names where it has one; our own sentence for a rule the catalog lacks. */
export function ruleSentence(rule: RuleId, locale: Locale, at?: Millis): string {
  if (rule === 'scheduleEnded' && at !== undefined) return t('rule.scheduleEnded.on', { date: formatDay(at, locale) }, locale);
  const key = `rule.${rule}`;
  const text = tDynamic(key, undefined, locale);
  return text !== key ? text : t('console.rule.unknown', { rule }, locale);
}

function waitLines(verdict: Extract<Verdict, { kind: 'wait' }>, o: PresentOptions): string[] {
  const lines = [ruleSentence(verdict.rule, o.locale)];
  if (verdict.until !== null) lines.push(t('console.tip.from', { when: formatLocalAndUtc(verdict.until, o) }, o.locale));
  return lines;
}

/** The same-data warning with its two times, where the view knows them. */
export function sameDataSentence(audience: Pick<AudienceView, 'sameData'>, o: PresentOptions): string {
  const same = audience.sameData;
  if (!same) return ruleSentence('sameData', o.locale);
  const time = formatWhen(same.exportedAt, o);
  return same.next === null
    ? t('rule.sameData.atUnknown', { time }, o.locale)
    : t('rule.sameData.at', { time, next: formatLocalAndUtc(same.next, o) }, o.locale);
}

export function audienceBadge(audience: AudienceView, o: PresentOptions): BadgeModel {
  const { verdict } = audience;
  const tone = verdictTone(verdict, audience.running);
  let text: string;
  let tip: string[];
  switch (tone) {
    case 'eligible':
      // Exporting again now would send our last export's data: the badge says so, the tooltip says until when.
      text = t(verdict.warnings.includes('sameData') ? 'console.verdict.eligibleSameData' : 'console.verdict.eligible', undefined, o.locale);
      tip = [t('console.tip.eligible', undefined, o.locale)];
      break;
    case 'running':
      text = t('console.verdict.running', undefined, o.locale);
      tip = [ruleSentence('adhocRunInProgress', o.locale)];
      break;
    case 'wait': {
      const wait = verdict as Extract<Verdict, { kind: 'wait' }>;
      text =
        wait.until === null ? t('console.verdict.wait', undefined, o.locale) : t('console.verdict.waitUntil', { time: formatWhen(wait.until, o) }, o.locale);
      tip = waitLines(wait, o);
      break;
    }
    default: {
      const blocked = verdict as Extract<Verdict, { kind: 'blocked' }>;
      text = t('console.verdict.blocked', undefined, o.locale);
      tip = [ruleSentence(blocked.rule, o.locale, blocked.at)];
    }
  }
  for (const warning of verdict.warnings) {
    const text = warning === 'sameData' ? sameDataSentence(audience, o) : ruleSentence(warning, o.locale);
    tip.push(t('console.tip.warning', { text }, o.locale));
  }
  return { tone, text, tip, aria: aria(audience.name, text, tip, o.locale), selectable: tone === 'eligible' };
}

function aria(name: string, verdict: string, tip: string[], locale: Locale): string {
  return t('console.badge.aria', { name, verdict, reason: tip.join(' ') }, locale);
}

const FLOW_SHORT: Partial<Record<RuleId, 'console.flow.disabled' | 'console.flow.notBatchFile'>> = {
  dataflowDisabled: 'console.flow.disabled',
  notBatchFile: 'console.flow.notBatchFile',
};

export function dataflowBadge(flow: DataflowView, o: PresentOptions): BadgeModel {
  const total = flow.audiences.length;
  const { verdict } = flow;
  if (verdict.kind !== 'eligible') {
    const key = FLOW_SHORT[verdict.rule];
    const text = t(key ?? (verdict.kind === 'wait' ? 'console.verdict.wait' : 'console.verdict.blocked'), undefined, o.locale);
    const tip = verdict.kind === 'wait' ? waitLines(verdict, o) : [ruleSentence(verdict.rule, o.locale, verdict.at)];
    return { tone: verdict.kind, text, tip, aria: aria(flow.name, text, tip, o.locale), selectable: false };
  }
  const n = eligibleAudiences(flow).length;
  const text = total === 0 ? t('console.flow.noAudiences', undefined, o.locale) : t('console.flow.count', { n, m: total }, o.locale);
  const tip: string[] = [];
  if (flow.processing) tip.push(t('console.tip.flowProcessing', undefined, o.locale));
  if (n === 0 && total > 0) {
    // Why none: the most common rule among the audiences.
    const counts = new Map<RuleId, number>();
    for (const a of flow.audiences) if (a.verdict.kind !== 'eligible') counts.set(a.verdict.rule, (counts.get(a.verdict.rule) ?? 0) + 1);
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
    if (top) tip.push(ruleSentence(top[0], o.locale));
  } else if (n > 0) {
    tip.push(t('console.tip.flowEligible', { n }, o.locale));
  }
  const anyRunning = flow.audiences.some((a) => verdictTone(a.verdict, a.running) === 'running');
  const tone: Tone = n > 0 ? 'eligible' : anyRunning ? 'running' : total === 0 ? 'blocked' : 'wait';
  return { tone, text, tip, aria: aria(flow.name, text, tip, o.locale), selectable: n > 0 };
}
