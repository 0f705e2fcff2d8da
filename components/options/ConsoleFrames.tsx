import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import type { OptionsSource } from './source';
import { errorText } from '@/lib/messages/errors';

type Lists = { noticed: string[]; granted: string[] };

/**
 * Console frames on other Adobe hosts: those seen but not readable yet (Grant access), and
 * those allowed (Remove, which also withdraws the browser's permission).
 */
export function ConsoleFrames({ source }: { source: Pick<OptionsSource, 'frames' | 'grantFrame' | 'revokeFrame'> }) {
  const [lists, setLists] = useState<Lists>();
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const load = useCallback(() => {
    source.frames().then(setLists, (e: unknown) => setStatus({ text: errorText(e), error: true }));
  }, [source]);
  useEffect(load, [load]);

  const grant = (origin: string) => {
    // In the click itself: the browser asks for a host permission only in a user gesture.
    source
      .grantFrame(origin)
      .then(
        (granted) => setStatus(granted ? { text: t('frames.granted', { origin }) } : { text: t('frames.denied', { origin }), error: true }),
        (e: unknown) => setStatus({ text: t('frames.failed', { origin, message: errorText(e) }), error: true }),
      )
      .finally(load);
  };
  const revoke = (origin: string) => {
    source
      .revokeFrame(origin)
      .then(
        () => setStatus({ text: t('frames.removed', { origin }) }),
        (e: unknown) => setStatus({ text: errorText(e), error: true }),
      )
      .finally(load);
  };

  const empty = lists && lists.noticed.length === 0 && lists.granted.length === 0;
  return (
    <section class="card" aria-labelledby="frames-title" id="frames">
      <h2 id="frames-title">{t('frames.legend')}</h2>
      <p class="ben-muted">{t('frames.intro')}</p>
      {empty && <p>{t('frames.none')}</p>}
      {lists && lists.noticed.length > 0 && (
        <ul class="origins" aria-label={t('frames.seen')}>
          {lists.noticed.map((origin) => (
            <li key={origin}>
              <span>{t('frames.seen')}</span> <code>{origin}</code>
              <button type="button" class="ben-button primary" onClick={() => grant(origin)}>
                {t('frames.grant')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {lists && lists.granted.length > 0 && (
        <ul class="origins" aria-label={t('frames.allowed')}>
          {lists.granted.map((origin) => (
            <li key={origin}>
              <span>{t('frames.allowed')}</span> <code>{origin}</code>
              <button type="button" class="ben-button" onClick={() => revoke(origin)} aria-label={`${t('frames.remove')} ${origin}`}>
                {t('frames.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role={status?.error ? 'alert' : 'status'} class={status?.error ? 'field-error' : 'ben-muted'}>
        {status?.text}
      </p>
    </section>
  );
}
