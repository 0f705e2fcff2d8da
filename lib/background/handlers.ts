/** The commands the engine and the view builder answer (the rest are lib/messages/core-handlers). */
import type { Scope } from '@/lib/model';
import type { ExportEngine } from '@/lib/exports';
import type { Handlers } from '@/lib/messages';
import type { SessionStore } from '@/lib/session/session-store';
import type { ViewBuilder } from '@/lib/view';

export interface ExportHandlerDeps {
  engine: Pick<ExportEngine, 'start' | 'cancel' | 'retry'>;
  views: Pick<ViewBuilder, 'build'>;
  sessions: Pick<SessionStore, 'getCredentials'>;
  /** Filled with the console tabs that asked for a view, so events can reach them. */
  consoleTabs?: Set<number>;
}

export function exportHandlers(deps: ExportHandlerDeps): Required<Pick<Handlers, 'view.get' | 'exports.start' | 'exports.cancel' | 'exports.retry'>> {
  /** The page's scope when it knows it, else the console session seen last. */
  async function scopeFor(asked: Scope | undefined): Promise<Scope | null> {
    if (asked) return (await deps.sessions.getCredentials(asked)) ? asked : null;
    const latest = await deps.sessions.getCredentials();
    return latest && { orgId: latest.orgId, sandbox: latest.sandbox };
  }

  return {
    'view.get': async ({ route, scope: asked }, context) => {
      if (context.from === 'console' && context.tabId !== undefined) deps.consoleTabs?.add(context.tabId);
      const scope = await scopeFor(asked);
      if (!scope) return { dataflows: [], scope: null, sessionSeen: false };
      const result = await deps.views.build(route, scope);
      return { dataflows: result.dataflows, scope, sessionSeen: true, ...(result.error && { error: result.error }) };
    },
    'exports.start': async ({ pairs, scope }) => deps.engine.start({ pairs, ...(scope && { scope }) }),
    'exports.cancel': async ({ jobId }) => deps.engine.cancel(jobId),
    'exports.retry': async ({ jobId, runIds }) => deps.engine.retry(jobId, runIds),
  };
}
