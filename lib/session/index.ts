/**
 * The console session: captured credentials per Platform host and org+sandbox. The
 * background owns the one writing store; everything else asks it through lib/messages.
 */
export { credentialsFromHeaders, manualCredentials, publicSession, scopeKey } from './credentials';
export type { HeaderList, ManualCredentialsInput, PublicSession } from './credentials';
export { createSessionStore, SEEN_REFRESH_MS, SESSIONS_KEY } from './session-store';
export type { BoundCredentials, SessionArea, SessionChange, SessionChangeReason, SessionStore, SessionStoreDeps } from './session-store';
export { captureUrlPatterns, isConsoleRequest, startSessionCapture } from './capture';
export type { CaptureDeps, ObservedRequest, RequestEvent } from './capture';
export { isConsoleUrl, isTestBuild } from './console-frames';
