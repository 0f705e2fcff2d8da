import { t } from '@/lib/console/i18n';
import type { Store, UiActions, UiState } from '@/lib/console/store';
import { ExportActions } from './ExportActions';
import { useStore } from './useStore';

/** The bar above a recognised console table; it also opens the panel (no floating launcher then). */
export function BulkControl(props: { store: Store<UiState>; actions: UiActions }) {
  const { panelOpen } = useStore(props.store);
  return (
    <div class="bar" role="group" aria-label={t('console.bulk.label')}>
      <span class="title">{t('console.bulk.label')}</span>
      <ExportActions {...props} />
      <button type="button" class="link end" aria-expanded={panelOpen} onClick={(e) => props.actions.togglePanel(!panelOpen, e.currentTarget as HTMLElement)}>
        {t('console.bulk.openPanel')}
      </button>
    </div>
  );
}
