import { useRef } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import { flowsInScope, type Store, type UiActions, type UiState } from '@/lib/console/store';
import { Diagnostics } from './Diagnostics';
import { ExportActions } from './ExportActions';
import { useStore } from './useStore';
import { VerdictPill } from './VerdictPill';

interface Props {
  store: Store<UiState>;
  actions: UiActions;
  /** Where each id (lower case) last sat in the console's table: the list follows the table's order. */
  order: () => ReadonlyMap<string, number>;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/** In the table's order where the table showed them; the others after, as the API lists them. */
function tableOrder<T extends { id: string }>(items: T[], order: ReadonlyMap<string, number>): T[] {
  // Closed, the panel passes no order: the API's order stands, with no sort of a thousand items on each render.
  if (order.size === 0) return items;
  // Each item's place read once, not in every comparison.
  const keyed = items.map((item, i) => ({ item, i, at: order.get(item.id.toLowerCase()) ?? Number.POSITIVE_INFINITY }));
  return keyed.sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.item);
}

/**
 * The panel, opened from the bar above a table or, where no table was recognised, from a
 * bottom-right launcher: the same list, badges and actions from API data alone.
 */
export function Panel({ store, actions, order, clipboard }: Props) {
  const state = useStore(store);
  const open = state.panelOpen;
  const launcher = useRef<HTMLButtonElement>(null);
  const close = () => actions.togglePanel(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };
  const flows = flowsInScope(state);
  const browse = state.route?.kind === 'browse';
  const items = tableOrder(
    browse
      ? flows.filter((f) => f.verdict.kind === 'eligible' || f.verdict.rule !== 'notBatchFile').map((f) => ({ id: f.id, name: f.name, model: f.badge }))
      : flows.flatMap((f) => f.audiences.map((a) => ({ id: a.id, name: a.name, model: a.badge }))),
    open ? order() : new Map(),
  );

  return (
    <div onKeyDown={onKeyDown}>
      {!state.barShown && (
        <button
          type="button"
          class="launcher"
          ref={launcher}
          aria-expanded={open}
          aria-controls="ben-panel"
          onClick={() => actions.togglePanel(!open, launcher.current ?? undefined)}
        >
          {t('app.name')}
        </button>
      )}
      {open && (
        <section class="panel" id="ben-panel" role="dialog" aria-labelledby="ben-panel-title">
          <header>
            <h2 id="ben-panel-title">{t(browse ? 'console.panel.titleBrowse' : 'console.panel.titleFlow')}</h2>
            <button type="button" class="link" onClick={close}>
              {t('common.close')}
            </button>
          </header>
          {!state.view && <p class="status">{t('common.loading')}</p>}
          {state.view?.notice && (
            <p class="status" role="status">
              {state.view.notice}
            </p>
          )}
          {state.view && items.length === 0 && <p class="status">{t('console.panel.empty')}</p>}
          <div class="bar">
            <ExportActions store={store} actions={actions} />
          </div>
          {state.consoleSelection && <p class="status">{t(browse ? 'console.panel.tableSelectsFlows' : 'console.panel.tableSelectsAudiences')}</p>}
          <ul class="list">
            {items.map((item) => (
              <li key={item.id}>
                {!state.consoleSelection && (
                  <input
                    type="checkbox"
                    disabled={!item.model.selectable}
                    checked={state.selection.has(item.id)}
                    aria-label={t(browse ? 'console.select.flow' : 'console.select.audience', { name: item.name })}
                    onChange={(e) => actions.toggle(item.id, (e.currentTarget as HTMLInputElement).checked)}
                  />
                )}
                <span class="name" title={item.name}>
                  {item.name}
                </span>
                <VerdictPill model={item.model} />
              </li>
            ))}
          </ul>
          <button type="button" class="link" onClick={actions.openReport}>
            {t('console.panel.report')}
          </button>
          <Diagnostics text={actions.diagnosticsText} clipboard={clipboard} />
        </section>
      )}
    </div>
  );
}
