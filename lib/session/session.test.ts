import { createTabScopes } from './tab-scopes';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Credentials } from '@/lib/model';
import {
  captureUrlPatterns,
  createSessionStore,
  credentialsFromHeaders,
  isConsoleRequest,
  manualCredentials,
  SEEN_REFRESH_MS,
  SESSIONS_KEY,
  startSessionCapture,
  type ObservedRequest,
  type RequestEvent,
  type SessionChange,
} from '.';
import { saveSettings } from '@/lib/settings';

const TOKEN = 'Bearer eyJhbGciOi.secret-token-value.sig';
const API_KEY = 'acp_ui_platform';
const ORG = 'ABC123@AdobeOrg';
const PLATFORM = 'https://platform.adobe.io';

const consoleHeaders = (over: Record<string, string> = {}) =>
  Object.entries({
    Authorization: TOKEN,
    'x-api-key': API_KEY,
    'x-gw-ims-org-id': ORG,
    'x-sandbox-name': 'prod',
    Accept: 'application/json',
    ...over,
  }).map(([name, value]) => ({ name, value }));

beforeEach(() => fakeBrowser.reset());

describe('credentialsFromHeaders', () => {
  it('takes the four headers, case-insensitively', () => {
    expect(credentialsFromHeaders(consoleHeaders(), 1000)).toEqual({
      authorization: TOKEN,
      apiKey: API_KEY,
      orgId: ORG,
      sandbox: 'prod',
      seenAt: 1000,
      source: 'console',
    });
    expect(credentialsFromHeaders({ AUTHORIZATION: TOKEN, 'X-Api-Key': API_KEY, 'X-GW-IMS-ORG-ID': ORG, 'X-Sandbox-Name': 'dev' }, 5)?.sandbox).toBe('dev');
  });

  it.each([
    ['no authorization', { Authorization: '' }],
    ['basic auth', { Authorization: 'Basic dXNlcjpwdw==' }],
    ['bearer without token', { Authorization: 'Bearer ' }],
    ['bearer with spaces inside', { Authorization: 'Bearer a b' }],
    ['no api key', { 'x-api-key': '  ' }],
    ['no org', { 'x-gw-ims-org-id': '' }],
    ['no sandbox', { 'x-sandbox-name': '' }],
  ])('refuses %s', (_label, over) => {
    expect(credentialsFromHeaders(consoleHeaders(over), 1)).toBeNull();
  });

  it('accepts a lowercase bearer scheme', () => {
    expect(credentialsFromHeaders(consoleHeaders({ Authorization: 'bearer abc' }), 1)?.authorization).toBe('bearer abc');
  });

  it('builds manual credentials with or without the Bearer prefix', () => {
    const input = { token: 'abc.def', apiKey: 'k', orgId: ORG, sandbox: 'prod' };
    expect(manualCredentials(input, 3)).toMatchObject({ authorization: 'Bearer abc.def', source: 'manual', seenAt: 3 });
    expect(manualCredentials({ ...input, token: 'Bearer abc.def' }, 3)?.authorization).toBe('Bearer abc.def');
    expect(manualCredentials({ ...input, token: ' ' }, 3)).toBeNull();
    expect(manualCredentials({ ...input, token: 'Bearer ' }, 3)).toBeNull();
    expect(manualCredentials({ ...input, sandbox: '' }, 3)).toBeNull();
  });
});

describe('isConsoleRequest', () => {
  const base: ObservedRequest = {
    url: `${PLATFORM}/data/foundation/flowservice/flows`,
    tabId: 12,
    initiator: 'https://experience.adobe.com',
    requestHeaders: consoleHeaders(),
  };
  const prod = { allowLoopback: false };

  it('accepts a console frame calling the configured host (Chrome and Firefox fields)', () => {
    expect(isConsoleRequest(base, PLATFORM, prod)).toBe(true);
    const firefox = {
      ...base,
      initiator: undefined,
      originUrl: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse',
      documentUrl: 'https://experience.adobe.com/',
    };
    expect(isConsoleRequest(firefox, PLATFORM, prod)).toBe(true);
    expect(isConsoleRequest({ ...base, initiator: 'https://experience-stage.adobe.com' }, PLATFORM, prod)).toBe(true);
  });

  it("ignores the extension's own requests (tabId -1)", () => {
    expect(isConsoleRequest({ ...base, tabId: -1 }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, tabId: -1, initiator: 'chrome-extension://abc' }, PLATFORM, prod)).toBe(false);
  });

  it('ignores pages that are not the console', () => {
    expect(isConsoleRequest({ ...base, initiator: 'https://evil.example' }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, initiator: 'https://experience.adobe.com.evil.example' }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, initiator: 'http://experience.adobe.com' }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, initiator: undefined }, PLATFORM, prod)).toBe(false);
    expect(
      isConsoleRequest({ ...base, initiator: undefined, originUrl: 'https://evil.example/', documentUrl: 'https://experience.adobe.com/' }, PLATFORM, prod),
    ).toBe(false);
  });

  it('ignores other hosts than the configured one', () => {
    expect(isConsoleRequest({ ...base, url: 'https://platform-stage.adobe.io/x' }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, url: 'https://ims-na1.adobelogin.com/x' }, PLATFORM, prod)).toBe(false);
    expect(isConsoleRequest({ ...base, url: 'not a url' }, PLATFORM, prod)).toBe(false);
  });

  it('trusts the loopback simulator only in test builds', () => {
    const sim = { ...base, url: 'http://127.0.0.1:4010/data/x', initiator: 'http://127.0.0.1:4000' };
    expect(isConsoleRequest(sim, 'http://127.0.0.1:4010', { allowLoopback: true })).toBe(true);
    expect(isConsoleRequest(sim, 'http://127.0.0.1:4010', { allowLoopback: false })).toBe(false);
    expect(captureUrlPatterns(undefined, { allowLoopback: false }).some((p) => p.startsWith('http:'))).toBe(false);
    expect(captureUrlPatterns('http://127.0.0.1:4010', { allowLoopback: true })).toContain('http://127.0.0.1/*');
  });
});

/** A stand-in for webRequest.onBeforeSendHeaders (the fake browser does not implement it). */
function fakeEvent() {
  const listeners: { cb: (d: ObservedRequest) => void; urls: string[]; spec?: string[] }[] = [];
  const event: RequestEvent = {
    addListener: (cb, filter, spec) => listeners.push({ cb, urls: filter.urls, spec }),
    removeListener: (cb) => {
      const i = listeners.findIndex((l) => l.cb === cb);
      if (i >= 0) listeners.splice(i, 1);
    },
  };
  return { event, listeners, fire: (d: ObservedRequest) => listeners.forEach((l) => l.cb(d)) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startSessionCapture', () => {
  it('stores what console frames send and ignores the rest; notes which org and sandbox each tab uses', async () => {
    const store = createSessionStore();
    const { event, listeners, fire } = fakeEvent();
    let clock = 1_000;
    const tabs = createTabScopes(fakeBrowser.storage.session as never);
    const stop = startSessionCapture({ store, tabs, event, now: () => clock, platformOrigin: async () => PLATFORM, policy: { allowLoopback: false } });
    expect(listeners).toHaveLength(1);
    expect(listeners[0]!.spec).toEqual(['requestHeaders']);

    const request: ObservedRequest = { url: `${PLATFORM}/data/x`, tabId: 3, initiator: 'https://experience.adobe.com', requestHeaders: consoleHeaders() };
    fire({ ...request, tabId: -1, requestHeaders: consoleHeaders({ 'x-sandbox-name': 'own-fetch' }) });
    fire({ ...request, initiator: 'https://evil.example', requestHeaders: consoleHeaders({ 'x-sandbox-name': 'evil' }) });
    fire({ ...request, url: 'https://other.adobe.io/x', requestHeaders: consoleHeaders({ 'x-sandbox-name': 'other' }) });
    fire(request);
    await settle();
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['prod']);
    expect(await store.getCredentials({ orgId: ORG, sandbox: 'prod' })).toMatchObject({ authorization: TOKEN, seenAt: 1_000 });
    expect(await tabs.get(3)).toEqual({ orgId: ORG, sandbox: 'prod' });

    stop();
    expect(listeners).toHaveLength(0);
    clock += SEEN_REFRESH_MS * 2;
    fire({ ...request, requestHeaders: consoleHeaders({ 'x-sandbox-name': 'after-stop' }) });
    await settle();
    expect(await store.listSessions()).toHaveLength(1);
  });
});

describe('startSessionCapture and console frames on other Adobe hosts', () => {
  it('tells which frame made an ignored request to the Platform host (never its headers); captures once that origin is granted', async () => {
    const store = createSessionStore();
    const { event, fire } = fakeEvent();
    const ignored: string[][] = [];
    const policy = { allowLoopback: false, consoleOrigins: [] as string[] };
    startSessionCapture({ store, event, platformOrigin: async () => PLATFORM, policy, onIgnored: (from) => void ignored.push(from) });
    const frame = 'https://exc-unifiedcontent.experience.adobe.net';
    const request: ObservedRequest = { url: `${PLATFORM}/data/x`, tabId: 3, initiator: frame, requestHeaders: consoleHeaders() };
    fire(request);
    fire({ ...request, url: 'https://elsewhere.example/data/x' });
    await settle();
    expect(ignored).toEqual([[frame]]);
    expect(JSON.stringify(ignored)).not.toContain('secret-token');
    expect(await store.listSessions()).toEqual([]);

    policy.consoleOrigins = [frame];
    fire(request);
    await settle();
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['prod']);
    expect(ignored).toHaveLength(1);
  });
});

describe('startSessionCapture with the settings', () => {
  it('follows the configured host, widening the filter for a custom one', async () => {
    await saveSettings({ environment: 'custom', customHost: 'https://gw.adobe.io:8443' });
    const store = createSessionStore();
    const { event, listeners, fire } = fakeEvent();
    const stop = startSessionCapture({ store, event, now: () => 1, policy: { allowLoopback: false } });
    await settle();
    expect(listeners).toHaveLength(1);
    expect(listeners[0]!.urls).toContain('https://gw.adobe.io/*');

    const from = { tabId: 4, initiator: 'https://experience.adobe.com' };
    fire({ ...from, url: `${PLATFORM}/x`, requestHeaders: consoleHeaders({ 'x-sandbox-name': 'production-host' }) });
    fire({ ...from, url: 'https://gw.adobe.io:9999/x', requestHeaders: consoleHeaders({ 'x-sandbox-name': 'other-port' }) });
    fire({ ...from, url: 'https://gw.adobe.io:8443/x', requestHeaders: consoleHeaders({ 'x-sandbox-name': 'custom' }) });
    await settle();
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['custom']);

    await saveSettings({ environment: 'production' });
    fire({ ...from, url: `${PLATFORM}/x`, requestHeaders: consoleHeaders({ 'x-sandbox-name': 'production-host' }) });
    await settle();
    // Each session is bound to the host it was captured from: only the configured one's are listed.
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['production-host']);
    expect((await store.getCredentials({ orgId: ORG, sandbox: 'production-host' }))?.origin).toBe(PLATFORM);
    await saveSettings({ environment: 'custom', customHost: 'https://gw.adobe.io:8443' });
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['custom']);
    expect((await store.getCredentials({ orgId: ORG, sandbox: 'custom' }))?.origin).toBe('https://gw.adobe.io:8443');
    expect(listeners).toHaveLength(1);
    stop();
    expect(listeners).toHaveLength(0);
  });
});

describe('session store', () => {
  const scope = { orgId: ORG, sandbox: 'prod' };
  const captured = (seenAt: number, authorization = TOKEN): Credentials => ({ ...credentialsFromHeaders(consoleHeaders(), seenAt)!, authorization });

  it('keeps credentials in storage.session only', async () => {
    const store = createSessionStore();
    await store.recordCapture(captured(10));
    const raw = await fakeBrowser.storage.session.get(SESSIONS_KEY);
    expect(JSON.stringify(raw)).toContain(TOKEN);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('secret-token');
  });

  it('throttles writes of the same token but always writes a new token', async () => {
    const store = createSessionStore();
    expect(await store.recordCapture(captured(0))).toBe(true);
    expect(await store.recordCapture(captured(1_000))).toBe(false);
    expect(await store.recordCapture(captured(SEEN_REFRESH_MS + 1))).toBe(true);
    expect((await store.getCredentials(scope))?.seenAt).toBe(SEEN_REFRESH_MS + 1);
    expect(await store.recordCapture(captured(SEEN_REFRESH_MS + 2, 'Bearer new-token'))).toBe(true);
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer new-token');
  });

  it('marks a scope stale on a 401 and resumes on the next capture, same token or not', async () => {
    const store = createSessionStore();
    const changes: SessionChange[] = [];
    store.onSessionChange((c) => changes.push(c));
    await store.recordCapture(captured(0));
    await store.markStale(scope);
    expect((await store.getCredentials(scope))?.stale).toBe(true);
    expect(await store.getCredentials()).toBeNull();
    expect((await store.listSessions())[0]?.stale).toBe(true);

    // Within the throttle window and with the same token: still written, because it clears stale.
    expect(await store.recordCapture(captured(1))).toBe(true);
    expect((await store.getCredentials(scope))?.stale).toBeFalsy();
    await store.markStale(scope);
    await store.recordCapture(captured(2, 'Bearer refreshed'));
    expect(changes.map((c) => c.reason)).toEqual(['captured', 'stale', 'resumed', 'stale', 'captured']);
    expect(changes[1]!.scope).toEqual(scope);
  });

  it('returns the latest fresh session when no scope is given', async () => {
    const store = createSessionStore();
    await store.recordCapture(captured(100));
    await store.recordCapture({ ...captured(200), sandbox: 'dev' });
    await store.recordCapture({ ...captured(300), sandbox: 'stage' });
    await store.markStale({ orgId: ORG, sandbox: 'stage' });
    expect((await store.getCredentials())?.sandbox).toBe('dev');
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['stage', 'dev', 'prod']);
  });

  it('stores manual credentials in the same place', async () => {
    const store = createSessionStore();
    const changes: SessionChange[] = [];
    store.onSessionChange((c) => changes.push(c));
    const info = await store.setManual(manualCredentials({ token: 'manual-token', apiKey: 'k', orgId: ORG, sandbox: 'prod' }, 50)!);
    expect(info).toEqual({ orgId: ORG, sandbox: 'prod', seenAt: 50, stale: false, source: 'manual' });
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer manual-token');
    expect(changes).toEqual([{ scope, reason: 'manual' }]);
  });

  it('never lists a token or an api key', async () => {
    const store = createSessionStore();
    await store.recordCapture(captured(1));
    await store.setManual(manualCredentials({ token: 'manual-secret', apiKey: 'manual-key', orgId: ORG, sandbox: 'dev' }, 2)!);
    const json = JSON.stringify(await store.listSessions());
    for (const secret of ['secret-token', 'manual-secret', API_KEY, 'manual-key', 'Bearer']) expect(json).not.toContain(secret);
    expect(json).toContain(ORG);
  });

  it('survives a worker restart and drops damaged entries', async () => {
    await createSessionStore().recordCapture(captured(5));
    const raw = (await fakeBrowser.storage.session.get(SESSIONS_KEY))[SESSIONS_KEY] as Record<string, unknown>;
    await fakeBrowser.storage.session.set({ [SESSIONS_KEY]: { ...raw, broken: { orgId: 3 } } });
    const restarted = createSessionStore();
    expect(await restarted.listSessions()).toEqual([{ orgId: ORG, sandbox: 'prod', seenAt: 5, stale: false, source: 'console' }]);
  });
});
