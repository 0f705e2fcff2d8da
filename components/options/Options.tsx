/** The options page: Platform environment, manual credentials, notifications, retention, console frames, clear history, the support report. */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { Notice } from '@/components/shared/Notice';
import { ClearHistory } from './ClearHistory';
import { ConsoleFrames } from './ConsoleFrames';
import { ManualCredentialsForm } from './ManualCredentialsForm';
import { SettingsForm } from './SettingsForm';
import { SupportReport } from './SupportReport';
import type { OptionsSource, Settings } from './source';
import { errorText } from '@/lib/messages/errors';

export function Options({ source }: { source: OptionsSource }) {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    source.load().then(setSettings, (e: unknown) => setError(t('options.loadError', { message: errorText(e) })));
  }, [source]);

  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      {error && <Notice tone="error">{error}</Notice>}
      {!settings && !error && <p class="ben-muted">{t('options.loading')}</p>}
      {settings && <SettingsForm source={source} initial={settings} />}
      <ManualCredentialsForm source={source} />
      <ConsoleFrames source={source} />
      <ClearHistory source={source} />
      <SupportReport source={source} clipboard={globalThis.navigator?.clipboard} />
    </main>
  );
}
