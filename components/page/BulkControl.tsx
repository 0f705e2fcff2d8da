import { t } from '@/lib/console/i18n';
import type { Store, UiActions, UiState } from '@/lib/console/store';
import { ExportActions } from './ExportActions';

/** The bar above a recognised console table. */
export function BulkControl(props: { store: Store<UiState>; actions: UiActions }) {
  return (
    <div class="bar" role="group" aria-label={t('console.bulk.label')}>
      <span class="title">{t('console.bulk.label')}</span>
      <ExportActions {...props} />
    </div>
  );
}
