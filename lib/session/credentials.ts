/** Pure rules about console credentials: what counts as a usable set, and what may be shown. */
import type * as z from 'zod/mini';
import type { CommandRequest, publicSessionSchema } from '@/lib/messages/protocol';
import type { Credentials, Millis, Scope } from '@/lib/model';

export type HeaderList = ReadonlyArray<{ name: string; value?: string }>;

/** The one key of a scope in maps, storage and IndexedDB indexes. */
export function scopeKey(scope: Scope): string {
  return `${scope.orgId}/${scope.sandbox}`;
}

const BEARER = /^Bearer\s+\S+$/i;

function headerMap(headers: HeaderList | Readonly<Record<string, string | undefined>>): Map<string, string> {
  const entries: [string, string | undefined][] = Array.isArray(headers)
    ? (headers as HeaderList).map((h) => [h.name, h.value])
    : Object.entries(headers as Record<string, string | undefined>);
  const map = new Map<string, string>();
  for (const [name, value] of entries) {
    const trimmed = value?.trim();
    if (trimmed) map.set(name.toLowerCase(), trimmed);
  }
  return map;
}

/**
 * The console's four headers -> Credentials, or null when any is missing or the
 * authorization is not a Bearer token (a request without a session is not a session).
 */
export function credentialsFromHeaders(headers: HeaderList | Readonly<Record<string, string | undefined>>, now: Millis): Credentials | null {
  const map = headerMap(headers);
  const authorization = map.get('authorization');
  const apiKey = map.get('x-api-key');
  const orgId = map.get('x-gw-ims-org-id');
  const sandbox = map.get('x-sandbox-name');
  if (!authorization || !apiKey || !orgId || !sandbox) return null;
  if (!BEARER.test(authorization)) return null;
  return { authorization, apiKey, orgId, sandbox, seenAt: now, source: 'console' };
}

/** What may leave the background: no token, no api key (its schema: lib/messages/protocol). */
export type PublicSession = z.infer<typeof publicSessionSchema>;

export function publicSession(credentials: Credentials): PublicSession {
  return {
    orgId: credentials.orgId,
    sandbox: credentials.sandbox,
    seenAt: credentials.seenAt,
    stale: credentials.stale === true,
    source: credentials.source,
  };
}

/** The options page's typed credentials: the `session.setManual` request. */
export type ManualCredentialsInput = CommandRequest<'session.setManual'>;

/** Options-page input -> Credentials, or null when a field is empty or the token has spaces inside. */
export function manualCredentials(input: ManualCredentialsInput, now: Millis): Credentials | null {
  // People paste either the bare token or the whole header value.
  const token = input.token.trim().replace(/^bearer(\s+|$)/i, '');
  if (!token) return null;
  const authorization = `Bearer ${token}`;
  const parsed = credentialsFromHeaders({ authorization, 'x-api-key': input.apiKey, 'x-gw-ims-org-id': input.orgId, 'x-sandbox-name': input.sandbox }, now);
  return parsed && { ...parsed, source: 'manual' };
}
