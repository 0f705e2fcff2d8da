import { describe, expect, it } from 'vitest';
import type { Credentials, Pair, Scope } from '@/lib/model';
import type { HandlerContext } from '@/lib/messages';
import type { ViewRoute } from '@/lib/view';
import { exportHandlers } from './handlers';

const scope: Scope = { orgId: 'O@AdobeOrg', sandbox: 'prod' };
const credentials: Credentials = { authorization: 'Bearer secret', apiKey: 'k', orgId: scope.orgId, sandbox: scope.sandbox, seenAt: 1, source: 'console' };
const consoleContext: HandlerContext = { from: 'console', sender: { id: 'x', tab: { id: 7 } }, tabId: 7 };

function setup(session: Credentials | null) {
  const calls: unknown[] = [];
  const consoleTabs = new Set<number>();
  const handlers = exportHandlers({
    sessions: { getCredentials: async (asked?: Scope) => (asked && session && asked.orgId !== session.orgId ? null : session) },
    views: {
      build: async (route: ViewRoute, s: Scope) => {
        calls.push(['build', route, s]);
        return { dataflows: [] };
      },
    },
    engine: {
      start: async (input: { pairs: Pair[]; scope?: Scope }) => {
        calls.push(['start', input]);
        return { jobId: 'j', sent: input.pairs.length, skipped: [] };
      },
      cancel: async (jobId: string) => {
        calls.push(['cancel', jobId]);
        return { cancelled: true };
      },
      retry: async (jobId: string, runIds?: readonly string[]) => {
        calls.push(['retry', jobId, runIds]);
        return { jobId: 'j2' };
      },
    },
    consoleTabs,
  });
  return { handlers, calls, consoleTabs };
}

describe('export handlers', () => {
  it('view.get without any session says so and fetches nothing', async () => {
    const { handlers, calls } = setup(null);
    expect(await handlers['view.get']({ route: { kind: 'browse' } }, consoleContext)).toEqual({ dataflows: [], scope: null, sessionSeen: false });
    expect(calls).toEqual([]);
  });

  it('view.get uses the latest session scope, remembers the console tab, never returns credentials', async () => {
    const { handlers, calls, consoleTabs } = setup(credentials);
    const answer = await handlers['view.get']({ route: { kind: 'dataflow', flowId: 'f1' } }, consoleContext);
    expect(answer).toEqual({ dataflows: [], scope, sessionSeen: true });
    expect(calls).toEqual([['build', { kind: 'dataflow', flowId: 'f1' }, scope]]);
    expect(consoleTabs.has(7)).toBe(true);
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('view.get for a scope without a session does not borrow another one', async () => {
    const { handlers, calls } = setup(credentials);
    const other = { orgId: 'OTHER@AdobeOrg', sandbox: 'dev' };
    expect(await handlers['view.get']({ route: { kind: 'browse' }, scope: other }, consoleContext)).toMatchObject({ sessionSeen: false });
    expect(calls).toEqual([]);
  });

  it('exports.* go to the engine', async () => {
    const { handlers, calls } = setup(credentials);
    const pairs = [{ flowId: 'f', audienceId: 'a' }];
    expect(await handlers['exports.start']({ pairs, origin: 'page' }, consoleContext)).toEqual({ jobId: 'j', sent: 1, skipped: [] });
    expect(await handlers['exports.cancel']({ jobId: 'j' }, consoleContext)).toEqual({ cancelled: true });
    expect(await handlers['exports.retry']({ jobId: 'j', runIds: ['r'] }, consoleContext)).toEqual({ jobId: 'j2' });
    expect(calls).toEqual([['start', { pairs }], ['cancel', 'j'], ['retry', 'j', ['r']]]);
  });
});
