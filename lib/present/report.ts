/**
 * The eligibility report: every dataflow × audience of a view with its verdict, the rule
 * in plain words, until when (local and UTC) and its warnings, plus one sentence a support
 * agent can paste. CSV and JSON pick their fields one by one, with the history export's
 * formula guard and secret scrubbing. Pure.
 */
import { t, type Locale } from '@/lib/i18n';
import type { AudienceView, DataflowView, Verdict } from '@/lib/model';
import { csvCell, scrubSecrets } from '@/lib/history/export';
import { ruleSentence, sameDataSentence, type PresentOptions } from './badges';
import { formatLocalAndUtc, formatWhen, zoneLabel } from './time';
import { verdictTone, type Tone } from './tone';

import { REPORT_COLUMNS, type ReportRow } from './report-columns';

export { REPORT_COLUMNS, type ReportRow };

const VERDICT_KEY = {
  eligible: 'console.verdict.eligible',
  wait: 'console.verdict.wait',
  blocked: 'console.verdict.blocked',
  running: 'console.verdict.running',
} as const satisfies Record<Tone, string>;

/** An audience of a dataflow that cannot export takes the dataflow's verdict. */
function verdictOf(flow: DataflowView, audience: AudienceView): Verdict {
  return flow.verdict.kind === 'eligible' ? audience.verdict : { ...flow.verdict, warnings: [...flow.verdict.warnings, ...audience.verdict.warnings] };
}

function explanation(flowName: string, name: string, verdict: Verdict, tone: Tone, warnings: string[], o: PresentOptions): string {
  const base = { name, dataflow: flowName };
  const reason =
    tone === 'running'
      ? ruleSentence('adhocRunInProgress', o.locale)
      : verdict.kind === 'eligible'
        ? ''
        : ruleSentence(verdict.rule, o.locale, verdict.kind === 'blocked' ? verdict.at : undefined);
  const first =
    tone === 'eligible'
      ? t('report.explain.eligible', base, o.locale)
      : tone === 'running'
        ? t('report.explain.running', { ...base, reason }, o.locale)
        : verdict.kind === 'wait' && verdict.until !== null
          ? t('report.explain.waitUntil', { ...base, when: formatLocalAndUtc(verdict.until, o), reason }, o.locale)
          : t(verdict.kind === 'wait' ? 'report.explain.wait' : 'report.explain.blocked', { ...base, reason }, o.locale);
  const notes = warnings.map((warning) => t('report.explain.note', { warning }, o.locale));
  return [first, ...notes].join(' ');
}

export function reportRows(flows: readonly DataflowView[], o: PresentOptions): ReportRow[] {
  return flows.flatMap((flow) =>
    flow.audiences.map((audience): ReportRow => {
      const verdict = verdictOf(flow, audience);
      const tone = verdictTone(verdict, audience.running);
      const until = verdict.kind === 'wait' ? verdict.until : null;
      const dataflowName = scrubSecrets(flow.name);
      const audienceName = scrubSecrets(audience.name);
      const warnings = verdict.warnings.map((w) => (w === 'sameData' ? sameDataSentence(audience, { ...o, now: 0 }) : ruleSentence(w, o.locale)));
      return {
        dataflowName,
        dataflowId: flow.id,
        audienceName,
        audienceId: audience.id,
        verdict: t(VERDICT_KEY[tone], undefined, o.locale),
        rule: verdict.kind === 'eligible' ? '' : verdict.rule,
        reason:
          verdict.kind === 'eligible'
            ? t('console.tip.eligible', undefined, o.locale)
            : ruleSentence(verdict.rule, o.locale, verdict.kind === 'blocked' ? verdict.at : undefined),
        // A report outlives today: always with its date.
        untilLocal: until === null ? '' : `${formatWhen(until, { ...o, now: 0 })} (${zoneLabel(until, o.timeZone)})`,
        untilUtc: until === null ? '' : new Date(until).toISOString(),
        warnings: warnings.join(' '),
        explanation: explanation(dataflowName, audienceName, verdict, tone, warnings, o),
      };
    }),
  );
}

export function reportCsv(rows: readonly ReportRow[]): string {
  const lines = [REPORT_COLUMNS.join(','), ...rows.map((row) => REPORT_COLUMNS.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function reportJson(rows: readonly ReportRow[], meta: { orgId: string; sandbox: string; at: number; locale: Locale }): string {
  const audiences = rows.map((row) => Object.fromEntries(REPORT_COLUMNS.map((c) => [c, row[c]])));
  return `${JSON.stringify({ format: 'bulk-export-now/eligibility', version: 1, ...meta, at: new Date(meta.at).toISOString(), audiences }, null, 2)}\n`;
}
