/**
 * The handlers that need only settings, the session and the store. The background
 * merges them with the engine's and the view builder's handlers. Background only:
 * this pulls in IndexedDB and full zod, so never import it from the content script.
 */
import { t } from '@/lib/i18n';
import { pageStrings } from '@/lib/i18n/page-strings';
import { PAGE_CSS } from '@/lib/console/styles';
import { waitLine } from '@/lib/present/wait';
import type { Millis, RequestRecord } from '@/lib/model';
import type { SkipCounts } from '@/lib/platform/skip-tally';
import { getSettings, platformOrigin, type Settings } from '@/lib/settings';
import { manualCredentials } from '@/lib/session/credentials';
import type { SessionStore } from '@/lib/session/session-store';
import { isUnreadable, type ExportStore } from '@/lib/store/export-store';
import type { Handlers } from './dispatcher';
import { CommandError, toErrorInfo } from './errors';

export interface CoreHandlerDeps {
  sessions: SessionStore;
  store: ExportStore;
  /** The manifest version, for ping and diagnostics. */
  version: string;
  now?: () => Millis;
  settings?: () => Promise<Settings>;
  /** Platform list items left out for a bad needed field, since the worker started. */
  skipped?: () => SkipCounts;
  /** Console frame origins seen but not readable, and those allowed (lib/frame-origins). */
  frames?: () => Promise<{ noticed: string[]; granted: string[] }>;
}

export type CoreHandlers = Required<
  Pick<
    Handlers,
    'ping' | 'strings.get' | 'styles.get' | 'session.list' | 'session.setManual' | 'session.clearManual' | 'history.list' | 'jobs.get' | 'diagnostics.get'
  >
>;

export function coreHandlers(deps: CoreHandlerDeps): CoreHandlers {
  const now = deps.now ?? Date.now;
  const settings = deps.settings ?? getSettings;
  return {
    ping: () => ({ pong: true, version: deps.version }),

    'strings.get': ({ locale }) => ({ strings: pageStrings(locale) }),

    'styles.get': () => PAGE_CSS,

    'session.list': async () => ({ sessions: await deps.sessions.listSessions() }),

    'session.setManual': async (input) => {
      const credentials = manualCredentials(input, now());
      if (!credentials) throw new CommandError({ kind: 'badRequest', message: t('session.manual.invalid') });
      return { session: await deps.sessions.setManual(credentials) };
    },

    // Only typed-in credentials: a console session of the same scope is the console's, not ours to drop.
    'session.clearManual': async () => {
      const manual = (await deps.sessions.listSessions()).filter((session) => session.source === 'manual');
      for (const { orgId, sandbox } of manual) await deps.sessions.forget({ orgId, sandbox });
      return { cleared: manual.length > 0 };
    },

    'history.list': async ({ cursor, limit, filter }) => {
      const page = await deps.store.listJobs({ ...(cursor !== undefined && { before: cursor }), limit, ...(filter && { filter }) });
      return page;
    },

    'jobs.get': async ({ jobId, locale = 'en' }) => {
      const job = await deps.store.getJob(jobId);
      if (!job || isUnreadable(job)) return { job: null };
      const requests = job.status === 'sending' ? (await deps.store.requestsOfJob(jobId)).filter((r): r is RequestRecord => !isUnreadable(r)) : [];
      const wait = waitLine(job, requests, { locale, now: now() });
      return { job: { status: job.status, pairCount: job.pairCount, counts: job.counts, ...(wait && { wait }) } };
    },

    'diagnostics.get': async () => {
      const current = await settings();
      const base = {
        version: deps.version,
        environment: current.environment,
        platformOrigin: platformOrigin(current),
        sessions: await deps.sessions.listSessions(),
        skipped: deps.skipped?.() ?? { dataflows: 0, runs: 0 },
        frames: (await deps.frames?.()) ?? { noticed: [], granted: [] },
      };
      try {
        return { ...base, store: await deps.store.counts() };
      } catch (error) {
        // Diagnostics exist for exactly this case: report the store failure, do not fail.
        return { ...base, store: null, storeError: toErrorInfo(error) };
      }
    },
  };
}
