import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Credentials } from '@/lib/model';
import { saveSettings } from '@/lib/settings';
import { createSessionStore, manualCredentials, SESSIONS_KEY, type SessionArea, type SessionChange } from '.';

const A = 'https://platform.adobe.io';
const B = 'https://platform-va7.adobe.io';
const ORG = 'ABC123@AdobeOrg';
const scope = { orgId: ORG, sandbox: 'prod' };

const captured = (token: string, seenAt = 1, over: Partial<Credentials> = {}): Credentials => ({
  authorization: `Bearer ${token}`,
  apiKey: 'acp_ui_platform',
  orgId: ORG,
  sandbox: 'prod',
  seenAt,
  source: 'console',
  ...over,
});

/** A store whose configured origin the test moves by hand. */
function storeOn(initial: string, area?: SessionArea) {
  let origin = initial;
  const store = createSessionStore(area, { platformOrigin: async () => origin });
  return { store, switchTo: (next: string) => void (origin = next) };
}

async function rawSessions(): Promise<Record<string, unknown>> {
  return ((await fakeBrowser.storage.session.get(SESSIONS_KEY))[SESSIONS_KEY] ?? {}) as Record<string, unknown>;
}

beforeEach(() => fakeBrowser.reset());

describe('a session is bound to its Platform origin', () => {
  it('a capture for host A is invisible once the configured host is B, and usable again back on A', async () => {
    const { store, switchTo } = storeOn(A);
    await store.recordCapture({ ...captured('token-a'), origin: A });
    expect((await store.getCredentials(scope))?.origin).toBe(A);

    switchTo(B);
    expect(await store.getCredentials(scope)).toBeNull();
    expect(await store.getCredentials()).toBeNull();
    expect(await store.listSessions()).toEqual([]);
    // Kept (memory only) rather than dropped: switching back needs no new capture.
    expect(JSON.stringify(await rawSessions())).toContain('token-a');

    switchTo(A);
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer token-a');
    expect((await store.getCredentials())?.authorization).toBe('Bearer token-a');
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['prod']);
  });

  it('binds a capture to the origin it names, even when the settings moved on before the write', async () => {
    const { store } = storeOn(B);
    await store.recordCapture({ ...captured('token-a'), origin: A });
    expect(await store.getCredentials(scope)).toBeNull();
    expect(Object.values(await rawSessions())).toEqual([expect.objectContaining({ origin: A, authorization: 'Bearer token-a' })]);
  });

  it('keeps the same org+sandbox on two hosts apart, each answered on its own host', async () => {
    const { store, switchTo } = storeOn(A);
    await store.recordCapture({ ...captured('token-a'), origin: A });
    await store.recordCapture({ ...captured('token-b', 2), origin: B });
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer token-a');
    switchTo(B);
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer token-b');
    expect((await store.getCredentials())?.origin).toBe(B);
  });

  it('follows the saved settings by default (no origin given: the configured one)', async () => {
    const store = createSessionStore();
    await store.recordCapture(captured('token-a'));
    expect((await store.getCredentials(scope))?.origin).toBe(A);
    await saveSettings({ environment: 'custom', customHost: B });
    expect(await store.getCredentials(scope)).toBeNull();
    expect(await store.listSessions()).toEqual([]);
    await saveSettings({ environment: 'production' });
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer token-a');
  });

  it('manual credentials saved under host B are for B only', async () => {
    await saveSettings({ environment: 'custom', customHost: B });
    const store = createSessionStore();
    await store.setManual(manualCredentials({ token: 'manual-b', apiKey: 'k', orgId: ORG, sandbox: 'prod' }, 5)!);
    expect(await store.getCredentials(scope)).toMatchObject({ authorization: 'Bearer manual-b', origin: B, source: 'manual' });
    expect((await store.listSessions()).map((s) => s.source)).toEqual(['manual']);

    await saveSettings({ environment: 'production' });
    expect(await store.getCredentials(scope)).toBeNull();
    expect(await store.getCredentials()).toBeNull();
    expect(await store.listSessions()).toEqual([]);
  });

  it('marks stale and forgets only the configured host’s session of a scope', async () => {
    const { store, switchTo } = storeOn(A);
    await store.recordCapture({ ...captured('token-a'), origin: A });
    await store.recordCapture({ ...captured('token-b'), origin: B });
    switchTo(B);
    await store.markStale(scope);
    expect((await store.getCredentials(scope))?.stale).toBe(true);
    await store.forget(scope);
    expect(await store.getCredentials(scope)).toBeNull();

    switchTo(A);
    expect(await store.getCredentials(scope)).toMatchObject({ authorization: 'Bearer token-a', origin: A });
    expect((await store.getCredentials(scope))?.stale).toBeFalsy();
  });

  it('announces changes of the configured host’s sessions only', async () => {
    const { store } = storeOn(A);
    const changes: SessionChange[] = [];
    store.onSessionChange((change) => changes.push(change));
    await store.recordCapture({ ...captured('token-b'), origin: B });
    await store.recordCapture({ ...captured('token-a'), origin: A });
    expect(changes).toEqual([{ scope, reason: 'captured' }]);
  });
});

describe('stored records on read', () => {
  it('drops records of the previous version (no origin), whatever the configured host', async () => {
    const old = { authorization: 'Bearer old-token', apiKey: 'k', orgId: ORG, sandbox: 'prod', seenAt: 1, source: 'console' };
    await fakeBrowser.storage.session.set({ [SESSIONS_KEY]: { [`${ORG}/prod`]: old } });

    // Production is the default host: an unbound record is still not taken to be production's.
    const store = createSessionStore();
    expect(await store.getCredentials(scope)).toBeNull();
    expect(await store.getCredentials()).toBeNull();
    expect(await store.listSessions()).toEqual([]);

    // The next write leaves it out of storage for good.
    await store.recordCapture(captured('fresh-token', 2));
    const raw = JSON.stringify(await rawSessions());
    expect(raw).not.toContain('old-token');
    expect((await store.getCredentials(scope))?.authorization).toBe('Bearer fresh-token');
  });

  it('drops a record whose origin is not a bare origin, and never trusts the stored key for it', async () => {
    const bound = { authorization: 'Bearer good', apiKey: 'k', orgId: ORG, sandbox: 'prod', seenAt: 1, source: 'console', origin: A };
    await fakeBrowser.storage.session.set({
      [SESSIONS_KEY]: {
        // Keyed as if it were A's, but bound to B: B's it is.
        [`${A} ${ORG}/dev`]: { ...bound, sandbox: 'dev', authorization: 'Bearer keyed-wrong', origin: B },
        pathy: { ...bound, sandbox: 'path', authorization: 'Bearer pathy', origin: `${A}/x` },
        empty: { ...bound, sandbox: 'empty', authorization: 'Bearer empty', origin: '' },
        ok: bound,
      },
    });
    const { store, switchTo } = storeOn(A);
    expect((await store.listSessions()).map((s) => s.sandbox)).toEqual(['prod']);
    expect(await store.getCredentials({ orgId: ORG, sandbox: 'dev' })).toBeNull();
    switchTo(B);
    expect((await store.getCredentials({ orgId: ORG, sandbox: 'dev' }))?.authorization).toBe('Bearer keyed-wrong');
    switchTo(`${A}/x`);
    expect(await store.listSessions()).toEqual([]);
  });
});
