import { t, tDynamic } from '@/lib/console/i18n';
import type { ExportPlan } from '@/lib/console/plan';
import type { JobProgress, Store, UiActions, UiState } from '@/lib/console/store';
import { useStore } from './useStore';

interface Props {
  store: Store<UiState>;
  actions: UiActions;
}

/**
 * The bar's last line, honest about failures: what succeeded, failed and was skipped, and
 * why an export did not start, in our words with what to do (never the gateway's text).
 */
function jobLine(job: JobProgress): string {
  const line = outcomeLine(job);
  return job.queued && job.status !== 'queued' ? `${line} ${t('console.progress.alsoQueued', { n: job.queued })}` : line;
}

function outcomeLine(job: JobProgress): string {
  const skipped = job.skipped.reduce((s, g) => s + g.count, 0);
  const counts = { success: job.success, failed: job.failed, skipped, done: job.success + job.failed, total: job.sent };
  switch (job.status) {
    case 'sending':
      return t('console.progress.sending', { n: job.pairs.length });
    case 'running':
      return job.wait ?? t(job.failed ? 'console.progress.runningFailed' : 'console.progress.running', counts);
    case 'done':
      return t(job.failed ? 'console.progress.doneFailures' : 'console.progress.done', counts);
    case 'queued':
      return t('console.progress.queued', { n: job.queued ?? 0 });
    default: {
      // A 401 on the page is the console's session running out (it just worked for the view).
      const kind = job.error?.kind === 'auth' ? 'authExpired' : (job.error?.kind ?? 'unknown');
      return t('console.progress.failed', { title: tDynamic(`error.${kind}.title`), action: tDynamic(`error.${kind}.action`) });
    }
  }
}

/**
 * Select all eligible, export selected (or every eligible audience of the selected dataflows),
 * progress and result. Where the table's selection is the console's own, there is nothing of
 * ours to select: "selected" counts the console's checkboxes, and "Export all eligible" is offered.
 */
export function ExportActions({ store, actions }: Props) {
  const state = useStore(store);
  const browse = state.route?.kind === 'browse';
  const selected = state.selection.size;
  const job = state.job;
  const busy = job?.status === 'sending' || job?.status === 'running';

  const open = (event: Event, make: () => ExportPlan) => actions.askConfirm(make(), event.currentTarget as HTMLElement);

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
      <button type="button" class="primary" disabled={selected === 0 || busy} onClick={(e) => open(e, () => actions.planSelection())}>
        {t(browse ? 'console.bulk.exportFlows' : 'console.bulk.exportSelected', { n: selected })}
      </button>
      {job && (
        <span class="status" role="status" data-testid="job-status">
          {jobLine(job)}
          {job.status === 'done' && job.failed > 0 && (
            <>
              {' '}
              <button type="button" class="link" onClick={() => void actions.retryFailed()}>
                {t('console.progress.retry', { n: job.failed })}
              </button>
            </>
          )}
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
    </>
  );
}
