import { t } from './i18n';
import { Notice } from '@/components/shared/Notice';
import type { SessionInfo } from './source';

/** Why the popup cannot act for the console right now, and how to fix it. */
export function SessionNotice({ sessions, openConsole }: { sessions: SessionInfo[]; openConsole?: () => void }) {
  const current = sessions[0];
  if (!current) {
    return (
      <Notice tone="warn" title={t('popup.signedOut.title')} testId="signed-out">
        <p>{t('popup.signedOut.body')}</p>
        {openConsole && (
          <button type="button" class="ben-button primary" onClick={openConsole}>
            {t('popup.signedOut.action')}
          </button>
        )}
      </Notice>
    );
  }
  if (current.stale) {
    return (
      <Notice tone="warn" title={t('popup.stale.title')} testId="stale">
        <p>{t('popup.stale.body', { org: current.orgId, sandbox: current.sandbox })}</p>
      </Notice>
    );
  }
  return null;
}
