import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  SettingsError,
  getSettings,
  parseSettings,
  platformOrigin,
  saveSettings,
  validateCustomHost,
  watchSettings,
  type Settings,
} from './settings';

beforeEach(() => fakeBrowser.reset());

describe('validateCustomHost', () => {
  it.each([
    ['https://platform-va7.adobe.io', 'https://platform-va7.adobe.io'],
    ['https://platform-va7.adobe.io/', 'https://platform-va7.adobe.io'],
    ['  platform-nld2.adobe.io ', 'https://platform-nld2.adobe.io'],
    ['https://gateway.adobe.io:8443', 'https://gateway.adobe.io:8443'],
  ])('accepts %j as %s', (input, origin) => {
    expect(validateCustomHost(input, { allowLoopback: false })).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'settings.customHost.empty'],
    ['   ', 'settings.customHost.empty'],
    ['http://platform.adobe.io', 'settings.customHost.https'],
    ['https://platform.adobe.io/data/core', 'settings.customHost.path'],
    ['https://platform.adobe.io/?x=1', 'settings.customHost.path'],
    ['https://platform.adobe.io/#top', 'settings.customHost.path'],
    ['https://user:pw@platform.adobe.io', 'settings.customHost.credentials'],
    ['ftp://platform.adobe.io', 'settings.customHost.invalid'],
    ['https://', 'settings.customHost.invalid'],
    ['http://127.0.0.1:4010', 'settings.customHost.https'],
    // A browser would percent-encode these into a host ("platform%20va7") rather than refuse them.
    ['platform va7', 'settings.customHost.hostName'],
    // One rule with the API client's: credentials go to Adobe gateways only.
    ['https://gateway.example.com:8443', 'settings.customHost.notAdobe'],
    ['https://adobe.io.evil.example', 'settings.customHost.notAdobe'],
    ['https://127.0.0.1:4010', 'settings.customHost.notAdobe'],
    ['https://platform va7.adobe.io', 'settings.customHost.hostName'],
    ['https://plat_form.adobe.io', 'settings.customHost.hostName'],
    ['https://-platform.adobe.io', 'settings.customHost.hostName'],
  ])('rejects %j with %s in production builds', (input, reason) => {
    expect(validateCustomHost(input, { allowLoopback: false })).toEqual({ ok: false, reason });
  });

  it('accepts plain http only for loopback hosts, only in test builds', () => {
    expect(validateCustomHost('http://127.0.0.1:4010')).toEqual({ ok: true, origin: 'http://127.0.0.1:4010' });
    expect(validateCustomHost('http://localhost:4010/')).toEqual({ ok: true, origin: 'http://localhost:4010' });
    expect(validateCustomHost('http://example.com:4010')).toEqual({ ok: false, reason: 'settings.customHost.https' });
  });
});

describe('parseSettings', () => {
  it('returns the defaults for nothing or garbage', () => {
    for (const raw of [undefined, null, 42, 'x', [], { environment: 7 }]) {
      expect(parseSettings(raw)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('keeps the good fields of a partly damaged value', () => {
    expect(parseSettings({ environment: 'stage', notifications: 'yes', retentionDays: -3, retentionRuns: 500 })).toEqual({
      ...DEFAULT_SETTINGS,
      environment: 'stage',
      retentionRuns: 500,
    });
  });

  it('falls back to production when custom has no usable host', () => {
    expect(parseSettings({ environment: 'custom', customHost: 'http://evil.example' }).environment).toBe('production');
    expect(parseSettings({ environment: 'custom' }).environment).toBe('production');
  });
});

describe('platformOrigin', () => {
  const base: Settings = { ...DEFAULT_SETTINGS };
  it('maps each environment to its host', () => {
    expect(platformOrigin(base)).toBe('https://platform.adobe.io');
    expect(platformOrigin({ ...base, environment: 'stage' })).toBe('https://platform-stage.adobe.io');
    expect(platformOrigin({ ...base, environment: 'custom', customHost: 'https://platform-va7.adobe.io' })).toBe('https://platform-va7.adobe.io');
  });
});

describe('storage', () => {
  it('reads defaults when nothing is stored and a damaged value without throwing', async () => {
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: 'not an object' });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('saves a partial change and keeps the rest', async () => {
    await saveSettings({ retentionDays: 30 });
    const saved = await saveSettings({ environment: 'custom', customHost: 'platform-va7.adobe.io/' });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 30, environment: 'custom', customHost: 'https://platform-va7.adobe.io' });
    expect(await getSettings()).toEqual(saved);
  });

  it('refuses an unusable custom host with the reason to show', async () => {
    await expect(saveSettings({ environment: 'custom', customHost: 'https://x.example/path' })).rejects.toEqual(new SettingsError('settings.customHost.path'));
    await expect(saveSettings({ environment: 'custom' })).rejects.toBeInstanceOf(SettingsError);
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('notifies watchers until unsubscribed', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await saveSettings({ notifications: false });
    stop();
    await saveSettings({ notifications: true });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, notifications: false }]);
  });
});
