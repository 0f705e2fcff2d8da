/**
 * The support report's lines, in the reader's language: what the background sees, so a
 * support agent can tell "no session" from "the Platform answered oddly" without a
 * debugger. Built only from the diagnostics answer, which never carries a token.
 */
import { formatLocalAndUtc } from '@/lib/present/time';
import type { Locale } from '@/lib/i18n/types';
import type { CommandResponse } from '@/lib/messages/protocol';
import { t } from './i18n';

export type DiagnosticsData = CommandResponse<'diagnostics.get'>;

export function supportReport(data: DiagnosticsData, options: { locale: Locale; now: number }): string[] {
  // Local and UTC: the agent reading the ticket compares with logs kept in UTC.
  const when = (at: number) => formatLocalAndUtc(at, options);
  const lines = [t('options.support.version', { version: data.version }), t('options.support.host', { host: data.platformOrigin })];
  if (data.sessions.length === 0) lines.push(t('options.support.noSession'));
  for (const session of data.sessions) {
    const source = t(session.source === 'manual' ? 'options.support.typedIn' : 'options.support.fromConsole');
    const line = t('options.support.session', { org: session.orgId, sandbox: session.sandbox, source, seen: when(session.seenAt) });
    lines.push(session.stale ? `${line} ${t('options.support.expired')}` : line);
  }
  lines.push(
    data.store
      ? t('options.support.store', { jobs: data.store.jobs, runs: data.store.runs, inFlight: data.store.inFlight })
      : t('options.support.storeError', { message: data.storeError?.message ?? '' }),
  );
  if (data.frames.noticed.length > 0) lines.push(t('options.support.framesSeen', { origins: data.frames.noticed.join(', ') }));
  if (data.frames.granted.length > 0) lines.push(t('options.support.framesAllowed', { origins: data.frames.granted.join(', ') }));
  const { dataflows, runs, lastAt } = data.skipped;
  lines.push(
    dataflows + runs === 0 || lastAt === undefined ? t('options.support.nothingLeftOut') : t('options.support.leftOut', { dataflows, runs, at: when(lastAt) }),
  );
  return lines;
}
