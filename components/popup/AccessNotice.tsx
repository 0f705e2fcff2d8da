import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { Notice } from '@/components/shared/Notice';
import { hostsOf } from '@/lib/access';
import type { SiteAccess } from './source';

/**
 * The browser withholds the site access the extension needs (Firefox per site, Chrome "on
 * click"): say which hosts, and ask for them in the user's click. Without this the popup
 * would say "not signed in", which would send the user the wrong way.
 */
export function AccessNotice({ access, onMissing }: { access: SiteAccess; onMissing?: (missing: boolean) => void }) {
  const [missing, setMissing] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<'allowed' | 'declined'>();
  useEffect(() => {
    access.missing().then(
      (list) => {
        setMissing(list);
        onMissing?.(list.length > 0);
      },
      () => onMissing?.(false),
    );
    // Asked once per access source: the callback is the parent's inline function, new on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [access]);
  if (missing.length === 0) return null;
  const allow = () => {
    // Called in the click itself: the browser asks for host access only in a user gesture.
    access.request(missing).then(
      (granted) => setOutcome(granted ? 'allowed' : 'declined'),
      () => setOutcome('declined'),
    );
  };
  return (
    <Notice tone={outcome === 'allowed' ? 'info' : 'warn'} title={t('popup.access.title')} testId="site-access">
      <p>{t('popup.access.body', { hosts: hostsOf(missing) })}</p>
      {outcome !== 'allowed' && (
        <button type="button" class="ben-button primary" onClick={allow}>
          {t('popup.access.action')}
        </button>
      )}
      {outcome && <p role={outcome === 'allowed' ? 'status' : 'alert'}>{t(outcome === 'allowed' ? 'popup.access.allowed' : 'popup.access.declined')}</p>}
    </Notice>
  );
}
