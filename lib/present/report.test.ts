import { afterEach, describe, expect, it } from 'vitest';
import type { DataflowView } from '@/lib/model';
import { t } from '@/lib/i18n';
import { world, type World } from '@/lib/exports/engine.testkit';
import { presentDataflows } from './view';
import { REPORT_COLUMNS, reportCsv, reportJson, reportRows } from './report';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-28T12:00:00Z');
const o = { locale: 'en' as const, now: NOW, timeZone: 'America/Sao_Paulo' };

const flows: DataflowView[] = [
  {
    id: 'f1',
    name: 'Loyalty S3',
    state: 'enabled',
    processing: false,
    verdict: { kind: 'eligible', warnings: [] },
    audiences: [
      { id: 'a1', name: 'Loyalty members', verdict: { kind: 'wait', rule: 'activatedUnderOneHour', until: at('2026-11-28T15:20:00Z'), warnings: [] } },
      { id: 'a2', name: '=HYPERLINK("evil")', verdict: { kind: 'eligible', warnings: ['audienceRecentlyUpdated'] } },
      { id: 'a3', name: 'Lapsed', verdict: { kind: 'blocked', rule: 'scheduleEnded', at: at('2026-11-20T00:00:00Z'), warnings: [] } },
    ],
  },
  {
    id: 'f2',
    name: 'Paused SFTP',
    state: 'disabled',
    processing: false,
    verdict: { kind: 'blocked', rule: 'dataflowDisabled', warnings: [] },
    audiences: [{ id: 'a1', name: 'Loyalty members', verdict: { kind: 'eligible', warnings: [] } }],
  },
];

describe('eligibility report', () => {
  it('one row per dataflow × audience: verdict, rule in words, until local and UTC, and a sentence to paste', () => {
    const rows = reportRows(flows, o);
    expect(rows.map((r) => [r.dataflowId, r.audienceId, r.verdict, r.rule])).toEqual([
      ['f1', 'a1', 'Wait', 'activatedUnderOneHour'],
      ['f1', 'a2', 'Eligible', ''],
      ['f1', 'a3', 'Blocked', 'scheduleEnded'],
      ['f2', 'a1', 'Blocked', 'dataflowDisabled'],
    ]);
    expect(rows[0]).toMatchObject({ untilLocal: '28 Nov, 12:20 (UTC−3)', untilUtc: '2026-11-28T15:20:00.000Z' });
    expect(rows[0]!.explanation).toBe(
      '“Loyalty members” on Loyalty S3 can be exported from 12:20 (UTC−3) · 15:20 UTC. The audience was activated on this dataflow less than an hour ago. It can be exported one hour after activation.',
    );
    expect(rows[1]!.explanation).toMatch(/can be exported now\. Note: The audience was edited in the last 24 hours/);
    expect(rows[2]!.reason).toContain('ended on 20 Nov');
    expect(rows[3]!.explanation).toBe('“Loyalty members” on Paused SFTP cannot be exported. This dataflow is disabled. Enable it to export.');
  });

  it('speaks Portuguese', () => {
    const [row] = reportRows(flows, { ...o, locale: 'pt_BR' });
    expect(row).toMatchObject({ verdict: 'Aguarde', untilLocal: '28 de nov., 12:20 (UTC−3)' });
    expect(row!.explanation).toMatch(/^“Loyalty members” em Loyalty S3 pode ser exportado a partir de 12:20/);
  });

  it('CSV guards formulas and quotes what spreadsheets split on; JSON keeps the same fields', () => {
    const rows = reportRows(flows, o);
    const csv = reportCsv(rows);
    expect(csv.split('\r\n')[0]).toBe(REPORT_COLUMNS.join(','));
    expect(csv).toContain(`"'=HYPERLINK(""evil"")"`);
    const json = JSON.parse(reportJson(rows, { orgId: 'O@AdobeOrg', sandbox: 'prod', at: NOW, locale: 'en' }));
    expect(json).toMatchObject({ format: 'bulk-export-now/eligibility', orgId: 'O@AdobeOrg', at: '2026-11-28T12:00:00.000Z' });
    expect(Object.keys(json.audiences[0])).toEqual([...REPORT_COLUMNS]);
  });
});

describe('eligibility report on the large scenario', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it.each(['en', 'pt_BR'] as const)("every row says what the audience's badge says (%s)", async (locale) => {
    w = await world('large');
    const view = await w.views.build({ kind: 'browse' }, w.scope);
    const options = { locale, now: w.sim.state.now() };
    const rows = reportRows(view.dataflows, options);
    const badges = presentDataflows(view.dataflows, options).flatMap((f) =>
      f.audiences.map((a) => (f.verdict.kind === 'eligible' ? a.badge.tone : f.badge.tone)),
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.map((r) => r.verdict)).toEqual(badges.map((tone) => t(`console.verdict.${tone}`, undefined, locale)));
  });
});
