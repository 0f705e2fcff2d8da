import { describe, expect, it } from 'vitest';
import type { Credentials, Scope } from '@/lib/model';
import { PlatformError } from '@/lib/platform';
import { createSessionStore, type SessionArea } from '@/lib/session/session-store';
import { platformClients } from './clients';

const A = 'https://platform.adobe.io';
const B = 'https://platform-va7.adobe.io';
const scope: Scope = { orgId: 'ORG@AdobeOrg', sandbox: 'prod' };
const TOKEN_A = 'Bearer token-of-host-a';
const TOKEN_B = 'Bearer token-of-host-b';

const credentials = (authorization: string, over: Partial<Credentials> = {}): Credentials => ({
  authorization,
  apiKey: 'exc_app',
  orgId: scope.orgId,
  sandbox: scope.sandbox,
  seenAt: 1,
  source: 'console',
  ...over,
});

function memoryArea(): SessionArea {
  const data: Record<string, unknown> = {};
  return {
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (key) => void delete data[key],
  };
}

/** Records every request: where it went and which token it carried. Answers an empty runs page. */
function recordingFetch() {
  const sent: { origin: string; authorization: string | null }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push({ origin: url.origin, authorization: new Headers(init?.headers).get('authorization') });
    return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, sent };
}

/** The background's wiring: the store and the clients read the same configured origin. */
function world(initial: string) {
  let configured = initial;
  const sessions = createSessionStore(memoryArea(), { platformOrigin: async () => configured });
  const { fetch, sent } = recordingFetch();
  const clientFor = platformClients({ origin: () => configured, sessions, fetch, sleep: async () => undefined, retries: 0 });
  return { sessions, clientFor, sent, switchTo: (next: string) => void (configured = next) };
}

async function authFailure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  expect((error as PlatformError).kind).toBe('auth');
  return error as PlatformError;
}

describe('platformClients and the host a token belongs to', () => {
  it("sends host A's token to A, and nothing to B once the configured host is B", async () => {
    const w = world(A);
    await w.sessions.recordCapture({ ...credentials(TOKEN_A), origin: A });
    await w.clientFor(scope).listRuns('flow-1');
    expect(w.sent).toEqual([{ origin: A, authorization: TOKEN_A }]);

    w.switchTo(B);
    const client = w.clientFor(scope);
    expect(client.origin).toBe(B);
    await authFailure(client.listRuns('flow-1'));
    expect(w.sent.filter((r) => r.origin === B)).toEqual([]);
    expect(w.sent.some((r) => r.authorization === TOKEN_A && r.origin !== A)).toBe(false);
  });

  it('a client made for A just before the switch does not get B’s token either', async () => {
    const w = world(A);
    await w.sessions.recordCapture({ ...credentials(TOKEN_A), origin: A });
    const madeForA = w.clientFor(scope);
    w.switchTo(B);
    await w.sessions.setManual(credentials(TOKEN_B, { source: 'manual' }));
    await authFailure(madeForA.listRuns('flow-1'));
    expect(w.sent).toEqual([]);
  });

  it('manual credentials saved under B are sent to B only, and A gets its own token back', async () => {
    const w = world(A);
    await w.sessions.recordCapture({ ...credentials(TOKEN_A), origin: A });
    w.switchTo(B);
    await w.sessions.setManual(credentials(TOKEN_B, { source: 'manual' }));
    await w.clientFor(scope).listRuns('flow-1');
    w.switchTo(A);
    await w.clientFor(scope).listRuns('flow-1');
    expect(w.sent).toEqual([
      { origin: B, authorization: TOKEN_B },
      { origin: A, authorization: TOKEN_A },
    ]);
  });

  it("never sends A's token to B even when a store answers without regard to the host", async () => {
    const { fetch, sent } = recordingFetch();
    const careless = { getCredentials: async () => ({ ...credentials(TOKEN_A), origin: A }) };
    const unbound = { getCredentials: async () => credentials(TOKEN_A) };
    await authFailure(platformClients({ origin: () => B, sessions: careless, fetch, retries: 0 })(scope).listRuns('flow-1'));
    await authFailure(platformClients({ origin: () => B, sessions: unbound, fetch, retries: 0 })(scope).listRuns('flow-1'));
    expect(sent).toEqual([]);
  });
});
