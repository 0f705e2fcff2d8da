import { useEffect, useRef, useState } from 'preact/hooks';
import { getLocale, t } from './i18n';
import type { MessageKey } from './i18n';
import type { RunRecord, Scope } from '@/lib/model';
import { canCancel, canRetry, failedRunIds, outcomeOf, retryableOf } from '@/lib/history/actions';
import { sameScope } from '@/lib/history/filter';
import { formatLocalAndUtc, formatWhen } from '@/lib/present/time';
import type { Maybe } from '@/lib/history/types';
import type { Explain, HistorySource, JobSummary, PopupEffects } from './source';
import { ProgressBar } from './ProgressBar';
import { errorText } from '@/lib/messages/errors';
import { RunList } from './RunList';

export interface JobItemProps {
  job: JobSummary;
  source: HistorySource;
  effects: PopupEffects;
  explain: Explain;
  ruleLabel: (rule: string) => string;
  /** Runs of a job, cached by the popup so export and expand share one read. */
  loadRuns: (jobId: string) => Promise<Maybe<RunRecord>[]>;
  currentScope?: Scope;
  /** Bumped when stored history changes, so an open job re-reads its runs. */
  version: number;
  /** Shown opened and scrolled into view (the page's "View in history"). */
  focused?: boolean;
  /** The last action's note: kept by the list, so it stays while the history reloads. */
  note?: JobNote;
  onNote(note: JobNote | undefined): void;
}

export interface JobNote {
  text: string;
  error?: boolean;
}

const SHOWN_DATAFLOWS = 2;

function dataflowLine(job: JobSummary): string {
  const names = job.dataflows
    .slice(0, SHOWN_DATAFLOWS)
    .map((d) => d.name)
    .join(', ');
  const more = job.dataflows.length - SHOWN_DATAFLOWS;
  return more > 0 ? t('popup.job.moreDataflows', { names, n: more }) : t('popup.job.dataflows', { names });
}

export function JobItem(props: JobItemProps) {
  const { job, source, currentScope } = props;
  const [open, setOpen] = useState(props.focused === true);
  const [runs, setRuns] = useState<Maybe<RunRecord>[]>();
  const { note, onNote: setNote, loadRuns } = props;
  // The parent passes a new callback each render: the effects below use the latest without re-running.
  const noteRef = useRef(setNote);
  noteRef.current = setNote;
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (props.focused) item.current?.scrollIntoView({ block: 'start' });
  }, [props.focused]);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState<string>();
  const runsId = `runs-${job.id}`;
  const otherScope = currentScope !== undefined && !sameScope(job.scope, currentScope);
  const outcome = outcomeOf(job);

  useEffect(() => {
    if (!open) return;
    let live = true;
    loadRuns(job.id).then(
      (loaded) => live && setRuns(loaded),
      (error: unknown) => live && noteRef.current({ text: t('popup.loadError', { message: String(error) }), error: true }),
    );
    return () => {
      live = false;
    };
  }, [open, job.id, props.version, loadRuns]);

  // A job that is sending or paused may be waiting on something: say what and until when.
  const waiting = job.status === 'sending' || job.status === 'paused';
  useEffect(() => {
    if (!waiting || !source.waitOf) return setWait(undefined);
    let live = true;
    source.waitOf(job.id).then(
      (line) => live && setWait(line),
      () => live && setWait(undefined),
    );
    return () => {
      live = false;
    };
  }, [waiting, job.id, props.version, source]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setNote({ text: await work() });
    } catch (error) {
      setNote({ text: t('popup.job.actionFailed', { message: errorText(error) }), error: true });
    } finally {
      setBusy(false);
    }
  };

  const retry = () =>
    act(async () => {
      const ids = failedRunIds(await props.loadRuns(job.id));
      if (ids.length === 0) return t('popup.job.retryNone');
      await source.retry(job.id, ids);
      return t('popup.job.retrySent');
    });

  const cancel = () =>
    act(async () => {
      await source.cancel(job.id);
      return t('popup.job.cancelSent');
    });

  return (
    <li class={`job status-${outcome}${props.focused ? ' focused' : ''}`} ref={item} data-testid="job" data-job-id={job.id}>
      <div class="job-head">
        <span class="job-flows">{dataflowLine(job)}</span>
        <span class={`pill status-${outcome}`}>{t(`popup.job.status.${outcome}` as MessageKey)}</span>
      </div>
      <div class="ben-muted">
        {t('popup.job.audiences', { n: job.pairCount })}
        {' · '}
        <time dateTime={new Date(job.createdAt).toISOString()} title={formatLocalAndUtc(job.createdAt, { locale: getLocale() })}>
          {t('popup.job.started', { time: formatWhen(job.createdAt, { locale: getLocale() }) })}
        </time>
      </div>
      {otherScope && (
        <p class="scope-label" data-testid="other-scope">
          {t('popup.scope.other', { org: job.scope.orgId, sandbox: job.scope.sandbox })}
        </p>
      )}
      <ProgressBar job={job} />
      {wait ? (
        <p class="job-paused" data-testid="job-wait">
          {wait}
        </p>
      ) : (
        job.status === 'paused' && job.pauseReason && <p class="job-paused">{t('popup.job.paused', { reason: props.explain(job.pauseReason).title })}</p>
      )}
      {!!job.counts.retried && (
        <p class="ben-muted" data-testid="retried">
          {t('popup.job.retried', { n: job.counts.retried })}
        </p>
      )}
      <div class="job-actions">
        <button type="button" class="ben-button" aria-expanded={open} aria-controls={runsId} onClick={() => setOpen(!open)}>
          {open ? t('popup.job.hideRuns') : t('popup.job.showRuns')}
        </button>
        {canRetry(job) && (
          <button type="button" class="ben-button primary" disabled={busy} onClick={() => void retry()}>
            {t('popup.job.retry', { n: retryableOf(job) })}
          </button>
        )}
        {canCancel(job) && (
          <button type="button" class="ben-button danger" disabled={busy} onClick={() => void cancel()}>
            {t('popup.job.cancel')}
          </button>
        )}
      </div>
      <div role={note?.error ? 'alert' : 'status'} class={note?.error ? 'job-note error' : 'job-note'}>
        {note?.text}
      </div>
      {open && (
        <div id={runsId}>
          {runs === undefined ? (
            <p class="ben-muted">{t('popup.runs.loading')}</p>
          ) : (
            <RunList runs={runs} source={source} effects={props.effects} explain={props.explain} ruleLabel={props.ruleLabel} />
          )}
        </div>
      )}
    </li>
  );
}
