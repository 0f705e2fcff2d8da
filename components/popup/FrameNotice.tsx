import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { Notice } from '@/components/shared/Notice';
import type { FrameAccess } from './source';
import { errorText } from '@/lib/messages/errors';

type Outcome = { kind: 'granted' | 'denied' | 'failed'; message?: string };

/**
 * The console shows Experience Platform in a frame from an Adobe host we may not read yet:
 * say which, and ask the browser for access in the user's click (lib/frame-origins).
 * Without it, the popup would only say "not signed in", which would be the wrong reason.
 */
export function FrameNotice({ access, onNoticed }: { access: FrameAccess; onNoticed?: (noticed: boolean) => void }) {
  const [origin, setOrigin] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    access.noticed().then(
      (list) => {
        setOrigin(list[0]);
        onNoticed?.(list.length > 0);
      },
      () => onNoticed?.(false),
    );
    // Asked once per access source: the callback is the parent's inline function, new on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [access]);
  if (!origin) return null;
  const grant = () => {
    // Called in the click itself: the browser asks for a host permission only in a user gesture.
    access.grant(origin).then(
      (granted) => setOutcome({ kind: granted ? 'granted' : 'denied' }),
      (e: unknown) => setOutcome({ kind: 'failed', message: errorText(e) }),
    );
  };
  return (
    <Notice tone={outcome?.kind === 'granted' ? 'info' : 'warn'} title={t('frames.title')} testId="frame-access">
      <p>{t('frames.unreadable', { origin })}</p>
      {outcome?.kind !== 'granted' && (
        <button type="button" class="ben-button primary" onClick={grant}>
          {t('frames.grant')}
        </button>
      )}
      {outcome && (
        <p role={outcome.kind === 'granted' ? 'status' : 'alert'}>
          {outcome.kind === 'granted'
            ? t('frames.granted', { origin })
            : outcome.kind === 'denied'
              ? t('frames.denied', { origin })
              : t('frames.failed', { origin, message: outcome.message ?? '' })}
        </p>
      )}
    </Notice>
  );
}
