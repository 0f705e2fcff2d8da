/**
 * The user's settings, as kept in `storage.local` under `settings`. Read through one
 * zod schema so a damaged or older value degrades to defaults instead of throwing.
 */
// zod/mini: the popup reads settings (through the session store), and full zod would add ~10 kB to it.
import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { PLATFORM_HOSTS, type PlatformEnvironment } from '@/lib/origins';
import type data from '@/lib/i18n/catalog/data';

/** Why a setting was refused: a key of the data catalog, which the options page carries. */
export type SettingsReason = keyof (typeof data)['en'];
import { isPlatformOrigin, isTestBuild } from '@/lib/origins';
import type { OriginPolicy } from '@/lib/session/console-frames';

export const SETTINGS_KEY = 'settings';

export interface Settings {
  environment: PlatformEnvironment;
  /** An origin (`https://host[:port]`), only used when `environment` is `custom`. */
  customHost?: string;
  notifications: boolean;
  retentionDays: number;
  retentionRuns: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  environment: 'production',
  notifications: true,
  retentionDays: 90,
  retentionRuns: 20_000,
});

export type CustomHostResult = { ok: true; origin: string } | { ok: false; reason: SettingsReason };

/**
 * A custom Platform host must be a bare https origin: credentials are sent to it.
 * Plain http is accepted only for the loopback simulator of test builds.
 */
export function validateCustomHost(input: string, policy: OriginPolicy = {}): CustomHostResult {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'settings.customHost.empty' };
  // A host name is letters, digits, dots and hyphens (or a bracketed IPv6 address). Checked
  // on the text: browsers percent-encode a space into a host ("platform%20va7") instead of refusing it.
  const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)/i
    .exec(text)![1]!
    .replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '');
  if (host && !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?$|^\[[0-9a-f:.]+\]$/i.test(host)) {
    return { ok: false, reason: 'settings.customHost.hostName' };
  }
  // People paste "platform-va7.adobe.io": treat a missing scheme as https.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'settings.customHost.invalid' };
  }
  if (!url.hostname) return { ok: false, reason: 'settings.customHost.invalid' };
  if (url.username || url.password) return { ok: false, reason: 'settings.customHost.credentials' };
  if (url.pathname !== '/' || url.search || url.hash || /[?#]$/.test(text)) {
    return { ok: false, reason: 'settings.customHost.path' };
  }
  const allowLoopback = policy.allowLoopback ?? isTestBuild();
  // The same rule as the API client's (lib/origins): nothing is saved that it would refuse.
  if (isPlatformOrigin(url, allowLoopback)) return { ok: true, origin: url.origin };
  if (url.protocol === 'http:') return { ok: false, reason: 'settings.customHost.https' };
  if (url.protocol === 'https:') return { ok: false, reason: 'settings.customHost.notAdobe' };
  return { ok: false, reason: 'settings.customHost.invalid' };
}

const positiveInt = (fallback: number) => z.catch(z.int().check(z.minimum(1), z.maximum(10_000_000)), fallback);

/** Field by field, so one bad field does not throw away the others. */
const storedSettingsSchema = z.object({
  environment: z.catch(z.enum(['production', 'stage', 'custom']), DEFAULT_SETTINGS.environment),
  customHost: z.catch(z.optional(z.string()), undefined),
  notifications: z.catch(z.boolean(), DEFAULT_SETTINGS.notifications),
  retentionDays: positiveInt(DEFAULT_SETTINGS.retentionDays),
  retentionRuns: positiveInt(DEFAULT_SETTINGS.retentionRuns),
});

/** Any stored value -> valid settings; never throws. */
export function parseSettings(raw: unknown): Settings {
  const parsed = storedSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) return { ...DEFAULT_SETTINGS };
  const value = parsed.data;
  const settings: Settings = {
    environment: value.environment,
    notifications: value.notifications,
    retentionDays: value.retentionDays,
    retentionRuns: value.retentionRuns,
  };
  if (value.customHost !== undefined) {
    const host = validateCustomHost(value.customHost);
    if (host.ok) settings.customHost = host.origin;
  }
  // A custom environment without a usable host would send credentials nowhere sensible.
  if (settings.environment === 'custom' && !settings.customHost) settings.environment = DEFAULT_SETTINGS.environment;
  return settings;
}

export function platformOrigin(settings: Settings): string {
  if (settings.environment === 'custom' && settings.customHost) {
    const host = validateCustomHost(settings.customHost);
    if (host.ok) return host.origin;
  }
  return settings.environment === 'stage' ? PLATFORM_HOSTS.stage : PLATFORM_HOSTS.production;
}

export class SettingsError extends Error {
  constructor(readonly reason: SettingsReason) {
    super(reason);
    this.name = 'SettingsError';
  }
}

export async function getSettings(): Promise<Settings> {
  try {
    const stored = await browser.storage.local.get(SETTINGS_KEY);
    return parseSettings(stored[SETTINGS_KEY]);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Merges and stores; throws `SettingsError` for an unusable custom host (the options page shows `reason`). */
export async function saveSettings(partial: Partial<Settings>): Promise<Settings> {
  const current = await getSettings();
  const next: Settings = { ...current, ...partial };
  if (partial.customHost !== undefined) {
    const host = validateCustomHost(partial.customHost);
    if (!host.ok) throw new SettingsError(host.reason);
    next.customHost = host.origin;
  }
  if (next.environment === 'custom' && !next.customHost) throw new SettingsError('settings.customHost.empty');
  const normalised = parseSettings(next);
  await browser.storage.local.set({ [SETTINGS_KEY]: normalised });
  return normalised;
}

/** Calls `cb` with the new settings whenever they change (in any context); returns unsubscribe. */
export function watchSettings(cb: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    cb(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
