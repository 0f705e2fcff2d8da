import { t } from './i18n';
import type { Unreadable } from '@/lib/history/types';

/** A stored record that failed validation: one labelled row, the rest still renders. */
export function UnreadableRow({ item }: { item: Unreadable }) {
  return (
    <li class="unreadable" data-testid="unreadable">
      <strong>{t('popup.unreadable')}</strong>
      <span class="ben-muted"> {t('popup.unreadable.detail', { id: item.id, reason: item.reason })}</span>
    </li>
  );
}
