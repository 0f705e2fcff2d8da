/**
 * The console credentials per Platform origin and org+sandbox, in `storage.session`
 * (memory only, never on disk, not readable by content scripts). Only the background
 * writes here.
 *
 * Each record is bound to the Platform origin it was captured from or typed in for,
 * and the store only ever answers records of the configured origin: a token is never
 * handed to code that would send it to another host. Records of other origins stay
 * (memory only, like the rest) but are invisible; switching the host back makes them
 * usable again without a trip to the console. Dropping them on a switch would gain no
 * safety (they are already unreachable) and would cost a re-capture on every toggle.
 */
import { createSerial } from '@/lib/serial';
import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import type { Credentials, Scope } from '@/lib/model';
import { getSettings, platformOrigin } from '@/lib/settings';
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

/** Credentials as stored: always bound to one Platform origin. */
export type BoundCredentials = Credentials & { origin: string };

/** A bare origin as `URL.origin` spells it (`https://host[:port]`), nothing else. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * `origin` is required. Records of the previous version have none and are dropped on
 * read rather than assumed to be production's: that version captured from whichever
 * host was configured (stage, a regional or custom gateway), so "production" could
 * hand a stage or custom-gateway token to production, the very leak this binding
 * closes. Dropping costs at most one console request to capture again (the area is
 * memory-only: such records can only meet this code within one browser session).
 */
const storedSchema = z.object({
  authorization: z.string().check(z.minLength(1)),
  apiKey: z.string().check(z.minLength(1)),
  orgId: z.string().check(z.minLength(1)),
  sandbox: z.string().check(z.minLength(1)),
  seenAt: z.number(),
  source: z.enum(['console', 'manual']),
  stale: z.optional(z.boolean()),
  origin: z.string().check(z.refine(isOrigin)),
});

/** The one key of a session in the map and in storage: origin first, then the scope. */
function sessionKey(origin: string, scope: Scope): string {
  return `${origin} ${scopeKey(scope)}`;
}

/** Drops any damaged or unbound entry instead of losing every session. */
function parseSessions(raw: unknown): Map<string, BoundCredentials> {
  const sessions = new Map<string, BoundCredentials>();
  if (!raw || typeof raw !== 'object') return sessions;
  for (const value of Object.values(raw as Record<string, unknown>)) {
    const parsed = storedSchema.safeParse(value);
    // The key is recomputed from the value: a stored key is never trusted to say the origin.
    if (parsed.success) sessions.set(sessionKey(parsed.data.origin, parsed.data), parsed.data);
  }
  return sessions;
}

export interface SessionStore {
  /**
   * A capture from the console, bound to `credentials.origin` (the request's origin)
   * or, when absent, the configured origin. Returns true when it was written (throttled otherwise).
   */
  recordCapture(credentials: Credentials): Promise<boolean>;
  /** Credentials typed in the options page, bound to the configured origin (or `credentials.origin`). */
  setManual(credentials: Credentials): Promise<PublicSession>;
  /** The API answered 401 with this scope's token (configured origin): pause users until a fresh capture. */
  markStale(scope: Scope): Promise<void>;
  /**
   * One scope's credentials of the configured origin (stale ones included, check
   * `.stale`), or that origin's latest fresh one. `origin` is always set on the answer.
   */
  getCredentials(scope?: Scope): Promise<Credentials | null>;
  /** The configured origin's sessions, public info only: never a token or an api key. Newest first. */
  listSessions(): Promise<PublicSession[]>;
  /** Forgets the configured origin's session of this scope. */
  forget(scope: Scope): Promise<void>;
  /** Only changes to sessions of the configured origin are announced. */
  onSessionChange(cb: (change: SessionChange) => void): () => void;
}

export interface SessionStoreDeps {
  /**
   * The configured Platform origin, asked at each read and write. Defaults to the
   * settings in `storage.local`, so a host change counts from the moment it is saved.
   */
  platformOrigin?: () => Promise<string>;
}

export function createSessionStore(area: SessionArea = browser.storage.session as unknown as SessionArea, deps: SessionStoreDeps = {}): SessionStore {
  const currentOrigin = deps.platformOrigin ?? (() => getSettings().then(platformOrigin));
  const listeners = new Set<(change: SessionChange) => void>();
  // One write at a time: captures arrive in bursts and each is read-modify-write.
  const serial = createSerial();
  // What we last wrote, so most captures skip the storage read entirely.
  let cache: Map<string, BoundCredentials> | null = null;

  async function load(): Promise<Map<string, BoundCredentials>> {
    if (!cache) cache = parseSessions((await area.get(SESSIONS_KEY))[SESSIONS_KEY]);
    return cache;
  }

  async function save(sessions: Map<string, BoundCredentials>): Promise<void> {
    cache = sessions;
    await area.set({ [SESSIONS_KEY]: Object.fromEntries(sessions) });
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

  /** Announces a change only when it is of the configured origin: nobody can use another's. */
  async function emitFor(origin: string, scope: Scope, reason: SessionChangeReason): Promise<void> {
    if (origin === (await currentOrigin())) emit(scope, reason);
  }

  return {
    recordCapture(credentials) {
      return serial(async () => {
        const sessions = await load();
        const origin = credentials.origin ?? (await currentOrigin());
        const key = sessionKey(origin, credentials);
        const known = sessions.get(key);
        const sameSecret = known?.authorization === credentials.authorization && known?.apiKey === credentials.apiKey;
        const fresh = known && !known.stale && sameSecret && known.source === credentials.source;
        if (fresh && credentials.seenAt - known.seenAt < SEEN_REFRESH_MS) return false;
        const next = new Map(sessions);
        next.set(key, { ...credentials, origin, stale: undefined });
        await save(next);
        if (!known || !sameSecret) await emitFor(origin, credentials, 'captured');
        else if (known.stale) await emitFor(origin, credentials, 'resumed');
        return true;
      });
    },

    setManual(credentials) {
      return serial(async () => {
        const next = new Map(await load());
        const origin = credentials.origin ?? (await currentOrigin());
        const stored: BoundCredentials = { ...credentials, origin, source: 'manual', stale: undefined };
        next.set(sessionKey(origin, stored), stored);
        await save(next);
        await emitFor(origin, stored, 'manual');
        return publicSession(stored);
      });
    },

    markStale(scope) {
      return serial(async () => {
        const sessions = await load();
        const key = sessionKey(await currentOrigin(), scope);
        const known = sessions.get(key);
        if (!known || known.stale) return;
        const next = new Map(sessions);
        next.set(key, { ...known, stale: true });
        await save(next);
        emit(scope, 'stale');
      });
    },

    async getCredentials(scope) {
      await serial(async () => undefined); // after the writes already queued
      const sessions = await load();
      const origin = await currentOrigin();
      if (scope) return sessions.get(sessionKey(origin, scope)) ?? null;
      let latest: Credentials | null = null;
      for (const credentials of sessions.values()) {
        if (credentials.origin !== origin || credentials.stale) continue;
        if (!latest || credentials.seenAt > latest.seenAt) latest = credentials;
      }
      return latest;
    },

    async listSessions() {
      await serial(async () => undefined); // after the writes already queued
      const sessions = await load();
      const origin = await currentOrigin();
      return [...sessions.values()]
        .filter((credentials) => credentials.origin === origin)
        .map(publicSession)
        .sort((a, b) => b.seenAt - a.seenAt);
    },

    forget(scope) {
      return serial(async () => {
        const sessions = await load();
        const key = sessionKey(await currentOrigin(), scope);
        if (!sessions.has(key)) return;
        const next = new Map(sessions);
        next.delete(key);
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
