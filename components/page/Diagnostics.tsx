import { useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';

interface Props {
  /** The report (console-ui's diagnosticsText): what the adapter recognised, with each table's fingerprint. */
  text: () => Promise<string>;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/**
 * What the adapter recognised, so a user can tell us what broke when the console changes.
 * The report is shown as it is copied (for our bug tracker, so in English), and read when
 * opened: it hit-tests the badges then (in the frame, through the background), not on every render.
 */
export function Diagnostics({ text, clipboard }: Props) {
  const [report, setReport] = useState<string>();
  const [copy, setCopy] = useState<'idle' | 'ok' | 'failed'>('idle');
  const doCopy = async () => {
    try {
      if (!clipboard) throw new Error('no clipboard');
      await clipboard.writeText(await text());
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <details class="diag" onToggle={(e) => ((e.currentTarget as HTMLDetailsElement).open ? void text().then(setReport) : setReport(undefined))}>
      <summary>{t('console.diag.title')}</summary>
      {report !== undefined && <pre data-testid="diag-report">{report}</pre>}
      <button type="button" onClick={() => void doCopy()}>
        {t('console.diag.copy')}
      </button>
      <span class="status" role="status">
        {copy === 'ok' ? t('console.diag.copied') : copy === 'failed' ? t('console.diag.copyFailed') : ''}
      </span>
    </details>
  );
}
