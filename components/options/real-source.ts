/**
 * The options page's OptionsSource on the real modules.
 * Wired: settings (lib/settings), host permission, listing of manual credentials
 * (public fields only), clear history (lib/store).
 * TODO(messages): saving/removing manual credentials must go through the background,
 * which owns the session store (a second writer here would race its cache); they throw
 * a clear error until lib/messages exists.
 */
import { browser } from 'wxt/browser';
import { getSettings, saveSettings, SettingsError, validateCustomHost } from '@/lib/settings';
import { createSessionStore } from '@/lib/session/session-store';
import { exportStore } from '@/lib/store';
import type { OptionsSource, SaveResult, Settings } from './source';

function notWired(action: string): never {
  throw new Error(`${action} is not available yet (background messages not wired: components/options/real-source.ts)`);
}

async function store(next: Settings): Promise<SaveResult> {
  try {
    return { ok: true, settings: await saveSettings(next) };
  } catch (error) {
    if (error instanceof SettingsError) return { ok: false, reason: error.reason };
    throw error;
  }
}

export function realOptionsSource(): OptionsSource {
  return {
    load: getSettings,
    save(next) {
      const host = next.environment === 'custom' && next.customHost ? validateCustomHost(next.customHost) : null;
      if (!host) return store(next);
      if (!host.ok) return Promise.resolve({ ok: false, reason: host.reason });
      const origin = host.origin;
      // Requested first thing, inside the click's user gesture; resolves true at once when already granted.
      return browser.permissions
        .request({ origins: [`${origin}/*`] })
        .catch(() => false)
        .then((granted): Promise<SaveResult> | SaveResult =>
          granted ? store({ ...next, customHost: origin }) : { ok: false, reason: 'options.env.permissionDenied', params: { origin } },
        );
    },
    async manualCredentials() {
      const manual = (await createSessionStore().listSessions()).find((s) => s.source === 'manual');
      return manual ? { orgId: manual.orgId, sandbox: manual.sandbox } : null;
    },
    saveManualCredentials: async () => notWired('Saving manual credentials'),
    clearManualCredentials: async () => notWired('Removing manual credentials'),
    clearHistory: () => exportStore().clearHistory(),
  };
}
