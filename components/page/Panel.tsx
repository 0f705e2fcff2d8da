import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import { audienceBadge, dataflowBadge } from '@/lib/console/present';
import { flowsInScope, type Counts, type Store, type UiActions, type UiState } from '@/lib/console/store';
import { Diagnostics } from './Diagnostics';
import { ExportActions } from './ExportActions';
import { useStore } from './useStore';
import { VerdictPill } from './VerdictPill';

interface Props {
  store: Store<UiState>;
  actions: UiActions;
  counts: () => Counts;
  clipboard: { writeText(text: string): Promise<void> } | undefined;
}

/** Bottom-right launcher and panel: the same list, badges and actions from API data alone. */
export function Panel({ store, actions, counts, clipboard }: Props) {
  const state = useStore(store);
  const [open, setOpen] = useState(false);
  const launcher = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    launcher.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };
  const now = actions.now();
  const flows = flowsInScope(state);
  const browse = state.route?.kind === 'browse';
  const items = browse
    ? flows.filter((f) => f.verdict.kind === 'eligible' || f.verdict.rule !== 'notBatchFile').map((f) => ({ id: f.id, name: f.name, model: dataflowBadge(f, now) }))
    : flows.flatMap((f) => f.audiences.map((a) => ({ id: a.id, name: a.name, model: audienceBadge(a, now) })));

  return (
    <div onKeyDown={onKeyDown}>
      <button
        type="button"
        class="launcher"
        ref={launcher}
        aria-expanded={open}
        aria-controls="ben-panel"
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t('app.name')}
      </button>
      {open && (
        <section class="panel" id="ben-panel" role="dialog" aria-labelledby="ben-panel-title">
          <header>
            <h2 id="ben-panel-title">{t(browse ? 'console.panel.titleBrowse' : 'console.panel.titleFlow')}</h2>
            <button type="button" class="link" onClick={close}>
              {t('common.close')}
            </button>
          </header>
          {!state.view && <p class="status">{t('common.loading')}</p>}
          {state.view && items.length === 0 && <p class="status">{t('console.panel.empty')}</p>}
          <div class="bar">
            <ExportActions store={store} actions={actions} />
          </div>
          <ul class="list">
            {items.map((item) => (
              <li key={item.id}>
                <input
                  type="checkbox"
                  disabled={!item.model.selectable}
                  checked={state.selection.has(item.id)}
                  aria-label={t(browse ? 'console.select.flow' : 'console.select.audience', { name: item.name })}
                  onChange={(e) => actions.toggle(item.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                <span class="name" title={item.name}>{item.name}</span>
                <VerdictPill model={item.model} />
              </li>
            ))}
          </ul>
          <Diagnostics state={state} counts={counts()} text={actions.diagnosticsText} clipboard={clipboard} />
        </section>
      )}
    </div>
  );
}
