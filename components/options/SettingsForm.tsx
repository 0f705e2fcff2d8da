import { useState } from 'preact/hooks';
import { t } from './i18n';
import type { PlatformEnvironment } from '@/lib/origins';
import { validateCustomHost } from '@/lib/settings';
import type { OptionsSource, Settings } from './source';
import { Field } from './Field';
import { checkWholeNumber, RETENTION_DAYS, RETENTION_RUNS } from './validate';
import { errorText } from '@/lib/messages/errors';

const ENVIRONMENTS: PlatformEnvironment[] = ['production', 'stage', 'custom'];

type Errors = Partial<Record<'customHost' | 'retentionDays' | 'retentionRuns', string>>;

/** Environment, notifications and retention: one form, one Save. */
export function SettingsForm({ source, initial }: { source: OptionsSource; initial: Settings }) {
  const [environment, setEnvironment] = useState<PlatformEnvironment>(initial.environment);
  const [customHost, setCustomHost] = useState(initial.customHost ?? '');
  const [notifications, setNotifications] = useState(initial.notifications);
  const [days, setDays] = useState(String(initial.retentionDays));
  const [runs, setRuns] = useState(String(initial.retentionRuns));
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [busy, setBusy] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    // A new attempt: the last one's message no longer holds.
    setStatus(undefined);
    const found: Errors = {};
    const next: Settings = { ...initial, environment, notifications };
    if (environment === 'custom') {
      const host = validateCustomHost(customHost);
      if (host.ok) next.customHost = host.origin;
      else found.customHost = t(host.reason);
    }
    const dayCheck = checkWholeNumber(days, RETENTION_DAYS);
    if (dayCheck.ok) next.retentionDays = dayCheck.value;
    else found.retentionDays = t(dayCheck.reason, dayCheck.params);
    const runCheck = checkWholeNumber(runs, RETENTION_RUNS);
    if (runCheck.ok) next.retentionRuns = runCheck.value;
    else found.retentionRuns = t(runCheck.reason, runCheck.params);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // Called before any await: the adapter's permission request needs the click's user gesture.
    const saving = source.save(next);
    setBusy(true);
    saving
      .then((result) => {
        if (result.ok) {
          const saved = result.settings;
          // What was saved, in words: the host the API calls go to, what is kept, the notifications.
          const host = saved.environment === 'custom' ? (saved.customHost ?? '') : t(`options.env.${saved.environment}`);
          setStatus({
            text: t('options.saved', {
              host,
              days: saved.retentionDays,
              runs: saved.retentionRuns,
              notifications: t(saved.notifications ? 'options.on' : 'options.off'),
            }),
          });
          if (saved.customHost) setCustomHost(saved.customHost);
        } else setStatus({ text: t(result.reason, result.params), error: true });
      })
      .catch((error: unknown) => setStatus({ text: t('options.saveFailed', { message: errorText(error) }), error: true }))
      .finally(() => setBusy(false));
  };

  return (
    <form class="card" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('options.env.legend')}</legend>
        {ENVIRONMENTS.map((env) => (
          <label key={env} class="choice">
            <input type="radio" name="environment" value={env} checked={environment === env} onChange={() => setEnvironment(env)} />
            {t(`options.env.${env}`)}
          </label>
        ))}
        {environment === 'custom' && (
          <Field id="custom-host" label={t('options.env.customHost')} hint={t('options.env.customHint')} error={errors.customHost}>
            {(describedBy) => (
              <input
                id="custom-host"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellcheck={false}
                value={customHost}
                aria-invalid={errors.customHost ? true : undefined}
                aria-describedby={describedBy}
                onInput={(e) => setCustomHost((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('options.retention.legend')}</legend>
        <Field id="retention-days" label={t('options.retention.days')} error={errors.retentionDays}>
          {(describedBy) => (
            <input
              id="retention-days"
              type="number"
              min={RETENTION_DAYS.min}
              max={RETENTION_DAYS.max}
              value={days}
              aria-invalid={errors.retentionDays ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="retention-runs" label={t('options.retention.runs')} error={errors.retentionRuns}>
          {(describedBy) => (
            <input
              id="retention-runs"
              type="number"
              min={RETENTION_RUNS.min}
              max={RETENTION_RUNS.max}
              value={runs}
              aria-invalid={errors.retentionRuns ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => setRuns((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
      </fieldset>

      <label class="choice">
        <input type="checkbox" name="notifications" checked={notifications} onChange={(e) => setNotifications((e.currentTarget as HTMLInputElement).checked)} />
        {t('options.notifications')}
      </label>

      <div class="actions">
        <button type="submit" class="ben-button primary" disabled={busy}>
          {t('options.save')}
        </button>
        <span role={status?.error ? 'alert' : 'status'} class={status?.error ? 'field-error' : 'ben-muted'} data-testid="settings-status">
          {status?.text}
        </span>
      </div>
    </form>
  );
}
