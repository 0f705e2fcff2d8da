import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSessionStore } from '@/lib/session';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { ExportStore, StoreError } from '@/lib/store';
import { job, run } from '@/lib/store/test-fixtures';
import { CHANNEL, dispatch, selfIdentity, type DispatcherOptions } from '.';
import { coreHandlers } from './core-handlers';

let n = 0;
let store: ExportStore;
beforeEach(() => {
  fakeBrowser.reset();
  store = new ExportStore({ name: `core-handlers-${++n}` });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await store.close();
});

const options = (): DispatcherOptions => ({ self: selfIdentity(), policy: { allowLoopback: false } });
const options_page = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });
const command = (type: string, payload: unknown) => ({ channel: CHANNEL, kind: 'command', type, payload });

describe('core handlers', () => {
  it('stores manual credentials and only ever answers public session info', async () => {
    const sessions = createSessionStore();
    const handlers = coreHandlers({ sessions, store, version: '0.1.0', now: () => 42 });
    const set = await dispatch(
      handlers,
      command('session.setManual', { token: 'manual.secret.token', apiKey: 'key-xyz', orgId: 'O@AdobeOrg', sandbox: 'prod' }),
      options_page(),
      options(),
    );
    expect(set).toEqual({ ok: true, data: { session: { orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: 42, stale: false, source: 'manual' } } });
    const listed = await dispatch(handlers, command('session.list', {}), options_page(), options());
    const diagnostics = await dispatch(handlers, command('diagnostics.get', {}), options_page(), options());
    for (const reply of [set, listed, diagnostics]) {
      expect(JSON.stringify(reply)).not.toContain('manual.secret.token');
      expect(JSON.stringify(reply)).not.toContain('key-xyz');
    }
    expect((await sessions.getCredentials({ orgId: 'O@AdobeOrg', sandbox: 'prod' }))?.authorization).toBe('Bearer manual.secret.token');
    expect(diagnostics).toMatchObject({
      ok: true,
      data: { environment: 'production', platformOrigin: 'https://platform.adobe.io', store: { jobs: 0 }, skipped: { dataflows: 0, runs: 0 } },
    });
  });

  it('clears typed-in credentials only: a captured console session stays, a page cannot ask', async () => {
    const sessions = createSessionStore();
    const handlers = coreHandlers({ sessions, store, version: '0.1.0', now: () => 42 });
    await dispatch(
      handlers,
      command('session.setManual', { token: 'manual.token', apiKey: 'k', orgId: 'O@AdobeOrg', sandbox: 'dev' }),
      options_page(),
      options(),
    );
    await sessions.recordCapture({ authorization: 'Bearer console.token', apiKey: 'k', orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: 41, source: 'console' });
    const consolePage = {
      id: fakeBrowser.runtime.id,
      url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse',
      tab: { id: 7 },
      frameId: 0,
    };
    expect(await dispatch(handlers, command('session.clearManual', {}), consolePage, options())).toMatchObject({ ok: false });
    expect(await dispatch(handlers, command('session.clearManual', {}), options_page(), options())).toEqual({ ok: true, data: { cleared: true } });
    expect((await sessions.listSessions()).map((s) => `${s.sandbox}:${s.source}`)).toEqual(['prod:console']);
    expect(await dispatch(handlers, command('session.clearManual', {}), options_page(), options())).toEqual({ ok: true, data: { cleared: false } });
  });

  it("sends a console frame the page's CSS, which the content script does not bundle: badge forms, panel, tooltip", async () => {
    const handlers = coreHandlers({ sessions: createSessionStore(), store, version: '0.1.0' });
    const consoleFrame = {
      id: fakeBrowser.runtime.id,
      url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse',
      tab: { id: 7 },
      frameId: 3,
    };
    const reply = await dispatch(handlers, command('styles.get', {}), consoleFrame, options());
    expect(reply).toMatchObject({ ok: true });
    const css = (reply as { data: { badge: string; ui: string; tip: string } }).data;
    expect(css.badge).toContain(':host([data-form="mini"])');
    expect(css.ui).toContain('.panel{');
    expect(css.tip).toContain('.tip{');
  });

  it('refuses manual credentials with a blank field', async () => {
    const handlers = coreHandlers({ sessions: createSessionStore(), store, version: '0.1.0' });
    const reply = await dispatch(
      handlers,
      command('session.setManual', { token: 'Bearer ', apiKey: 'k', orgId: 'o', sandbox: 's' }),
      options_page(),
      options(),
    );
    expect(reply).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
  });

  it('pages the history from the store', async () => {
    for (let i = 0; i < 3; i++) await store.createJob(job(`j${i}`, i), [], [run(`j${i}`, 'a', 'success')]);
    const handlers = coreHandlers({ sessions: createSessionStore(), store, version: '0.1.0' });
    const first = await dispatch(handlers, command('history.list', { limit: 2 }), options_page(), options());
    expect(first.ok && (first.data as { items: { id: string }[] }).items.map((j) => j.id)).toEqual(['j2', 'j1']);
    const cursor = first.ok ? (first.data as { nextCursor?: string }).nextCursor : undefined;
    const second = await dispatch(handlers, command('history.list', { limit: 2, cursor }), options_page(), options());
    expect(second).toMatchObject({ ok: true, data: { items: [{ id: 'j0', counts: { success: 1 } }] } });
  });

  it('reports a store failure in diagnostics instead of failing, and a quota error as such from history', async () => {
    const failing = {
      counts: () => Promise.reject(new StoreError('blocked', 'held by an old tab')),
      listJobs: () => Promise.reject(new StoreError('quota', 'full')),
    } as unknown as ExportStore;
    const handlers = coreHandlers({
      sessions: createSessionStore(),
      store: failing,
      version: '0.1.0',
      settings: async () => ({ ...DEFAULT_SETTINGS, environment: 'stage' }),
    });
    expect(await dispatch(handlers, command('diagnostics.get', {}), options_page(), options())).toMatchObject({
      ok: true,
      data: { store: null, platformOrigin: 'https://platform-stage.adobe.io', storeError: { kind: 'unknown', message: 'held by an old tab' } },
    });
    expect(await dispatch(handlers, command('history.list', { limit: 5 }), options_page(), options())).toMatchObject({ ok: false, error: { kind: 'quota' } });
  });

  it("tells the page why a job is not moving, in the page's language: a paused job and a Retry-After", async () => {
    const handlers = coreHandlers({ sessions: createSessionStore(), store, version: '0.1.0', now: () => 1_000_000 });
    const consolePage = {
      id: fakeBrowser.runtime.id,
      url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse',
      tab: { id: 7 },
      frameId: 0,
    };
    await store.createJob(
      job('p', 1, { status: 'paused', pauseReason: { kind: 'auth', message: 'Oauth token is not valid', status: 401 } }),
      [],
      [run('p', 'a', 'pending')],
    );
    const paused = await dispatch(handlers, command('jobs.get', { jobId: 'p', locale: 'pt_BR' }), consolePage, options());
    expect(paused).toMatchObject({ ok: true, data: { job: { status: 'paused', wait: expect.stringMatching(/^Pausada\. Sua sessão do console expirou/) } } });
    const request = {
      id: 'r1',
      jobId: 's',
      index: 0,
      pairs: [{ flowId: 'f', audienceId: 'a' }],
      status: 'pending' as const,
      attempts: 1,
      notBefore: 1_000_000 + 60_000,
      error: { kind: 'quota' as const, message: 'Too Many Requests', status: 429 },
    };
    await store.createJob(job('s', 2, { status: 'sending' }), [request], [run('s', 'a', 'pending')]);
    const sending = await dispatch(handlers, command('jobs.get', { jobId: 's' }), consolePage, options());
    expect(sending).toMatchObject({
      ok: true,
      data: { job: { status: 'sending', wait: expect.stringMatching(/^Waiting: Too many requests\. Sending again at /) } },
    });
    await store.createJob(job('t', 3, { status: 'tracking' }), [], [run('t', 'a', 'sent')]);
    expect(await dispatch(handlers, command('jobs.get', { jobId: 't' }), consolePage, options())).toEqual({
      ok: true,
      data: { job: { status: 'tracking', pairCount: expect.any(Number), counts: expect.any(Object) } },
    });
  });
});
