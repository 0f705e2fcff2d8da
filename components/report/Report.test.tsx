// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTimeZone } from '@/test/time-zone';
import { REPORT_COLUMNS, type ReportRow } from '@/lib/present/report-columns';
import { setLocale } from './i18n';
import { Report, reportQuery, type ReportData, type ReportSource } from './Report';

const row = (over: Partial<ReportRow>): ReportRow => ({ ...(Object.fromEntries(REPORT_COLUMNS.map((c) => [c, ''])) as ReportRow), ...over });
const rows = [
  row({
    dataflowId: 'f1',
    dataflowName: 'Loyalty S3',
    audienceId: 'a1',
    audienceName: 'Loyalty members',
    verdict: 'Wait',
    reason: 'Activated less than an hour ago.',
    untilLocal: '28 Nov, 12:20 (UTC−3)',
    untilUtc: '2026-11-28T15:20:00.000Z',
    explanation: '“Loyalty members” on Loyalty S3 can be exported from 12:20.',
  }),
  row({
    dataflowId: 'f1',
    dataflowName: 'Loyalty S3',
    audienceId: 'a3',
    audienceName: 'Late joiners',
    verdict: 'Wait',
    untilLocal: '28 Nov, 22:30 (UTC−3)',
    untilUtc: '2026-11-29T01:30:00.000Z',
  }),
  row({
    dataflowId: 'f1',
    dataflowName: 'Loyalty S3',
    audienceId: 'a2',
    audienceName: 'VIP',
    verdict: 'Eligible',
    reason: 'Can be exported now.',
    warnings: 'Edited in the last 24 hours.',
    explanation: '“VIP” on Loyalty S3 can be exported now.',
  }),
];
const data: ReportData = { rows, csv: 'csv text', json: '{"json":1}', at: Date.parse('2026-11-28T12:00:00Z') };

function source(load: ReportSource['load'] = async () => data) {
  return {
    load: vi.fn(load),
    copy: vi.fn(async (_text: string) => undefined),
    save: vi.fn((_name: string, _mime: string, _text: string) => undefined),
  };
}

const query = reportQuery('?org=O%40AdobeOrg&sandbox=prod&flow=f1&locale=en');

// Times are written in the browser's zone: São Paulo's here, whatever the machine's.
inTimeZone('America/Sao_Paulo');
beforeEach(() => setLocale('en'));
afterEach(cleanup);

describe('eligibility report page', () => {
  it('reads org, sandbox, dataflow and language from its address', () => {
    expect(query).toEqual({ scope: { orgId: 'O@AdobeOrg', sandbox: 'prod' }, route: { kind: 'dataflow', flowId: 'f1' }, locale: 'en' });
    expect(reportQuery('?org=O&sandbox=dev&locale=pt_BR')).toMatchObject({ route: { kind: 'browse' }, locale: 'pt_BR' });
  });

  it('lists every audience with why and from when, and copies the sentence of one', async () => {
    const s = source();
    render(<Report query={query} source={s} />);
    const table = await screen.findByRole('table');
    const [, first, late, second] = within(table).getAllByRole('row');
    expect(screen.getByText(/as of/).textContent).toBe('O@AdobeOrg / prod, as of 28 Nov, 09:00 (UTC−3) · 28 Nov, 12:00 UTC');
    expect(first!.textContent).toContain('Loyalty members');
    expect(first!.textContent).toContain('28 Nov, 12:20 (UTC−3) · 28 Nov, 15:20 UTC');
    // Still the 28th in São Paulo, already the 29th in UTC: each side says its day.
    expect(late!.textContent).toContain('28 Nov, 22:30 (UTC−3) · 29 Nov, 01:30 UTC');
    expect(second!.textContent).toContain('Edited in the last 24 hours.');
    expect(s.load).toHaveBeenCalledWith({ kind: 'dataflow', flowId: 'f1' }, { orgId: 'O@AdobeOrg', sandbox: 'prod' }, 'en');
    fireEvent.click(within(second!).getByRole('button', { name: 'Copy explanation: VIP' }));
    expect(s.copy).toHaveBeenCalledWith('“VIP” on Loyalty S3 can be exported now.');
    expect((await within(second!).findByRole('status')).textContent).toContain('Copied.');
  });

  it('downloads the CSV and the JSON the background built, with a dated name', async () => {
    const s = source();
    render(<Report query={query} source={s} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download JSON' }));
    expect(s.save.mock.calls).toEqual([
      ['bulk-export-eligibility-2026-11-28-12-00-00.csv', 'text/csv', 'csv text'],
      ['bulk-export-eligibility-2026-11-28-12-00-00.json', 'application/json', '{"json":1}'],
    ]);
  });

  it('says why when it cannot be built, in Portuguese too', async () => {
    setLocale('pt_BR');
    render(<Report query={query} source={source(async () => Promise.reject(new Error('Sessão expirada')))} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Não foi possível montar o relatório: Sessão expirada');
  });

  it('an empty view says so', async () => {
    render(<Report query={query} source={source(async () => ({ ...data, rows: [] }))} />);
    expect(await screen.findByText('No audience in this view.')).toBeTruthy();
  });
});
