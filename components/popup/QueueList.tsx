/**
 * "Queued": the pairs waiting to be exported when they become eligible (lib/queue),
 * grouped by when they go, each cancellable, and each confirmation's together.
 */
import { useCallback, useLayoutEffect, useState } from 'preact/hooks';
import type { QueueEntry } from '@/lib/queue/entry';
import { formatWhen } from '@/lib/present/time';
import { getLocale, t } from './i18n';
import type { QueueAccess } from './source';
import { errorText } from '@/lib/messages/errors';

/** A group open from the start when it is this short. */
const OPEN_UP_TO = 5;
/** Audiences named on a confirmation's cancel button. */
const NAMED = 2;

interface Group {
  key: string;
  title: string;
  entries: QueueEntry[];
}

function groups(entries: readonly QueueEntry[], ruleLabel: (rule: string) => string): Group[] {
  const locale = getLocale();
  const byKey = new Map<string, Group>();
  const sorted = [...entries].sort((a, b) => (a.until ?? Infinity) - (b.until ?? Infinity));
  for (const entry of sorted) {
    const mode = entry.afterScheduled ? 'after' : 'at';
    const key = entry.needsSession ? 'session' : entry.until === null ? `watch|${mode}|${entry.rule}` : `${mode}|${entry.until}`;
    const when = entry.until === null ? '' : formatWhen(entry.until, { locale });
    const title = entry.needsSession
      ? t('popup.queue.session')
      : entry.afterScheduled
        ? entry.until === null
          ? t('popup.queue.afterNext')
          : t('popup.queue.afterAt', { when })
        : entry.until === null
          ? t('popup.queue.watch', { reason: ruleLabel(entry.rule) })
          : t('popup.queue.at', { when });
    const group = byKey.get(key) ?? { key, title, entries: [] };
    group.entries.push(entry);
    byKey.set(key, group);
  }
  return [...byKey.values()];
}

export function QueueList({ queue, ruleLabel, version }: { queue: QueueAccess; ruleLabel: (rule: string) => string; version: number }) {
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [error, setError] = useState<string>();

  const load = useCallback(
    () =>
      queue.list().then(
        (list) => {
          setEntries(list);
          setError(undefined);
        },
        (e: unknown) => setError(t('popup.loadError', { message: errorText(e) })),
      ),
    [queue],
  );
  // `version`: the history changed (a queued pair may have gone out): read again.
  useLayoutEffect(() => void load(), [load, version]);

  const cancel = async (target: { queueId: string } | { entryId: string }) => {
    try {
      await queue.cancel(target);
    } catch (e) {
      setError(t('popup.loadError', { message: errorText(e) }));
    }
    await load();
  };

  if (entries.length === 0 && !error) return null;
  // A confirmation's own Cancel where it queued more than one (one alone has its row's).
  const confirmations = [...new Map(entries.map((e) => [e.queueId, e])).values()].filter(
    (first) => entries.filter((e) => e.queueId === first.queueId).length > 1,
  );
  return (
    <section class="queue" aria-labelledby="queue-title" data-testid="queue">
      <h2 id="queue-title">{t('popup.queue.title', { n: entries.length })}</h2>
      {error && <p class="job-note error">{error}</p>}
      {groups(entries, ruleLabel).map((group) => (
        <details key={group.key} class="queue-group" open={group.entries.length <= OPEN_UP_TO}>
          <summary>
            <span class="queue-when">{group.title}</span> <span class="ben-muted">{t('popup.queue.count', { n: group.entries.length })}</span>
          </summary>
          <ul class="queue-items">
            {group.entries.map((entry) => (
              <li key={entry.id}>
                <span class="queue-name">
                  {entry.audienceName} <span class="ben-muted">· {entry.dataflowName}</span>
                </span>
                <button
                  type="button"
                  class="ben-button link"
                  aria-label={t('popup.queue.cancelOne', { name: entry.audienceName })}
                  onClick={() => void cancel({ entryId: entry.id })}
                >
                  {t('common.cancel')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
      {confirmations.length > 0 && (
        <div class="job-actions">
          {confirmations.map((first) => {
            const mine = entries.filter((e) => e.queueId === first.queueId);
            // Two confirmations of the same minute are told apart by what they queued.
            const names =
              mine
                .slice(0, NAMED)
                .map((e) => e.audienceName)
                .join(', ') + (mine.length > NAMED ? ', …' : '');
            return (
              <button key={first.queueId} type="button" class="ben-button danger" onClick={() => void cancel({ queueId: first.queueId })}>
                {t('popup.queue.cancelAll', { n: mine.length, when: formatWhen(first.createdAt, { locale: getLocale() }), names })}
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}
