/**
 * The options page's OptionsSource on the real modules: settings (lib/settings), host
 * permission, manual credentials listed here (public fields only) but saved and removed
 * by the background, which owns the session store (a second writer here would race its
 * cache), clear history (lib/store).
 */
import { browser } from 'wxt/browser';
import { getSettings, saveSettings, SettingsError, validateCustomHost } from '@/lib/settings';
import { createSessionStore } from '@/lib/session/session-store';
import { exportStore } from '@/lib/store';
import { sendCommand } from '@/lib/messages/client';
import { originPattern } from '@/lib/frame-origins/registration';
import { CommandError } from '@/lib/messages/errors';
import type { OptionsSource, SaveResult, Settings } from './source';

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
      // A pattern carries no port (Firefox refuses one the manifest does not declare).
      return browser.permissions
        .request({ origins: [originPattern(origin)] })
        .catch(() => false)
        .then((granted): Promise<SaveResult> | SaveResult =>
          granted ? store({ ...next, customHost: origin }) : { ok: false, reason: 'options.env.permissionDenied', params: { origin } },
        );
    },
    async manualCredentials() {
      const manual = (await createSessionStore().listSessions()).find((s) => s.source === 'manual');
      return manual ? { orgId: manual.orgId, sandbox: manual.sandbox } : null;
    },
    async saveManualCredentials(input) {
      try {
        await sendCommand('session.setManual', input);
        return { ok: true };
      } catch (error) {
        // The background's own check of the fields: say which rule, not "bad request".
        if (error instanceof CommandError && error.kind === 'badRequest') return { ok: false, reason: 'options.creds.invalid' };
        throw error;
      }
    },
    async clearManualCredentials() {
      await sendCommand('session.clearManual', {});
    },
    clearHistory: () => exportStore().clearHistory(),
    diagnostics: () => sendCommand('diagnostics.get', {}),
    async frames() {
      const { noticed, granted } = await sendCommand('frames.list', {});
      return { noticed: noticed.map((n) => n.origin), granted };
    },
    async grantFrame(origin) {
      // First thing in the click (a user gesture).
      if (!(await browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false))) return false;
      await sendCommand('frames.grant', { origin });
      return true;
    },
    async revokeFrame(origin) {
      await sendCommand('frames.revoke', { origin });
    },
  };
}
