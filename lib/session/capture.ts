/**
 * Watches the console's own calls to the configured Platform host and keeps their
 * headers as the session. The extension's own fetches (tabId -1) and any page that
 * is not the console are ignored, so a token can only come from the console itself.
 */
import { browser } from 'wxt/browser';
import type { Millis } from '@/lib/model';
import { LOOPBACK_MATCHES, OPTIONAL_PLATFORM_MATCHES, platformMatches } from '@/lib/origins';
import { getSettings, platformOrigin, watchSettings } from '@/lib/settings';
import { isConsoleUrl, isTestBuild, type OriginPolicy } from './console-frames';
import { credentialsFromHeaders, type HeaderList } from './credentials';
import type { SessionStore } from './session-store';
import type { TabScopes } from './tab-scopes';

/** The fields of `webRequest.onBeforeSendHeaders` details we read (Chrome and Firefox spellings). */
export interface ObservedRequest {
  url: string;
  tabId: number;
  requestHeaders?: HeaderList;
  /** Chrome: the origin of the frame that made the request. */
  initiator?: string;
  /** Firefox. */
  originUrl?: string;
  documentUrl?: string;
}

function toHost(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The URLs the browser names for the frame that made a request (Chrome's initiator, Firefox's document and origin). */
function framesOf(details: ObservedRequest): string[] {
  return [details.initiator, details.documentUrl, details.originUrl].filter((u): u is string => !!u);
}

/** Pure filter: is this a console frame's request to the configured Platform host? */
export function isConsoleRequest(details: ObservedRequest, platform: string, policy: OriginPolicy = {}): boolean {
  if (!(details.tabId >= 0) || toHost(details.url) !== platform) return false;
  const from = framesOf(details);
  // Every URL the browser names must be the console's: a foreign frame inside the console is not the console.
  return from.length > 0 && from.every((url) => isConsoleUrl(url, policy));
}

/** Request URL patterns for the listener; the listener itself checks the exact configured origin. */
export function captureUrlPatterns(customOrigin?: string, policy: OriginPolicy = {}): string[] {
  const patterns = new Set<string>([...platformMatches(), ...OPTIONAL_PLATFORM_MATCHES]);
  if (policy.allowLoopback ?? isTestBuild()) for (const p of LOOPBACK_MATCHES) patterns.add(p);
  if (customOrigin) {
    // Match patterns carry no port: the exact origin (port included) is checked in the listener.
    const url = new URL(customOrigin);
    patterns.add(`${url.protocol}//${url.hostname}/*`);
  }
  return [...patterns];
}

type Listener = (details: ObservedRequest) => void;

export interface RequestEvent {
  addListener(cb: Listener, filter: { urls: string[] }, extraInfoSpec?: string[]): void;
  removeListener(cb: Listener): void;
}

export interface CaptureDeps {
  store: SessionStore;
  /**
   * A request to the Platform host from a frame that is not a console frame: the URLs the
   * browser named for it (never its headers), so an Adobe frame we cannot read gets noticed.
   */
  onIgnored?: (from: string[]) => void;
  /** Which scope each console tab's own requests use (tab-bound sessions). */
  tabs?: TabScopes;
  /** Defaults to `browser.webRequest.onBeforeSendHeaders`. */
  event?: RequestEvent;
  /** The configured Platform origin; defaults to the settings (kept current by watchSettings). */
  platformOrigin?: () => Promise<string>;
  now?: () => Millis;
  policy?: OriginPolicy;
}

/**
 * Registers the listener synchronously (an MV3 worker must, to be woken by the event)
 * and returns a stop function. Call once from the background's top level.
 */
export function startSessionCapture(deps: CaptureDeps): () => void {
  const event = deps.event ?? (browser.webRequest.onBeforeSendHeaders as unknown as RequestEvent);
  const now = deps.now ?? Date.now;
  const policy = deps.policy ?? {};
  let origin: Promise<string> = deps.platformOrigin ? deps.platformOrigin() : getSettings().then(platformOrigin);
  let stopWatching = () => {};

  const listener: Listener = (details) => {
    // Cheap checks first: the console sends many requests.
    if (!(details.tabId >= 0) || !details.requestHeaders) return;
    const headers = details.requestHeaders;
    void origin
      .then((platform) => {
        if (!isConsoleRequest(details, platform, policy)) {
          if (deps.onIgnored && toHost(details.url) === platform) deps.onIgnored(framesOf(details));
          return;
        }
        const credentials = credentialsFromHeaders(headers, now());
        // Bound to the origin the request went to (equal to `platform`, checked above), not to
        // whatever the settings say by the time the store writes it.
        if (!credentials) return;
        void deps.tabs?.record(details.tabId, { orgId: credentials.orgId, sandbox: credentials.sandbox });
        return deps.store.recordCapture({ ...credentials, origin: platform });
      })
      // Never log the error: it could carry header values.
      .catch(() => undefined);
  };

  // No 'extraHeaders': Authorization and the x-* headers are visible without it in Chrome, and Firefox rejects it.
  const register = (customOrigin?: string) => event.addListener(listener, { urls: captureUrlPatterns(customOrigin, policy) }, ['requestHeaders']);
  register();

  if (!deps.platformOrigin) {
    // A custom host outside the default patterns needs a wider filter.
    const rewire = (settingsOrigin: string) => {
      event.removeListener(listener);
      register(settingsOrigin);
    };
    // Re-read `origin` after it settles: a settings change may have replaced it meanwhile.
    void origin.then(() => origin).then(rewire, () => undefined);
    stopWatching = watchSettings((settings) => {
      const next = platformOrigin(settings);
      origin = Promise.resolve(next);
      rewire(next);
    });
  }

  return () => {
    stopWatching();
    event.removeListener(listener);
  };
}
