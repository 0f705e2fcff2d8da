import { useCallback, useEffect, useState } from 'preact/hooks';
import { getLocale, t } from './i18n';
import type { OptionsSource } from './source';
import { supportReport } from './support-report';
import { errorText } from '@/lib/messages/errors';

interface Props {
  source: Pick<OptionsSource, 'diagnostics'>;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/** "For support": the background's view, shown exactly as it is copied. */
export function SupportReport({ source, clipboard }: Props) {
  const [lines, setLines] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [copy, setCopy] = useState<'idle' | 'ok' | 'failed'>('idle');

  const load = useCallback(() => {
    setCopy('idle');
    source.diagnostics().then(
      (data) => {
        setError(undefined);
        setLines(supportReport(data, { locale: getLocale(), now: Date.now() }));
      },
      (e: unknown) => setError(t('options.support.failed', { message: errorText(e) })),
    );
  }, [source]);
  useEffect(load, [load]);

  const doCopy = async () => {
    try {
      if (!clipboard || !lines) throw new Error('no clipboard');
      await clipboard.writeText(lines.join('\n'));
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <section class="card" aria-labelledby="support-title">
      <h2 id="support-title">{t('options.support.legend')}</h2>
      <p class="ben-muted">{t('options.support.intro')}</p>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      {!lines && !error && <p class="ben-muted">{t('options.loading')}</p>}
      {lines && (
        <pre class="report" data-testid="support-report">
          {lines.join('\n')}
        </pre>
      )}
      <div class="actions">
        <button type="button" class="ben-button" disabled={!lines} onClick={() => void doCopy()}>
          {t('options.support.copy')}
        </button>
        <button type="button" class="ben-button" onClick={load}>
          {t('options.support.refresh')}
        </button>
      </div>
      <p role="status" class={copy === 'failed' ? 'field-error' : 'ben-muted'}>
        {copy === 'ok' ? t('options.support.copied') : copy === 'failed' ? t('options.support.copyFailed') : ''}
      </p>
    </section>
  );
}
