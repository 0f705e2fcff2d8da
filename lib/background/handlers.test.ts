import { describe, expect, it } from 'vitest';
import { t } from '@/lib/i18n';
import type { Credentials, DataflowView, Pair, Scope } from '@/lib/model';
import type { HandlerContext } from '@/lib/messages';
import { isPlatformError } from '@/lib/platform';
import type { ViewRoute } from '@/lib/view';
import { exportHandlers } from './handlers';

const scope: Scope = { orgId: 'O@AdobeOrg', sandbox: 'prod' };
const credentials: Credentials = { authorization: 'Bearer secret', apiKey: 'k', orgId: scope.orgId, sandbox: scope.sandbox, seenAt: 1, source: 'console' };
const consoleContext: HandlerContext = { from: 'console', sender: { id: 'x', tab: { id: 7 } }, tabId: 7 };

/** The session store's contract: one scope's credentials (stale included), or the latest fresh one; public list newest first. */
function fakeSessions(all: Credentials[]) {
  const same = (c: Credentials, s: Scope) => c.orgId === s.orgId && c.sandbox === s.sandbox;
  return {
    getCredentials: async (asked?: Scope) =>
      asked ? (all.find((c) => same(c, asked)) ?? null) : (all.filter((c) => !c.stale).sort((a, b) => b.seenAt - a.seenAt)[0] ?? null),
    listSessions: async () =>
      all.map((c) => ({ orgId: c.orgId, sandbox: c.sandbox, seenAt: c.seenAt, stale: c.stale === true, source: c.source })).sort((a, b) => b.seenAt - a.seenAt),
  };
}

function setup(session: Credentials | Credentials[] | null, dataflows: DataflowView[] = [], tabScopes: Record<number, Scope> = {}) {
  const calls: unknown[] = [];
  const consoleTabs = new Set<number>();
  const handlers = exportHandlers({
    sessions: fakeSessions(session === null ? [] : Array.isArray(session) ? session : [session]),
    views: {
      build: async (route: ViewRoute, s: Scope) => {
        calls.push(['build', route, s]);
        return { dataflows };
      },
    },
    engine: {
      start: async (input: { pairs: Pair[]; scope?: Scope }) => {
        calls.push(['start', input]);
        return { jobId: 'j', sent: input.pairs.length, skipped: [], waiting: [] };
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
    tabs: { get: async (tabId: number) => tabScopes[tabId] ?? null },
    openReport: async (query: URLSearchParams) => void calls.push(['openReport', query.toString()]),
    now: () => Date.parse('2026-11-28T12:00:00Z'),
  });
  return { handlers, calls, consoleTabs };
}

describe('export handlers', () => {
  it('view.get without any session says so and fetches nothing', async () => {
    const { handlers, calls } = setup(null);
    expect(await handlers['view.get']({ route: { kind: 'browse' } }, consoleContext)).toMatchObject({ dataflows: [], scope: null, sessionSeen: false });
    expect(calls).toEqual([]);
  });

  it('view.get uses the latest session scope, remembers the console tab, never returns credentials', async () => {
    const { handlers, calls, consoleTabs } = setup(credentials);
    const answer = await handlers['view.get']({ route: { kind: 'dataflow', flowId: 'f1' } }, consoleContext);
    expect(answer).toMatchObject({ dataflows: [], scope, sessionSeen: true });
    expect(calls).toEqual([['build', { kind: 'dataflow', flowId: 'f1' }, scope]]);
    expect(consoleTabs.has(7)).toBe(true);
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it("view.get puts every badge and rule in the page's language (the page bundles no sentences)", async () => {
    const flow: DataflowView = {
      id: 'f1',
      name: 'Flow',
      state: 'enabled',
      processing: false,
      verdict: { kind: 'eligible', warnings: [] },
      audiences: [
        { id: 'a1', name: 'A', verdict: { kind: 'eligible', warnings: [] } },
        { id: 'a2', name: 'B', verdict: { kind: 'blocked', rule: 'scheduleEnded', warnings: [], at: Date.UTC(2026, 10, 27) } },
      ],
    };
    const { handlers } = setup(credentials, [flow]);
    const pt = await handlers['view.get']({ route: { kind: 'dataflow', flowId: 'f1' }, locale: 'pt_BR' }, consoleContext);
    expect(pt.dataflows[0]!.badge.text).toBe('1 de 2 elegíveis agora');
    expect(pt.dataflows[0]!.audiences.map((a) => a.badge.text)).toEqual(['Elegível', 'Bloqueado']);
    expect(pt.dataflows[0]!.audiences[1]!.badge.tip[0]).toContain('terminou em 27 de nov.: estenda a data de término');
    expect(pt.reasons.dataflowDisabled).toBe(t('rule.dataflowDisabled', undefined, 'pt_BR'));
    const en = await handlers['view.get']({ route: { kind: 'dataflow', flowId: 'f1' } }, consoleContext);
    expect(en.dataflows[0]!.audiences[1]!.badge.tip[0]).toBe(
      'The audience’s export schedule on this dataflow ended on 27 Nov: extend its end date in the dataflow to export it.',
    );
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
    expect(await handlers['exports.start']({ pairs, origin: 'page' }, consoleContext)).toEqual({ jobId: 'j', sent: 1, skipped: [], queued: 0 });
    expect(await handlers['exports.cancel']({ jobId: 'j' }, consoleContext)).toEqual({ cancelled: true });
    expect(await handlers['exports.retry']({ jobId: 'j', runIds: ['r'] }, consoleContext)).toEqual({ jobId: 'j2' });
    expect(calls).toEqual([
      ['start', { pairs }],
      ['cancel', 'j'],
      ['retry', 'j', ['r']],
    ]);
  });
});

describe('the page asks for its own sandbox', () => {
  const prod: Credentials = { ...credentials, authorization: 'Bearer prod-secret', seenAt: 100 };
  const dev: Credentials = { ...credentials, authorization: 'Bearer dev-secret', sandbox: 'dev', seenAt: 200 };
  const devScope: Scope = { orgId: credentials.orgId, sandbox: 'dev' };
  const route = { kind: 'browse' } as const;

  it('view.get uses the session of the asked sandbox even when another one was seen later', async () => {
    const { handlers, calls } = setup([prod, dev]);
    expect(await handlers['view.get']({ route, sandbox: 'prod' }, consoleContext)).toMatchObject({ dataflows: [], scope, sessionSeen: true });
    expect(await handlers['view.get']({ route, sandbox: 'dev' }, consoleContext)).toMatchObject({ dataflows: [], scope: devScope, sessionSeen: true });
    expect(calls).toEqual([
      ['build', route, scope],
      ['build', route, devScope],
    ]);
  });

  it('view.get for a sandbox with no session says none was seen and borrows nothing', async () => {
    const { handlers, calls, consoleTabs } = setup([prod, dev]);
    expect(await handlers['view.get']({ route, sandbox: 'stage' }, consoleContext)).toMatchObject({ dataflows: [], scope: null, sessionSeen: false });
    // Sandbox names are compared as the console sends them.
    expect(await handlers['view.get']({ route, sandbox: 'PROD' }, consoleContext)).toMatchObject({ sessionSeen: false });
    expect(calls).toEqual([]);
    // The tab still gets session.changed, so it asks again once its session is captured.
    expect(consoleTabs.has(7)).toBe(true);
  });

  it('skips a stale session of the sandbox for a fresh one, and answers none when all are stale', async () => {
    const otherOrg: Credentials = { ...prod, orgId: 'OTHER@AdobeOrg', seenAt: 50 };
    const staleProd: Credentials = { ...prod, seenAt: 300, stale: true };
    const fresh = setup([staleProd, otherOrg, dev]);
    expect(await fresh.handlers['view.get']({ route, sandbox: 'prod' }, consoleContext)).toMatchObject({
      scope: { orgId: 'OTHER@AdobeOrg', sandbox: 'prod' },
      sessionSeen: true,
    });
    const none = setup([staleProd, dev]);
    expect(await none.handlers['view.get']({ route, sandbox: 'prod' }, consoleContext)).toMatchObject({ scope: null, sessionSeen: false });
    expect(none.calls).toEqual([]);
  });

  it('picks the freshest of two sessions of the same sandbox', async () => {
    const older: Credentials = { ...prod, orgId: 'OLD@AdobeOrg', seenAt: 10 };
    const { handlers } = setup([older, prod, dev]);
    expect(await handlers['view.get']({ route, sandbox: 'prod' }, consoleContext)).toMatchObject({ scope });
  });

  it('view.get without a sandbox keeps using the latest session', async () => {
    const { handlers } = setup([prod, dev]);
    expect(await handlers['view.get']({ route }, consoleContext)).toMatchObject({ scope: devScope, sessionSeen: true });
  });

  it('an explicit scope wins over the sandbox', async () => {
    const { handlers } = setup([prod, dev]);
    expect(await handlers['view.get']({ route, scope, sandbox: 'dev' }, consoleContext)).toMatchObject({ scope });
  });

  it('exports.start with a sandbox sends with that sandbox scope, not the latest', async () => {
    const { handlers, calls } = setup([prod, dev]);
    const pairs = [{ flowId: 'f', audienceId: 'a' }];
    await handlers['exports.start']({ pairs, origin: 'page', sandbox: 'prod' }, consoleContext);
    await handlers['exports.start']({ pairs, origin: 'page' }, consoleContext);
    expect(calls).toEqual([
      ['start', { pairs, scope }],
      ['start', { pairs }],
    ]);
  });

  it("exports.start for a sandbox without a fresh session fails with the engine's no-session error and starts nothing", async () => {
    const { handlers, calls } = setup([{ ...prod, stale: true }, dev]);
    const pairs = [{ flowId: 'f', audienceId: 'a' }];
    const error = await Promise.resolve(handlers['exports.start']({ pairs, origin: 'page', sandbox: 'prod' }, consoleContext)).catch((e: unknown) => e);
    expect(isPlatformError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'auth', message: t('exports.noSession') });
    expect(calls).toEqual([]);
  });
});

describe("a console tab is served with its own org's session (two orgs, each with a sandbox named prod)", () => {
  const orgA: Credentials = { ...credentials, orgId: 'A@AdobeOrg', authorization: 'Bearer a-secret', seenAt: 100 };
  const orgB: Credentials = { ...credentials, orgId: 'B@AdobeOrg', authorization: 'Bearer b-secret', seenAt: 200 };
  const scopeA: Scope = { orgId: 'A@AdobeOrg', sandbox: 'prod' };
  const scopeB: Scope = { orgId: 'B@AdobeOrg', sandbox: 'prod' };
  const tabA: HandlerContext = { from: 'console', sender: { id: 'x', tab: { id: 7 } }, tabId: 7 };
  const route = { kind: 'browse' } as const;

  it("view.get uses the tab's own org, not the newest session of a sandbox with the same name", async () => {
    const { handlers, calls } = setup([orgA, orgB], [], { 7: scopeA, 8: scopeB });
    expect(await handlers['view.get']({ route, sandbox: 'prod' }, tabA)).toMatchObject({ scope: scopeA, sessionSeen: true });
    expect(calls).toEqual([['build', route, scopeA]]);
  });

  it("exports.start refuses a scope that is not the tab's, and exports with the tab's own otherwise", async () => {
    const { handlers, calls } = setup([orgA, orgB], [], { 7: scopeA, 8: scopeB });
    const pairs = [{ flowId: 'f', audienceId: 'a' }];
    await expect(handlers['exports.start']({ pairs, origin: 'page', sandbox: 'prod', scope: scopeB }, tabA)).rejects.toMatchObject({ kind: 'badRequest' });
    expect(calls).toEqual([]);
    await handlers['exports.start']({ pairs, origin: 'page', sandbox: 'prod' }, tabA);
    await handlers['exports.start']({ pairs, origin: 'page', sandbox: 'prod', scope: scopeA }, tabA);
    expect(calls).toEqual([
      ['start', { pairs, scope: scopeA }],
      ['start', { pairs, scope: scopeA }],
    ]);
  });
});

describe('the eligibility report', () => {
  const flow: DataflowView = {
    id: 'f1',
    name: 'Loyalty S3',
    state: 'enabled',
    processing: false,
    verdict: { kind: 'eligible', warnings: [] },
    audiences: [{ id: 'a1', name: 'VIP', verdict: { kind: 'eligible', warnings: [] } }],
  };
  const extension: HandlerContext = { from: 'extension', sender: { id: 'x' } };

  it("opens for the console tab's own org and sandbox, at its dataflow, in its language", async () => {
    const { handlers, calls } = setup(credentials, [flow], { 7: scope });
    expect(await handlers['report.open']({ route: { kind: 'dataflow', flowId: 'f1' }, sandbox: 'prod', locale: 'pt_BR' }, consoleContext)).toEqual({
      opened: true,
    });
    expect(calls).toEqual([['openReport', 'org=O%40AdobeOrg&sandbox=prod&locale=pt_BR&flow=f1']]);
  });

  it('builds the rows and both files for that scope only, and refuses a scope with no session', async () => {
    const { handlers, calls } = setup(credentials, [flow]);
    const report = await handlers['report.get']({ route: { kind: 'dataflow', flowId: 'f1' }, scope, locale: 'en' }, extension);
    expect(report.rows.map((r) => [r.audienceName, r.verdict])).toEqual([['VIP', 'Eligible']]);
    expect(report.csv.split('\r\n')[1]).toMatch(/^Loyalty S3,f1,VIP,a1,Eligible,/);
    expect(JSON.parse(report.json)).toMatchObject({ orgId: scope.orgId, sandbox: 'prod', at: '2026-11-28T12:00:00.000Z' });
    expect(calls).toEqual([['build', { kind: 'dataflow', flowId: 'f1' }, scope]]);
    const other = { orgId: 'B@AdobeOrg', sandbox: 'prod' };
    await expect(handlers['report.get']({ route: { kind: 'browse' }, scope: other }, extension)).rejects.toMatchObject({ kind: 'auth' });
    expect(calls).toHaveLength(1);
  });
});
