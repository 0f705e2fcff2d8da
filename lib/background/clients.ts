/**
 * One Platform client per scope, on the configured origin, with credentials read from
 * the session store at each call (a refreshed console token is picked up at once).
 * A client only ever sends credentials bound to its own origin (see lib/session).
 */
import { t } from '@/lib/i18n';
import type { Pair, Scope } from '@/lib/model';
import { createPlatformClient, PlatformError, type PlatformClient, type PlatformClientOptions } from '@/lib/platform';
import { scopeKey } from '@/lib/session/credentials';
import type { SessionStore } from '@/lib/session/session-store';
import type { ExportStore } from '@/lib/store/export-store';

export interface ClientFactoryOptions extends Omit<PlatformClientOptions, 'baseUrl' | 'credentials'> {
  /** The configured Platform origin (lib/settings `platformOrigin`), read when a client is made. */
  origin: () => string;
  sessions: Pick<SessionStore, 'getCredentials'>;
}

export function platformClients(options: ClientFactoryOptions): (scope: Scope) => PlatformClient {
  const { origin, sessions, ...rest } = options;
  const clients = new Map<string, { origin: string; client: PlatformClient }>();
  return (scope) => {
    const key = scopeKey(scope);
    const current = origin();
    const known = clients.get(key);
    if (known && known.origin === current) return known.client;
    const client = createPlatformClient({
      ...rest,
      baseUrl: current,
      credentials: async () => {
        const credentials = await sessions.getCredentials(scope);
        // A stale token would only earn another 401: wait for the console to send a fresh one.
        if (!credentials || credentials.stale) throw new PlatformError('auth', t('exports.noSession'), { authReason: 'expired' });
        // The store answers the configured origin only, but this client may have been made for
        // the previous one just before a host change (or a store may not say): never send a
        // token anywhere but the host it came from. No session here, as far as this client goes.
        if (credentials.origin !== current) throw new PlatformError('auth', t('exports.noSession'), { authReason: 'expired' });
        return credentials;
      },
    });
    clients.set(key, { origin: current, client });
    return client;
  };
}

/**
 * Our runs in flight in a scope, for the view's `running` marks; with `waiting`, also those
 * still waiting to be sent (the page's view: they are exporting, not "Eligible"). The
 * engine's own re-checks leave those out: they are the very runs it is deciding about.
 */
export function ourRunsFrom(store: Pick<ExportStore, 'inFlightRuns' | 'ownedRuns'>): (scope: Scope, waiting: boolean) => Promise<Pair[]> {
  return async (scope, waiting) => {
    const key = scopeKey(scope);
    return (await (waiting ? store.ownedRuns() : store.inFlightRuns()))
      .filter((run) => scopeKey(run.scope) === key)
      .map((run) => ({ flowId: run.flowId, audienceId: run.audienceId }));
  };
}
