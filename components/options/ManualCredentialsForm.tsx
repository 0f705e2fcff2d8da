import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import type { ManualCredentialsInput, ManualCredentialsSummary, OptionsSource } from './source';
import { errorText } from '@/lib/messages/errors';

const EMPTY: ManualCredentialsInput = { orgId: '', sandbox: '', apiKey: '', token: '' };
const FIELDS = [
  { key: 'orgId', label: 'options.creds.orgId', type: 'text' },
  { key: 'sandbox', label: 'options.creds.sandbox', type: 'text' },
  { key: 'apiKey', label: 'options.creds.apiKey', type: 'text' },
  { key: 'token', label: 'options.creds.token', type: 'password' },
] as const;

/** Optional credentials for power users; the token goes in and is never shown back. */
export function ManualCredentialsForm({ source }: { source: OptionsSource }) {
  const [input, setInput] = useState<ManualCredentialsInput>(EMPTY);
  const [stored, setStored] = useState<ManualCredentialsSummary | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();

  useEffect(() => {
    source.manualCredentials().then(setStored, () => setStored(null));
  }, [source]);

  const submit = async (event: Event) => {
    event.preventDefault();
    // A new attempt: the last one's message no longer holds.
    setStatus(undefined);
    const trimmed: ManualCredentialsInput = {
      orgId: input.orgId.trim(),
      sandbox: input.sandbox.trim(),
      apiKey: input.apiKey.trim(),
      token: input.token.trim(),
    };
    if (Object.values(trimmed).some((v) => v === '')) {
      setStatus({ text: t('options.creds.missing'), error: true });
      return;
    }
    try {
      const result = await source.saveManualCredentials(trimmed);
      if (!result.ok) {
        setStatus({ text: t(result.reason, result.params), error: true });
        return;
      }
      // The secret leaves the page's state as soon as it is stored.
      setInput(EMPTY);
      setStored({ orgId: trimmed.orgId, sandbox: trimmed.sandbox });
      setStatus({ text: t('options.creds.saved', { org: trimmed.orgId, sandbox: trimmed.sandbox }) });
    } catch (error) {
      setStatus({ text: t('options.saveFailed', { message: errorText(error) }), error: true });
    }
  };

  const remove = async () => {
    try {
      await source.clearManualCredentials();
      setStored(null);
      setStatus({ text: t('options.creds.removed') });
    } catch (error) {
      setStatus({ text: t('options.saveFailed', { message: errorText(error) }), error: true });
    }
  };

  return (
    <form class="card" onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
      <fieldset>
        <legend>{t('options.creds.legend')}</legend>
        <p>{t('options.creds.intro')}</p>
        <p class="ben-notice warn" id="creds-note" data-testid="creds-note">
          {t('options.creds.note')}
        </p>
        {stored && (
          <p class="in-use" data-testid="creds-in-use">
            {t('options.creds.inUse', { org: stored.orgId, sandbox: stored.sandbox })}{' '}
            <button type="button" class="ben-button" onClick={() => void remove()}>
              {t('options.creds.remove')}
            </button>
          </p>
        )}
        {FIELDS.map((field) => (
          <div class="field" key={field.key}>
            <label for={`creds-${field.key}`}>{t(field.label)}</label>
            <input
              id={`creds-${field.key}`}
              type={field.type}
              autoComplete={field.type === 'password' ? 'new-password' : 'off'}
              spellcheck={false}
              value={input[field.key]}
              aria-describedby={field.key === 'token' ? 'creds-token-hint creds-note' : undefined}
              onInput={(e) => setInput({ ...input, [field.key]: (e.currentTarget as HTMLInputElement).value })}
            />
            {field.key === 'token' && (
              <p id="creds-token-hint" class="ben-muted">
                {t('options.creds.tokenHint')}
              </p>
            )}
          </div>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" class="ben-button primary">
          {t('options.creds.save')}
        </button>
        <span role={status?.error ? 'alert' : 'status'} class={status?.error ? 'field-error' : 'ben-muted'} data-testid="creds-status">
          {status?.text}
        </span>
      </div>
    </form>
  );
}
