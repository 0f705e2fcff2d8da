import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/console/i18n';
import type { ExportPlan } from '@/lib/console/plan';
import type { Store, UiActions, UiState } from '@/lib/console/store';
import { ConfirmDialog } from './ConfirmDialog';
import { useStore } from './useStore';

interface Props {
  store: Store<UiState>;
  actions: UiActions;
}

/**
 * Select all eligible, export selected (or every eligible audience of the selected dataflows),
 * progress and result. Where the table's selection is the console's own, there is nothing of
 * ours to select: "selected" counts the console's checkboxes, and "Export all eligible" is offered.
 */
export function ExportActions({ store, actions }: Props) {
  const state = useStore(store);
  const [plan, setPlan] = useState<ExportPlan | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const browse = state.route?.kind === 'browse';
  const selected = state.selection.size;
  const job = state.job;
  const busy = job?.status === 'sending' || job?.status === 'running';

  const open = (event: Event, make: () => ExportPlan) => {
    trigger.current = event.currentTarget as HTMLElement;
    setPlan(make());
  };
  const close = () => {
    setPlan(null);
    // Focus goes back where the user was before the dialog they opened.
    trigger.current?.focus();
  };
  const confirm = () => {
    const p = plan;
    close();
    if (p) void actions.runExport(p);
  };

  const eligible = state.consoleSelection ? actions.eligibleCount() : 0;
  return (
    <>
      <span class="status" aria-live="polite">
        {t(state.consoleSelection ? 'console.bulk.selectedInTable' : 'console.bulk.selected', { n: selected })}
      </span>
      {state.consoleSelection ? (
        <button type="button" disabled={eligible === 0 || busy} onClick={(e) => open(e, () => actions.planAllEligible())}>
          {t('console.bulk.exportAll', { n: eligible })}
        </button>
      ) : (
        <>
          <button type="button" onClick={() => actions.selectAllEligible()} disabled={!state.view}>
            {t('console.bulk.selectAll')}
          </button>
          {selected > 0 && (
            <button type="button" onClick={() => actions.clearSelection()}>
              {t('console.bulk.clear')}
            </button>
          )}
        </>
      )}
      <button
        type="button"
        class="primary"
        disabled={selected === 0 || busy}
        onClick={(e) => open(e, () => actions.planSelection())}
      >
        {t(browse ? 'console.bulk.exportFlows' : 'console.bulk.exportSelected', { n: selected })}
      </button>
      {job && (
        <span class="status" role="status" data-testid="job-status">
          {job.status === 'sending' && t('console.progress.sending', { n: job.pairs.length })}
          {job.status === 'running' && t('console.progress.running', { done: job.finished, total: job.sent })}
          {job.status === 'done' && t('console.progress.done', { sent: job.sent, skipped: job.skipped.reduce((s, g) => s + g.count, 0) })}
          {job.status === 'failed' && t('console.progress.failed', { message: job.error ?? '' })}
          {job.jobId && (
            <>
              {' '}
              <button type="button" class="link" onClick={() => actions.openHistory(job.jobId)}>
                {t('console.progress.history')}
              </button>
            </>
          )}
        </span>
      )}
      {plan && <ConfirmDialog plan={plan} reasons={state.view?.reasons ?? {}} onConfirm={confirm} onCancel={close} />}
    </>
  );
}
