/**
 * The eligibility report page, opened from the console's panel: every dataflow × audience
 * of the view, with the rule in plain words and until when, a sentence to paste per
 * audience, and the whole as CSV and JSON (built by the background, lib/present/report).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '@/lib/i18n/types';
import type { ErrorInfo, Scope } from '@/lib/model';
import type { ReportRow } from '@/lib/present/report-columns';
import { t } from './i18n';
import { errorText } from '@/lib/messages/errors';
import { formatLocalAndUtc } from '@/lib/present/time';

export interface ReportQuery {
  scope: Scope;
  route: { kind: 'browse' } | { kind: 'dataflow'; flowId: string };
  locale: Locale;
}

export interface ReportData {
  rows: ReportRow[];
  csv: string;
  json: string;
  at: number;
  error?: ErrorInfo;
}

export interface ReportSource {
  load(route: ReportQuery['route'], scope: Scope, locale: Locale): Promise<ReportData>;
  copy(text: string): Promise<void>;
  save(fileName: string, mime: string, text: string): void;
}

export function reportQuery(search: string): ReportQuery {
  const params = new URLSearchParams(search);
  const flowId = params.get('flow');
  return {
    scope: { orgId: params.get('org') ?? '', sandbox: params.get('sandbox') ?? '' },
    route: flowId ? { kind: 'dataflow', flowId } : { kind: 'browse' },
    locale: params.get('locale') === 'pt_BR' ? 'pt_BR' : 'en',
  };
}

const stamp = (at: number) => new Date(at).toISOString().slice(0, 19).replace(/[:T]/g, '-');

export function Report({ query, source }: { query: ReportQuery; source: ReportSource }) {
  const [data, setData] = useState<ReportData>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<{ index: number; ok: boolean }>();
  useEffect(() => {
    source.load(query.route, query.scope, query.locale).then(setData, (e: unknown) => setError(t('report.failed', { message: errorText(e) })));
  }, [source, query]);

  const copy = (index: number, text: string) =>
    source.copy(text).then(
      () => setCopied({ index, ok: true }),
      () => setCopied({ index, ok: false }),
    );

  return (
    <main class="report">
      <h1>{t('report.title')}</h1>
      {data && (
        <p class="ben-muted">
          {t('report.scope', {
            org: query.scope.orgId,
            sandbox: query.scope.sandbox,
            when: formatLocalAndUtc(data.at, { locale: query.locale, now: 0 }),
          })}
        </p>
      )}
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      {data?.error && (
        <p role="alert" class="field-error">
          {t('report.failed', { message: data.error.message })}
        </p>
      )}
      {!data && !error && <p class="ben-muted">{t('report.loading')}</p>}
      {data && (
        <div class="actions">
          <button type="button" class="ben-button primary" onClick={() => source.save(`bulk-export-eligibility-${stamp(data.at)}.csv`, 'text/csv', data.csv)}>
            {t('report.csv')}
          </button>
          <button type="button" class="ben-button" onClick={() => source.save(`bulk-export-eligibility-${stamp(data.at)}.json`, 'application/json', data.json)}>
            {t('report.json')}
          </button>
        </div>
      )}
      {data && data.rows.length === 0 && <p>{t('report.empty')}</p>}
      {data && data.rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('report.col.dataflow')}</th>
              <th scope="col">{t('report.col.audience')}</th>
              <th scope="col">{t('report.col.verdict')}</th>
              <th scope="col">{t('report.col.reason')}</th>
              <th scope="col">{t('report.col.when')}</th>
              <th scope="col">
                <span class="ben-visually-hidden">{t('report.copy')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, index) => (
              <tr key={`${row.dataflowId}|${row.audienceId}`}>
                <td>{row.dataflowName}</td>
                <td>{row.audienceName}</td>
                <td>{row.verdict}</td>
                <td>
                  {row.reason}
                  {row.warnings && <div class="ben-muted">{row.warnings}</div>}
                </td>
                {/* Each side with its date (a report outlives today, and UTC's day may be the next); UTC once where local is UTC. */}
                <td>{row.untilUtc && formatLocalAndUtc(Date.parse(row.untilUtc), { locale: query.locale, now: 0 })}</td>
                <td>
                  <button
                    type="button"
                    class="ben-button"
                    onClick={() => void copy(index, row.explanation)}
                    aria-label={`${t('report.copy')}: ${row.audienceName}`}
                  >
                    {t('report.copy')}
                  </button>
                  {copied?.index === index && (
                    <span role="status" class={copied.ok ? 'ben-muted' : 'field-error'}>
                      {' '}
                      {t(copied.ok ? 'report.copied' : 'report.copyFailed')}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
