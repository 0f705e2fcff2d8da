/**
 * Which org and sandbox each console tab's own requests use: two tabs in two orgs that
 * both have a sandbox named `prod` (every org has one) must each get their own session,
 * never the one seen last. Kept in `storage.session` beside the sessions (no credential
 * here: only the scope), written on capture, forgotten when the tab closes.
 */
import type { Scope } from '@/lib/model';
import { createSerial } from '@/lib/serial';
import type { SessionArea } from './session-store';

export const TAB_SCOPES_KEY = 'tabScopes';

export interface TabScopes {
  record(tabId: number, scope: Scope): Promise<void>;
  get(tabId: number): Promise<Scope | null>;
  forget(tabId: number): Promise<void>;
}

export function createTabScopes(area: SessionArea): TabScopes {
  // One writer at a time: captures come in bursts.
  const serial = createSerial();
  const read = async (): Promise<Record<string, Scope>> => {
    const value = (await area.get(TAB_SCOPES_KEY))[TAB_SCOPES_KEY];
    return value && typeof value === 'object' ? (value as Record<string, Scope>) : {};
  };
  return {
    record: (tabId, { orgId, sandbox }) =>
      serial(async () => {
        const all = await read();
        const known = all[tabId];
        if (known?.orgId === orgId && known.sandbox === sandbox) return;
        await area.set({ [TAB_SCOPES_KEY]: { ...all, [tabId]: { orgId, sandbox } } });
      }),
    async get(tabId) {
      const scope = (await read())[tabId];
      return scope && typeof scope.orgId === 'string' && typeof scope.sandbox === 'string' ? { orgId: scope.orgId, sandbox: scope.sandbox } : null;
    },
    forget: (tabId) =>
      serial(async () => {
        const all = await read();
        if (!(tabId in all)) return;
        delete all[tabId];
        await area.set({ [TAB_SCOPES_KEY]: all });
      }),
  };
}
