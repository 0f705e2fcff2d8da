/**
 * The popup's HistorySource on the real modules.
 * Wired: history reads (lib/store, read directly as architecture.md allows), session
 * listing (public fields only), console links, retry and cancel (background commands),
 * and the background's change events.
 */
import { originPattern } from '@/lib/frame-origins/registration';
import { missingOrigins } from '@/lib/access';
import { getSettings, platformOrigin } from '@/lib/settings';
import { browser } from 'wxt/browser';
import type { JobStatus } from '@/lib/model';
import { CONSOLE_MATCHES } from '@/lib/origins';
import { matchesFilter } from '@/lib/history/filter';
import type { HistoryFilter } from '@/lib/history/types';
import { isUnreadable } from '@/lib/history/types';
import { onEvents, sendCommand } from '@/lib/messages/client';
import { historyReader } from '@/lib/store/history-reader';
import type { JobFilter } from '@/lib/store/job-queries';
import { CONSOLE_HOME, dataflowConsoleUrl } from './console-link';
import { getLocale } from './i18n';
import type { HistorySource, JobPage } from './source';

/** A bulk export announces a change per answered request: one re-read per burst. */
export const CHANGE_COALESCE_MS = 250;

const STORE_STATUSES: Partial<Record<HistoryFilter['status'], JobStatus[]>> = {
  active: ['sending', 'tracking', 'paused'],
  done: ['done'],
  cancelled: ['cancelled'],
};

function storeFilter(filter: HistoryFilter): JobFilter {
  return { status: STORE_STATUSES[filter.status], flowId: filter.flowId, scope: filter.scope };
}

function needsOwnFilter(filter: HistoryFilter): boolean {
  // "With failures" and accent-insensitive search are ours; the store filters the rest by index.
  return filter.status === 'failed' || !!filter.search?.trim();
}

async function consoleTabUrls(): Promise<string[]> {
  const tabs = await browser.tabs.query({ url: [...CONSOLE_MATCHES] });
  return tabs.flatMap((tab) => (tab.url ? [tab.url] : []));
}

export function realHistorySource(): HistorySource {
  const store = historyReader();
  return {
    async listJobs({ cursor, limit, filter }): Promise<JobPage> {
      if (!needsOwnFilter(filter)) {
        const page = await store.listJobs({ before: cursor, limit, filter: storeFilter(filter) });
        return { items: page.items, next: page.nextCursor };
      }
      // Keep reading store pages until one page's worth matched or the history ends.
      const items: JobPage['items'] = [];
      let before = cursor;
      do {
        const page = await store.listJobs({ before, limit, filter: storeFilter(filter) });
        items.push(...page.items.filter((job) => isUnreadable(job) || matchesFilter(job, filter)));
        before = page.nextCursor;
      } while (before && items.length < limit);
      return { items, next: before };
    },
    runsOfJob: (jobId) => store.runsOfJob(jobId),
    // The engine re-checks eligibility of each run before it is sent again.
    retry: (jobId, runIds) => sendCommand('exports.retry', { jobId, runIds }),
    async cancel(jobId) {
      await sendCommand('exports.cancel', { jobId });
    },
    // The same words the console page shows: the background reads the job's requests.
    waitOf: async (jobId) => (await sendCommand('jobs.get', { jobId, locale: getLocale() })).job?.wait,
    async sessions() {
      // The background's public listing (no token or API key): the popup carries no session store.
      const { sessions: list } = await sendCommand('session.list', {});
      return list.map(({ orgId, sandbox, seenAt, stale }) => ({ orgId, sandbox, seenAt, stale }));
    },
    onChange(cb) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const soon = () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          cb();
        }, CHANGE_COALESCE_MS);
      };
      const stops = [onEvents(['jobs.changed', 'runs.changed', 'queue.changed'], soon)];
      // Sessions are not the engine's: a capture or a stale mark shows in storage.session.
      const onSession = (_changes: unknown, area: string) => {
        if (area === 'session') soon();
      };
      browser.storage.onChanged.addListener(onSession);
      return () => {
        clearTimeout(timer);
        for (const stop of stops) stop();
        browser.storage.onChanged.removeListener(onSession);
      };
    },
    openDataflow(scope, flowId) {
      void consoleTabUrls()
        .catch(() => [])
        .then((urls) => browser.tabs.create({ url: dataflowConsoleUrl(urls, scope, flowId) }));
    },
    openConsole() {
      void consoleTabUrls()
        .catch(() => [] as string[])
        .then(async (urls) => {
          const [existing] = await browser.tabs.query({ url: [...CONSOLE_MATCHES] }).catch(() => []);
          if (urls.length > 0 && existing?.id !== undefined) await browser.tabs.update(existing.id, { active: true });
          else await browser.tabs.create({ url: CONSOLE_HOME });
        });
    },
    queue: {
      // The background's: it owns the queue and its alarm.
      list: async () => (await sendCommand('queue.list', {})).entries,
      async cancel(target) {
        await sendCommand('queue.cancel', target);
      },
    },
    access: {
      missing: async () => missingOrigins(browser.permissions, platformOrigin(await getSettings())),
      request: (origins) => browser.permissions.request({ origins }),
    },
    frames: {
      noticed: async () => (await sendCommand('frames.list', {})).noticed.map((n) => n.origin),
      async grant(origin) {
        // First thing in the click (a user gesture). Firefox may close the popup while it asks:
        // the background then grants on the browser's own permission event.
        if (!(await browser.permissions.request({ origins: [originPattern(origin)] }))) return false;
        await sendCommand('frames.grant', { origin });
        return true;
      },
    },
  };
}
