import { useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import type { Counts, UiState } from '@/lib/console/store';

interface Props {
  state: UiState;
  counts: Counts;
  text: () => string;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/** What the adapter recognised, so a user can tell us what broke when the console changes. */
export function Diagnostics({ state, counts, text, clipboard }: Props) {
  const [copy, setCopy] = useState<'idle' | 'ok' | 'failed'>('idle');
  const yesNo = (v: boolean) => t(v ? 'console.diag.yes' : 'console.diag.no');
  const doCopy = async () => {
    try {
      if (!clipboard) throw new Error('no clipboard');
      await clipboard.writeText(text());
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  const error = state.lastError;
  return (
    <details class="diag">
      <summary>{t('console.diag.title')}</summary>
      <dl>
        <dt>{t('console.diag.route')}</dt>
        <dd data-testid="diag-route">{state.route ? state.route.kind : t('console.diag.none')}</dd>
        <dt>{t('console.diag.tab')}</dt>
        <dd>{state.tab ?? t('console.diag.none')}</dd>
        <dt>{t('console.diag.tables')}</dt>
        <dd data-testid="diag-tables">{counts.tables}</dd>
        <dt>{t('console.diag.rows')}</dt>
        <dd data-testid="diag-rows">{counts.rows}</dd>
        <dt>{t('console.diag.badged')}</dt>
        <dd data-testid="diag-badged">{counts.badged}</dd>
        <dt>{t('console.diag.session')}</dt>
        <dd data-testid="diag-session">{state.view ? yesNo(state.view.sessionSeen) : t('console.diag.none')}</dd>
        <dt>{t('console.diag.error')}</dt>
        <dd data-testid="diag-error">
          {error ? `${error.kind}${error.status ? ` ${error.status}` : ''}: ${error.message}` : t('console.diag.none')}
        </dd>
      </dl>
      <button type="button" onClick={() => void doCopy()}>
        {t('console.diag.copy')}
      </button>
      <span class="status" role="status">
        {copy === 'ok' ? t('console.diag.copied') : copy === 'failed' ? t('console.diag.copyFailed') : ''}
      </span>
      {copy === 'failed' && <pre>{text()}</pre>}
    </details>
  );
}
