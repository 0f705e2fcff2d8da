/**
 * The panel's diagnostics, to paste into a bug report: what the content UI knows, and each
 * table's fingerprint (./table-fingerprint, computed in the frame on demand).
 */
import { consoleLocale, t } from './i18n';
import type { UiState } from './store';

/** The panel's diagnostics, to paste into a bug report. Never a credential: the view only says whether a session was seen. */
export function diagnosticsText(
  state: UiState,
  counts: { tables: number; rows: number; badged: number },
  tables: readonly string[],
  userAgent: string,
): string {
  const err = state.lastError;
  return [
    `${t('app.name')} diagnostics`,
    `route: ${state.route ? state.route.kind : 'none'}`,
    `tab: ${state.tab ?? 'none'}`,
    `tables: ${counts.tables}`,
    `rows: ${counts.rows}`,
    `rows badged: ${counts.badged}`,
    ...tables,
    `dataflows: ${state.view?.dataflows.length ?? 'no view'}`,
    `session seen: ${state.view ? state.view.sessionSeen : 'unknown'}`,
    `API error: ${err ? `${err.kind}${err.status ? ` ${err.status}` : ''} ${err.message}` : 'none'}`,
    `locale: ${consoleLocale()}`,
    `UA: ${userAgent}`,
  ].join('\n');
}
