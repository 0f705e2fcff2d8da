import { useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';

interface Props {
  /** The report (console-ui's diagnosticsText): what the adapter recognised, with each table's fingerprint. */
  text: () => string;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/**
 * What the adapter recognised, so a user can tell us what broke when the console changes.
 * The report is shown as it is copied (for our bug tracker, so in English), and read when
 * opened: it hit-tests the badges then, not on every render.
 */
export function Diagnostics({ text, clipboard }: Props) {
  const [open, setOpen] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'ok' | 'failed'>('idle');
  const doCopy = async () => {
    try {
      if (!clipboard) throw new Error('no clipboard');
      await clipboard.writeText(text());
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <details class="diag" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('console.diag.title')}</summary>
      {open && <pre data-testid="diag-report">{text()}</pre>}
      <button type="button" onClick={() => void doCopy()}>
        {t('console.diag.copy')}
      </button>
      <span class="status" role="status">
        {copy === 'ok' ? t('console.diag.copied') : copy === 'failed' ? t('console.diag.copyFailed') : ''}
      </span>
    </details>
  );
}
