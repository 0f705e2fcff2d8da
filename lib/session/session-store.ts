/**
 * The console credentials per org+sandbox, in `storage.session` (memory only, never
 * on disk, not readable by content scripts). Only the background writes here.
 */
import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import type { Credentials, Millis, Scope } from '@/lib/model';
import { publicSession, scopeKey, type PublicSession } from './credentials';

export const SESSIONS_KEY = 'sessions';

/** The console sends many requests per second: refresh `seenAt` at most this often. */
export const SEEN_REFRESH_MS = 30_000;

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type SessionChangeReason = 'captured' | 'manual' | 'stale' | 'resumed' | 'cleared';

export interface SessionChange {
  scope: Scope;
  reason: SessionChangeReason;
}

const credentialsSchema = z.object({
  authorization: z.string().check(z.minLength(1)),
  apiKey: z.string().check(z.minLength(1)),
  orgId: z.string().check(z.minLength(1)),
  sandbox: z.string().check(z.minLength(1)),
  seenAt: z.number(),
  source: z.enum(['console', 'manual']),
  stale: z.optional(z.boolean()),
});

/** Drops any damaged entry instead of losing every session. */
function parseSessions(raw: unknown): Map<string, Credentials> {
  const sessions = new Map<string, Credentials>();
  if (!raw || typeof raw !== 'object') return sessions;
  for (const value of Object.values(raw as Record<string, unknown>)) {
    const parsed = credentialsSchema.safeParse(value);
    if (parsed.success) sessions.set(scopeKey(parsed.data), parsed.data);
  }
  return sessions;
}

export interface SessionStore {
  /** A capture from the console; returns true when it was written (throttled otherwise). */
  recordCapture(credentials: Credentials): Promise<boolean>;
  /** Credentials typed in the options page. */
  setManual(credentials: Credentials): Promise<PublicSession>;
  /** The API answered 401 with this scope's token: pause users until a fresh capture. */
  markStale(scope: Scope): Promise<void>;
  /** One scope's credentials (stale ones included, check `.stale`), or the latest fresh one. */
  getCredentials(scope?: Scope): Promise<Credentials | null>;
  /** Public info only: never a token or an api key. Newest first. */
  listSessions(): Promise<PublicSession[]>;
  forget(scope: Scope): Promise<void>;
  onSessionChange(cb: (change: SessionChange) => void): () => void;
}

export function createSessionStore(area: SessionArea = browser.storage.session as unknown as SessionArea): SessionStore {
  const listeners = new Set<(change: SessionChange) => void>();
  // One write at a time: captures arrive in bursts and each is read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();
  // What we last wrote, so most captures skip the storage read entirely.
  let cache: Map<string, Credentials> | null = null;

  async function load(): Promise<Map<string, Credentials>> {
    if (!cache) cache = parseSessions((await area.get(SESSIONS_KEY))[SESSIONS_KEY]);
    return cache;
  }

  async function save(sessions: Map<string, Credentials>): Promise<void> {
    cache = sessions;
    await area.set({ [SESSIONS_KEY]: Object.fromEntries(sessions) });
  }

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  function emit(scope: Scope, reason: SessionChangeReason): void {
    const change: SessionChange = { scope: { orgId: scope.orgId, sandbox: scope.sandbox }, reason };
    for (const cb of listeners) {
      try {
        cb(change);
      } catch {
        // One broken listener must not stop the capture or the other listeners.
      }
    }
  }

  return {
    recordCapture(credentials) {
      return serial(async () => {
        const sessions = await load();
        const key = scopeKey(credentials);
        const known = sessions.get(key);
        const sameSecret = known?.authorization === credentials.authorization && known?.apiKey === credentials.apiKey;
        const fresh = known && !known.stale && sameSecret && known.source === credentials.source;
        if (fresh && credentials.seenAt - known.seenAt < SEEN_REFRESH_MS) return false;
        const next = new Map(sessions);
        next.set(key, { ...credentials, stale: undefined });
        await save(next);
        if (!known || !sameSecret) emit(credentials, 'captured');
        else if (known.stale) emit(credentials, 'resumed');
        return true;
      });
    },

    setManual(credentials) {
      return serial(async () => {
        const next = new Map(await load());
        const stored: Credentials = { ...credentials, source: 'manual', stale: undefined };
        next.set(scopeKey(stored), stored);
        await save(next);
        emit(stored, 'manual');
        return publicSession(stored);
      });
    },

    markStale(scope) {
      return serial(async () => {
        const sessions = await load();
        const known = sessions.get(scopeKey(scope));
        if (!known || known.stale) return;
        const next = new Map(sessions);
        next.set(scopeKey(scope), { ...known, stale: true });
        await save(next);
        emit(scope, 'stale');
      });
    },

    async getCredentials(scope) {
      await queue;
      const sessions = await load();
      if (scope) return sessions.get(scopeKey(scope)) ?? null;
      let latest: Credentials | null = null;
      for (const credentials of sessions.values()) {
        if (credentials.stale) continue;
        if (!latest || credentials.seenAt > latest.seenAt) latest = credentials;
      }
      return latest;
    },

    async listSessions() {
      await queue;
      const sessions = await load();
      return [...sessions.values()].map(publicSession).sort((a, b) => b.seenAt - a.seenAt);
    },

    forget(scope) {
      return serial(async () => {
        const sessions = await load();
        if (!sessions.has(scopeKey(scope))) return;
        const next = new Map(sessions);
        next.delete(scopeKey(scope));
        await save(next);
        emit(scope, 'cleared');
      });
    },

    onSessionChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
