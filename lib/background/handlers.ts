/** The commands the engine and the view builder answer (the rest are lib/messages/core-handlers). */
import { t } from '@/lib/i18n';
import type { Scope } from '@/lib/model';
import type { ExportEngine } from '@/lib/exports';
import type { Handlers } from '@/lib/messages';
import { PlatformError } from '@/lib/platform';
import type { SessionStore } from '@/lib/session/session-store';
import type { TabScopes } from '@/lib/session/tab-scopes';
import { presentDataflows, ruleSentences } from '@/lib/present/view';
import { reportCsv, reportJson, reportRows } from '@/lib/present/report';
import type { ViewBuilder } from '@/lib/view';
import type { Locale } from '@/lib/i18n/types';
import type { ExportQueue } from '@/lib/queue/runner';

export interface ExportHandlerDeps {
  engine: Pick<ExportEngine, 'start' | 'cancel' | 'retry'>;
  views: Pick<ViewBuilder, 'build'>;
  sessions: Pick<SessionStore, 'getCredentials' | 'listSessions'>;
  /** Filled with the console tabs that asked for a view, so events can reach them. */
  consoleTabs?: Set<number>;
  /** The scope each console tab's own requests use: a tab is served with its own org's session. */
  tabs?: Pick<TabScopes, 'get'>;
  /** The server's time (lib/platform/server-clock): waits end by the Platform's clock. */
  now?: () => number;
  /** Opens the report page (report.html) with this query. */
  openReport?: (query: URLSearchParams) => Promise<void>;
  /** Why the page cannot be read, from the shell page's frames (frame-handlers `frameNotice`). */
  notice?: (sources: readonly string[], sessionSeen: boolean, locale: Locale) => Promise<string | undefined>;
  /** Export when ready: takes the waiting pairs of a start that asks for it. */
  queue?: Pick<ExportQueue, 'add'>;
}

export function exportHandlers(
  deps: ExportHandlerDeps,
): Required<Pick<Handlers, 'view.get' | 'exports.start' | 'exports.cancel' | 'exports.retry' | 'report.open' | 'report.get'>> {
  /**
   * The page's scope when it knows it; else the freshest session of the page's sandbox
   * (two console tabs in two sandboxes must not borrow each other's); else the latest.
   */
  async function scopeFor(scope: Scope | undefined, sandbox: string | undefined, tabId?: number): Promise<Scope | null> {
    if (scope) return (await deps.sessions.getCredentials(scope)) ? scope : null;
    // The console of this very tab: its org, not the newest session of a sandbox of the same name.
    const own = await ownScope(tabId, sandbox);
    if (own) return own;
    if (sandbox !== undefined) return sandboxScope(sandbox);
    const latest = await deps.sessions.getCredentials();
    return latest && { orgId: latest.orgId, sandbox: latest.sandbox };
  }

  async function ownScope(tabId: number | undefined, sandbox: string | undefined): Promise<Scope | null> {
    const scope = tabId === undefined ? null : await deps.tabs?.get(tabId);
    if (!scope || (sandbox !== undefined && scope.sandbox !== sandbox)) return null;
    const credentials = await deps.sessions.getCredentials(scope);
    return credentials && !credentials.stale ? scope : null;
  }

  async function sandboxScope(sandbox: string): Promise<Scope | null> {
    let best: { orgId: string; seenAt: number } | null = null;
    for (const s of await deps.sessions.listSessions()) {
      if (s.stale || s.sandbox !== sandbox) continue;
      if (!best || s.seenAt > best.seenAt) best = s;
    }
    if (!best) return null;
    const scope = { orgId: best.orgId, sandbox };
    // It may have gone stale or been forgotten since the list was read.
    const credentials = await deps.sessions.getCredentials(scope);
    return credentials && !credentials.stale ? scope : null;
  }

  return {
    'view.get': async ({ route, scope: asked, sandbox, locale = 'en', frames = [] }, context) => {
      if (context.from === 'console' && context.tabId !== undefined) deps.consoleTabs?.add(context.tabId);
      // The page's words: each badge and each rule, in the page's language.
      const reasons = ruleSentences(locale);
      const scope = await scopeFor(asked, sandbox, context.tabId);
      const notice = await deps.notice?.(frames, scope !== null, locale);
      const noticed = notice ? { notice } : {};
      if (!scope) return { dataflows: [], reasons, scope: null, sessionSeen: false, ...noticed };
      const result = await deps.views.build(route, scope);
      const dataflows = presentDataflows(result.dataflows, { locale, now: (deps.now ?? Date.now)() });
      return { dataflows, reasons, scope, sessionSeen: true, ...(result.error && { error: result.error }), ...noticed };
    },
    'exports.start': async ({ pairs, scope, sandbox, queue: queueWaiting, holdSameData }, context) => {
      const tabScope = context.tabId === undefined ? null : await deps.tabs?.get(context.tabId);
      // A console tab exports with its own org's session only: a scope it names must be its own.
      if (tabScope && scope && (scope.orgId !== tabScope.orgId || scope.sandbox !== tabScope.sandbox)) {
        throw new PlatformError('badRequest', t('exports.otherScope', { org: scope.orgId, sandbox: scope.sandbox }));
      }
      let target = scope;
      if (!target && sandbox !== undefined) {
        // The same error the engine gives when no session is known at all.
        target = (await ownScope(context.tabId, sandbox)) ?? (await sandboxScope(sandbox)) ?? undefined;
        if (!target) throw new PlatformError('auth', t('exports.noSession'));
      }
      // Queued pairs keep the org and sandbox they were queued in: the engine's default (the latest session's), named.
      if (!target && queueWaiting) target = (await scopeFor(undefined, undefined)) ?? undefined;
      const leaveWaiting = Boolean(queueWaiting && deps.queue);
      const result = await deps.engine.start({
        pairs,
        ...(target && { scope: target }),
        ...(leaveWaiting && { leaveWaiting, holdSameData: Boolean(holdSameData) }),
      });
      const queued = leaveWaiting && target && result.waiting.length > 0 ? await deps.queue!.add(target, result.waiting) : 0;
      return { jobId: result.jobId, sent: result.sent, skipped: result.skipped.map(({ pair, rule }) => ({ pair, rule })), queued };
    },
    'report.open': async ({ route, sandbox, locale = 'en' }, context) => {
      const scope = await scopeFor(undefined, sandbox, context.tabId);
      if (!scope) throw new PlatformError('auth', t('exports.noSession'));
      const query = new URLSearchParams({ org: scope.orgId, sandbox: scope.sandbox, locale });
      if (route.kind === 'dataflow') query.set('flow', route.flowId);
      await deps.openReport?.(query);
      return { opened: deps.openReport !== undefined };
    },
    'report.get': async ({ route, scope, locale = 'en' }) => {
      // The org the page showed: its own session only, never the newest of a sandbox of that name.
      if (!(await deps.sessions.getCredentials(scope)))
        throw new PlatformError('auth', t('report.noScope', { org: scope.orgId, sandbox: scope.sandbox }, locale));
      const result = await deps.views.build(route, scope);
      const at = (deps.now ?? Date.now)();
      const rows = reportRows(result.dataflows, { locale, now: at });
      return {
        rows,
        csv: reportCsv(rows),
        json: reportJson(rows, { ...scope, at, locale }),
        at,
        ...(result.error && { error: result.error }),
      };
    },
    'exports.cancel': async ({ jobId }) => deps.engine.cancel(jobId),
    'exports.retry': async ({ jobId, runIds }) => deps.engine.retry(jobId, runIds),
  };
}
