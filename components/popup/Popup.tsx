/**
 * The toolbar popup: the export history, newest first, one page at a time. Runs are
 * read only when a job is opened or exported, so 20,000 stored runs stay cheap.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, tDynamic } from './i18n';
import type { RunRecord, Scope } from '@/lib/model';
import { exportFileName, historyRows, toCsv, toJson } from '@/lib/history/export';
import type { ExportEntry } from '@/lib/history/export';
import { sameScope } from '@/lib/history/filter';
import { EMPTY_FILTER, isUnreadable } from '@/lib/history/types';
import type { Maybe } from '@/lib/history/types';
import { Notice } from '@/components/shared/Notice';
import { browserEffects } from './effects';
import { HistoryFilters } from './HistoryFilters';
import { JobItem, type JobNote } from './JobItem';
import { SessionNotice } from './SessionNotice';
import { FrameNotice } from './FrameNotice';
import { AccessNotice } from './AccessNotice';
import type { Explain, HistoryFilter, HistorySource, JobSummary, PopupEffects, SessionInfo } from './source';
import { UnreadableRow } from './UnreadableRow';
import { errorText } from '@/lib/messages/errors';
import { QueueList } from './QueueList';

/** A 600 px popup shows about this many jobs with a scroll: one read fills it. */
export const PAGE_SIZE = 50;

export interface PopupProps {
  source: HistorySource;
  /** lib/platform/errors `explainError`; without it the stored message is shown as is. */
  explain?: Explain;
  /** Names an eligibility rule for a skipped run; defaults to the rule id. */
  ruleLabel?: (rule: string) => string;
  effects?: PopupEffects;
  pageSize?: number;
  /** A job to show opened and in view (the page's "View in history"). */
  focusJob?: string;
}

const plainExplain: Explain = (info) => ({ title: info.message });

/** A rule in a few words ("activated less than an hour ago"); its id when the catalog has none. */
function shortRule(rule: string): string {
  const key = `popup.rule.${rule}`;
  const text = tDynamic(key);
  return text === key ? rule : text;
}

function isDefaultFilter(filter: HistoryFilter): boolean {
  return filter.status === 'all' && !filter.flowId && !filter.search && !filter.scope;
}

function newestFirst(sessions: SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => b.seenAt - a.seenAt);
}

export function Popup(props: PopupProps) {
  const { source } = props;
  const effects = props.effects ?? browserEffects;
  const explain = props.explain ?? plainExplain;
  const ruleLabel = props.ruleLabel ?? shortRule;
  const pageSize = props.pageSize ?? PAGE_SIZE;

  const [filter, setFilter] = useState<HistoryFilter>(EMPTY_FILTER);
  const [items, setItems] = useState<Maybe<JobSummary>[]>();
  const [next, setNext] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const [sessions, setSessions] = useState<SessionInfo[]>();
  const [frameNoticed, setFrameNoticed] = useState(false);
  const [accessMissing, setAccessMissing] = useState(false);
  const [version, setVersion] = useState(0);
  const [exportNote, setExportNote] = useState<string>();
  const [knownFlows, setKnownFlows] = useState<Map<string, string>>(new Map());
  // Held here, not in each job: a note stays when the list reloads around it, until the next action.
  const [notes, setNotes] = useState<Map<string, JobNote | undefined>>(new Map());

  const runsCache = useRef(new Map<string, Promise<Maybe<RunRecord>[]>>());
  // Answers to an older filter must not overwrite the current list.
  const request = useRef(0);
  const shown = useRef(0);
  shown.current = items?.length ?? 0;

  const current: Scope | undefined = sessions?.[0];

  const remember = (page: Maybe<JobSummary>[]) =>
    setKnownFlows((known) => {
      let added = false;
      const copy = new Map(known);
      for (const job of page) {
        if (isUnreadable(job)) continue;
        for (const d of job.dataflows) {
          if (copy.has(d.id)) continue;
          copy.set(d.id, d.name);
          added = true;
        }
      }
      return added ? copy : known;
    });

  const loadFirst = useCallback(
    async (limit: number) => {
      const mine = ++request.current;
      try {
        const page = await source.listJobs({ limit, filter });
        if (mine !== request.current) return;
        setItems(page.items);
        setNext(page.next);
        setError(undefined);
        remember(page.items);
      } catch (e) {
        if (mine === request.current) setError(t('popup.loadError', { message: errorText(e) }));
      }
    },
    [source, filter],
  );

  // Layout effects: the reads start in the first render's commit, not after its paint
  // (a plain effect waits for the next frame, ~10 ms of a popup's first 100).
  useLayoutEffect(() => {
    setItems(undefined);
    void loadFirst(pageSize);
  }, [loadFirst, pageSize]);

  useLayoutEffect(() => {
    const readSessions = () =>
      source.sessions().then(
        (list) => setSessions(newestFirst(list)),
        () => setSessions([]),
      );
    void readSessions();
    return source.onChange(() => {
      runsCache.current.clear();
      setVersion((v) => v + 1);
      void readSessions();
      void loadFirst(Math.max(pageSize, shown.current));
    });
  }, [source, loadFirst, pageSize]);

  const loadRuns = useCallback(
    (jobId: string) => {
      let runs = runsCache.current.get(jobId);
      if (!runs) {
        runs = source.runsOfJob(jobId);
        runsCache.current.set(jobId, runs);
        runs.catch(() => runsCache.current.delete(jobId));
      }
      return runs;
    },
    [source],
  );

  const loadMore = async () => {
    if (!next) return;
    const mine = request.current;
    setLoadingMore(true);
    try {
      const page = await source.listJobs({ cursor: next, limit: pageSize, filter });
      if (mine !== request.current) return;
      setItems((old) => [...(old ?? []), ...page.items]);
      setNext(page.next);
      remember(page.items);
    } catch (e) {
      setError(t('popup.loadError', { message: errorText(e) }));
    } finally {
      setLoadingMore(false);
    }
  };

  // The job asked for ("View in history") may be older than the first page: read on until it shows.
  // (Through a ref: loadMore is a new function each render, the effect depends on what it reads.)
  const loadMoreNow = useRef(loadMore);
  loadMoreNow.current = loadMore;
  useEffect(() => {
    if (props.focusJob && items && next && !loadingMore && !items.some((job) => job.id === props.focusJob)) void loadMoreNow.current();
  }, [items, next, loadingMore, props.focusJob]);

  const exportAs = async (kind: 'csv' | 'json') => {
    try {
      const entries: ExportEntry[] = await Promise.all((items ?? []).map(async (job) => ({ job, runs: isUnreadable(job) ? [] : await loadRuns(job.id) })));
      const now = effects.now();
      const file = exportFileName(kind, now);
      if (kind === 'csv') effects.save(file, 'text/csv;charset=utf-8', toCsv(historyRows(entries)));
      else effects.save(file, 'application/json', toJson(entries, now));
      setExportNote(t('popup.export.done', { file }));
    } catch (e) {
      setError(t('popup.loadError', { message: errorText(e) }));
    }
  };

  const hasOtherScope = useMemo(
    () => current !== undefined && (items ?? []).some((job) => !isUnreadable(job) && !sameScope(job.scope, current)),
    [items, current],
  );
  const dataflows = useMemo(() => [...knownFlows].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)), [knownFlows]);

  const empty = items !== undefined && items.length === 0;

  return (
    <main class="popup">
      <header class="popup-head">
        <h1>{t('popup.title')}</h1>
        {current && (
          <span class="ben-muted" data-testid="current-scope">
            {t('popup.scope.current', { org: current.orgId, sandbox: current.sandbox })}
          </span>
        )}
      </header>

      {source.access && <AccessNotice access={source.access} onMissing={setAccessMissing} />}
      {source.frames && <FrameNotice access={source.frames} onNoticed={setFrameNoticed} />}
      {/* Withheld access or an unreadable console frame is the reason there is no session: "sign in" would mislead. */}
      {sessions && !((frameNoticed || accessMissing) && sessions.length === 0) && <SessionNotice sessions={sessions} openConsole={source.openConsole} />}

      {current && (hasOtherScope || filter.scope) && (
        <Notice testId="scope-switch">
          {hasOtherScope && <p>{t('popup.scope.switched')}</p>}
          <label class="check">
            <input
              type="checkbox"
              name="current-scope"
              checked={filter.scope !== undefined}
              onChange={(e) =>
                setFilter({ ...filter, scope: (e.currentTarget as HTMLInputElement).checked ? { orgId: current.orgId, sandbox: current.sandbox } : undefined })
              }
            />
            {t('popup.filter.currentScope')}
          </label>
        </Notice>
      )}

      {source.queue && <QueueList queue={source.queue} ruleLabel={ruleLabel} version={version} />}

      {!(empty && isDefaultFilter(filter)) && <HistoryFilters filter={filter} dataflows={dataflows} onChange={setFilter} />}

      {error && <Notice tone="error">{error}</Notice>}

      {items === undefined && !error && <p class="ben-muted">{t('popup.loading')}</p>}

      {empty &&
        (isDefaultFilter(filter) ? (
          <Notice title={t('popup.empty.title')} testId="empty">
            <p>{t('popup.empty.body')}</p>
          </Notice>
        ) : (
          <p class="ben-muted">{t('popup.noMatch')}</p>
        ))}

      {items && items.length > 0 && (
        <>
          <ul class="jobs">
            {items.map((job) =>
              isUnreadable(job) ? (
                <UnreadableRow key={job.id} item={job} />
              ) : (
                <JobItem
                  key={job.id}
                  job={job}
                  focused={job.id === props.focusJob}
                  note={notes.get(job.id)}
                  onNote={(note) => setNotes((all) => new Map(all).set(job.id, note))}
                  source={source}
                  effects={effects}
                  explain={explain}
                  ruleLabel={ruleLabel}
                  loadRuns={loadRuns}
                  currentScope={current}
                  version={version}
                />
              ),
            )}
          </ul>
          {next && (
            <button type="button" class="ben-button load-more" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? t('popup.loading') : t('popup.loadMore')}
            </button>
          )}
          <footer class="export" aria-label={t('popup.export.label')}>
            <button type="button" class="ben-button" onClick={() => void exportAs('csv')}>
              {t('popup.export.csv')}
            </button>
            <button type="button" class="ben-button" onClick={() => void exportAs('json')}>
              {t('popup.export.json')}
            </button>
            <span role="status" class="ben-muted">
              {exportNote}
            </span>
          </footer>
        </>
      )}
    </main>
  );
}
