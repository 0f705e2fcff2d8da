import { useState } from 'preact/hooks';
import { t } from './i18n';
import type { MessageKey } from './i18n';
import type { RunRecord } from '@/lib/model';
import { formatCount } from '@/lib/history/format';
import { getLocale } from './i18n';
import { isUnreadable } from '@/lib/history/types';
import type { Maybe } from '@/lib/history/types';
import type { Explain, HistorySource, PopupEffects } from './source';
import { UnreadableRow } from './UnreadableRow';

export interface RunListProps {
  runs: Maybe<RunRecord>[];
  source: HistorySource;
  effects: PopupEffects;
  explain: Explain;
  ruleLabel: (rule: string) => string;
}

/** Runs shown at first, and added per "show more": a 120-run job stays a screenful. */
const RUNS_PAGE = 25;

export function RunList(props: RunListProps) {
  const [shown, setShown] = useState(RUNS_PAGE);
  if (props.runs.length === 0) return <p class="ben-muted">{t('popup.runs.none')}</p>;
  const left = props.runs.length - shown;
  return (
    <>
      <ul class="runs" aria-label={t('popup.runs.label')}>
        {props.runs
          .slice(0, shown)
          .map((run) => (isUnreadable(run) ? <UnreadableRow key={run.id} item={run} /> : <RunItem key={run.id} run={run} {...props} />))}
      </ul>
      {left > 0 && (
        <button type="button" class="ben-button" onClick={() => setShown(shown + RUNS_PAGE)}>
          {t('popup.runs.more', { n: Math.min(left, RUNS_PAGE), left })}
        </button>
      )}
    </>
  );
}

function RunItem({ run, source, effects, explain, ruleLabel }: RunListProps & { run: RunRecord }) {
  const [copyNote, setCopyNote] = useState<string>();
  const locale = getLocale();
  const explained = run.error && explain(run.error);

  const copy = async (runId: string) => {
    try {
      await effects.copy(runId);
      setCopyNote(t('popup.run.copied'));
    } catch {
      setCopyNote(t('popup.run.copyFailed'));
    }
  };

  return (
    <li class={`run status-${run.status}`} data-testid="run">
      <div class="run-head">
        <span class="run-name">{run.audienceName}</span>
        <span class={`pill status-${run.status}`}>{t(`popup.run.status.${run.status}` as MessageKey)}</span>
      </div>
      <div class="ben-muted">
        {/* bdi: a bidi override in the name must not reorder the counts that follow it. */}
        <bdi>{run.dataflowName}</bdi>
        {run.recordCount !== undefined && ` · ${t('popup.run.records', { n: formatCount(run.recordCount, locale) })}`}
        {run.fileCount !== undefined && ` · ${t('popup.run.files', { n: formatCount(run.fileCount, locale) })}`}
        {run.runId && (
          <>
            {' · '}
            <code>{run.runId}</code>
          </>
        )}
      </div>
      {run.status === 'skipped' && run.skipRule && <p class="run-note">{t('popup.run.skipRule', { rule: ruleLabel(run.skipRule) })}</p>}
      {run.retriedIn && <p class="run-note">{t('popup.run.retried')}</p>}
      {explained && (
        <div class="run-error" data-testid="run-error">
          <p class="run-error-title">{explained.title}</p>
          {explained.title !== run.error!.message && <p class="ben-muted">{run.error!.message}</p>}
          {explained.action && <p>{t('popup.run.whatToDo', { action: explained.action })}</p>}
        </div>
      )}
      <div class="run-actions">
        {run.runId && (
          <button type="button" class="ben-button link" onClick={() => void copy(run.runId!)}>
            {t('popup.run.copyId')}
          </button>
        )}
        <button type="button" class="ben-button link" onClick={() => source.openDataflow(run.scope, run.flowId)}>
          {t('popup.run.openDataflow')}
        </button>
        {copyNote && (
          <span role="status" class="ben-muted">
            {copyNote}
          </span>
        )}
      </div>
    </li>
  );
}
