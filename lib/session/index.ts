/**
 * The console session: captured credentials per org+sandbox. The background owns the
 * single store (`sessions`); everything else asks it through lib/messages.
 */
export { credentialsFromHeaders, manualCredentials, publicSession, scopeKey } from './credentials';
export type { HeaderList, ManualCredentialsInput, PublicSession } from './credentials';
export { createSessionStore, SEEN_REFRESH_MS, SESSIONS_KEY } from './session-store';
export type { BoundCredentials, SessionArea, SessionChange, SessionChangeReason, SessionStore, SessionStoreDeps } from './session-store';
export { captureUrlPatterns, isConsoleRequest, startSessionCapture } from './capture';
export type { CaptureDeps, ObservedRequest, RequestEvent } from './capture';
export { isConsoleUrl, isTestBuild } from './console-frames';

import { createSessionStore, type SessionStore } from './session-store';

let shared: SessionStore | null = null;

/** The background's one session store on `browser.storage.session`. */
export function sessions(): SessionStore {
  shared ??= createSessionStore();
  return shared;
}
