import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import type { OptionsSource } from './source';
import { errorText } from '@/lib/messages/errors';

/** Two steps on the page itself (no window.confirm): ask, then delete on an explicit yes. */
export function ClearHistory({ source }: { source: OptionsSource }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);

  const clear = async () => {
    setStep('busy');
    try {
      await source.clearHistory();
      setStatus({ text: t('options.clear.done') });
    } catch (error) {
      setStatus({ text: t('options.clear.failed', { message: errorText(error) }), error: true });
    }
    setStep('idle');
  };

  return (
    <section class="card" aria-labelledby="clear-title">
      <h2 id="clear-title">{t('options.clear.legend')}</h2>
      {step === 'idle' ? (
        <button
          ref={startRef}
          type="button"
          class="ben-button danger"
          onClick={() => {
            setStatus(undefined);
            setStep('confirm');
          }}
        >
          {t('options.clear.button')}
        </button>
      ) : (
        <div class="confirm" role="group" aria-labelledby="clear-confirm-text" data-testid="clear-confirm">
          <p id="clear-confirm-text">{t('options.clear.confirmText')}</p>
          <div class="actions">
            <button ref={confirmRef} type="button" class="ben-button danger" disabled={step === 'busy'} onClick={() => void clear()}>
              {t('options.clear.confirm')}
            </button>
            <button type="button" class="ben-button" disabled={step === 'busy'} onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <p role={status?.error ? 'alert' : 'status'} class={status?.error ? 'field-error' : 'ben-muted'}>
        {status?.text}
      </p>
    </section>
  );
}
