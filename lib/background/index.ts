/**
 * The background's composition root: real session store, IndexedDB, settings, one
 * Platform client per scope, the view builder, the export engine and the browser
 * effects, wired together. `entrypoints/background.ts` only calls `startBackground`.
 * Listeners are registered synchronously (an MV3 worker is woken by them).
 */
import { browser } from 'wxt/browser';
import type { Scope } from '@/lib/model';
import { ExportEngine, type EngineChange } from '@/lib/exports';
import { createDispatcher, sendEvent, type Handlers, type MessageListener } from '@/lib/messages';
import { selfIdentity } from '@/lib/messages/sender';
import { coreHandlers } from '@/lib/messages/core-handlers';
import { createServerClock, createSkipTally } from '@/lib/platform';
import { missingOrigins, type PermissionsApi } from '@/lib/access';
import { createSessionStore, startSessionCapture } from '@/lib/session';
import { createTabScopes } from '@/lib/session/tab-scopes';
import type { OriginPolicy } from '@/lib/session/console-frames';
import { createFrameOrigins } from '@/lib/frame-origins/store';
import { originPattern, type ScriptingApi } from '@/lib/frame-origins/registration';
import { applyGranted, frameHandlers, frameNotice } from './frame-handlers';
import { getSettings, platformOrigin, watchSettings, DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { exportStore } from '@/lib/store';
import { createViewBuilder } from '@/lib/view';
import { ourRunsFrom, platformClients } from './clients';
import { applyTrackingState, notifyJobEnded, notifyQueueNeedsSession, TRACKING_ALARM, type EffectsApi } from './effects';
import { browserEffects } from './browser-effects';
import { exportHandlers } from './handlers';
import { ExportQueue } from '@/lib/queue/runner';
import { QueueStore } from '@/lib/queue/queue-store';

/** Wakes the worker when a queued pair's wait ends (lib/queue). */
export const QUEUE_ALARM = 'bulk-export-now.queue';

/**
 * No command runs before the settings are read: a worker woken by a message would
 * otherwise make its clients on the default host, where the store (bound to the
 * configured host) has no credentials for them, and answer "no session".
 */
function afterSettings(handlers: Handlers, ready: Promise<unknown>): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [type, handler] of Object.entries(handlers)) {
    const run = handler as (...args: unknown[]) => unknown;
    wrapped[type] = async (...args: unknown[]) => {
      await ready;
      return run(...args);
    };
  }
  return wrapped as Handlers;
}

export interface Background {
  engine: ExportEngine;
  stop(): void;
}

export interface BackgroundOptions {
  effects?: EffectsApi;
  /** Whether the browser grants a host (lib/access); `browser.permissions` by default. */
  permissions?: PermissionsApi;
}

export function startBackground(options: BackgroundOptions = {}): Background {
  const effects = options.effects ?? browserEffects();
  const permissions: PermissionsApi = options.permissions ?? (browser.permissions as never);
  const store = exportStore();
  let settings: Settings = { ...DEFAULT_SETTINGS };
  const settingsReady = getSettings().then((value) => {
    settings = value;
  });
  // The same settings the clients are made from: the store answers the host they call,
  // with no storage read per API request.
  const sessions = createSessionStore(undefined, { platformOrigin: () => settingsReady.then(() => platformOrigin(settings)) });
  const stopWatching = watchSettings((value) => {
    const hostChanged = platformOrigin(value) !== platformOrigin(settings);
    settings = value;
    if (hostChanged) {
      views.invalidateAll();
      void refreshTracking();
    }
  });
  // Console frames on other Adobe hosts the user allowed: console origins for the capture
  // and the sender check (read before either decides), and the content script registered on them.
  const frames = createFrameOrigins({ local: browser.storage.local as never, session: browser.storage.session as never });
  const policy: OriginPolicy = { consoleOrigins: [] };
  const scripting = browser.scripting as unknown as ScriptingApi;
  const framesReady = frames.granted().then((granted) => applyGranted({ policy, scripting }, granted));
  const onPermissionRemoved = (removed: { origins?: string[] }) => {
    void refreshTracking();
    // Access withdrawn in the browser's own settings: the grant goes with it.
    const patterns = new Set(removed.origins ?? []);
    void frames.granted().then(async (granted) => {
      let next = granted;
      for (const origin of granted) if (patterns.has(originPattern(origin))) next = await frames.revoke(origin);
      if (next !== granted) await applyGranted({ policy, scripting }, next);
    });
  };
  browser.permissions.onRemoved.addListener(onPermissionRemoved);
  const onPermissionAdded = (added: { origins?: string[] }) => {
    void refreshTracking();
    // The user allowed a console frame we had noticed (Firefox may close the asking popup
    // before it can say so itself): trust it now. Nothing is granted that was not noticed.
    const patterns = new Set(added.origins ?? []);
    void frames.noticed().then(async (noticed) => {
      let granted: string[] | undefined;
      for (const { origin } of noticed) if (patterns.has(originPattern(origin))) granted = await frames.grant(origin);
      if (granted) await applyGranted({ policy, scripting }, granted);
    });
  };
  browser.permissions.onAdded.addListener(onPermissionAdded);

  // Which org each console tab works in, so a tab is never served another org's session.
  const tabs = createTabScopes(browser.storage.session as never);
  const stopCapture = startSessionCapture({
    store: sessions,
    tabs,
    policy,
    // Never the headers: only which frame asked, noted if it is an Adobe host we cannot read.
    onIgnored: (from) => {
      for (const url of from) void frames.notice(url, 'request', Date.now()).catch(() => undefined);
    },
  });
  const forgetTab = (tabId: number) => void tabs.forget(tabId).catch(() => undefined);
  browser.tabs.onRemoved.addListener(forgetTab);

  // Eligibility and run windows compare with the server's timestamps: by the server's clock.
  const clock = createServerClock();
  const skipped = createSkipTally();
  const clientFor = platformClients({
    origin: () => platformOrigin(settings),
    sessions,
    clock,
    onSkipped: (list, count) => skipped.note(list, count, Date.now()),
  });
  const views = createViewBuilder({ clientFor, ourRuns: ourRunsFrom(store), ourRunIds: (scope, since) => store.recentRunIds(scope, since), now: clock.now });
  /** Console tabs that asked for a view: content scripts do not hear runtime broadcasts. */
  const consoleTabs = new Set<number>();

  // One refresh at a time; changes during one ask for one more after it (its counts may
  // have been read before them). Counts only: every read here queues the engine's writes.
  let refreshing: Promise<void> | null = null;
  let stale = false;
  const refreshTracking = (): Promise<void> => {
    if (refreshing) {
      stale = true;
      return refreshing;
    }
    stale = false;
    refreshing = (async () => {
      // Withheld site access shows on the toolbar too: the popup says what and asks for it.
      const [state, missing] = await Promise.all([store.trackingState(), settingsReady.then(() => missingOrigins(permissions, platformOrigin(settings)))]);
      await applyTrackingState(effects, { ...state, needsAccess: missing.length > 0 });
    })()
      .catch(() => undefined)
      .finally(() => {
        refreshing = null;
        if (stale) void refreshTracking();
      });
    return refreshing;
  };

  const onChange = (change: EngineChange) => {
    views.invalidateRuns(change.scope, change.flowIds);
    const tabIds = [...consoleTabs];
    if (change.runIds) void sendEvent('runs.changed', { jobId: change.jobId, runIds: change.runIds });
    if (change.job) void sendEvent('jobs.changed', { jobId: change.jobId });
    void sendEvent('view.changed', { scope: change.scope, flowIds: change.flowIds }, { tabIds });
    void refreshTracking();
  };

  const engine = new ExportEngine({
    store,
    clientFor,
    sessions,
    freshViews: (scope: Scope, flowIds, audienceIds) => views.viewsOf(scope, flowIds, audienceIds),
    now: Date.now,
    serverOffset: clock.offset,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    onChange,
    onJobEnded: (job) => void notifyJobEnded(effects, job, settings.notifications).catch(() => undefined),
  });

  const queue = new ExportQueue({
    store: new QueueStore(store.name),
    recentRuns: (scope, since) => store.recentRuns(scope, since),
    start: (input) => engine.start(input),
    freshViews: (scope, flowIds, audienceIds) => views.viewsOf(scope, flowIds, audienceIds),
    hasSession: async (scope) => {
      const credentials = await sessions.getCredentials(scope);
      return Boolean(credentials && !credentials.stale);
    },
    now: Date.now,
    serverNow: clock.now,
    wakeAt: (at) => void (at === null ? browser.alarms.clear(QUEUE_ALARM) : browser.alarms.create(QUEUE_ALARM, { when: at })).catch(() => undefined),
    onChange: () => void sendEvent('queue.changed', {}),
    onNeedsSession: (count) => void notifyQueueNeedsSession(effects, count, settings.notifications).catch(() => undefined),
  });
  const processQueue = () => void settingsReady.then(() => queue.process()).catch(() => undefined);
  // A new session may be what queued pairs wait for.
  const stopQueueSessions = sessions.onSessionChange((change) => {
    if (change.reason === 'captured' || change.reason === 'resumed' || change.reason === 'manual') processQueue();
  });

  // Console tabs too: a page that asked for its view before the console's first API
  // call (no session yet) redraws as soon as the session is seen.
  const stopSessionEvents = sessions.onSessionChange((change) => void sendEvent('session.changed', change, { tabIds: [...consoleTabs] }));

  const handlers: Handlers = {
    ...coreHandlers({
      sessions,
      store,
      version: browser.runtime.getManifest().version,
      skipped: skipped.read,
      frames: async () => ({ noticed: (await frames.noticed()).map((n) => n.origin), granted: await frames.granted() }),
    }),
    ...exportHandlers({
      engine,
      views,
      sessions,
      consoleTabs,
      tabs,
      now: clock.now,
      notice: (sources, sessionSeen, locale) => frameNotice({ frames, policy }, sources, sessionSeen, locale),
      queue,
      openReport: async (query) => {
        await browser.tabs.create({ url: browser.runtime.getURL(`/report.html?${query}`) });
      },
    }),
    ...frameHandlers({ frames, permissions: browser.permissions as never, scripting, policy }),
    'queue.list': async () => ({ entries: await queue.list() }),
    'diagnostics.tables': async (_request, { tabId, sender }) => {
      if (tabId === undefined) return { lines: [] };
      // The asking frame only: its tables' fingerprints (entrypoints/diagnostics.ts returns them).
      const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId ?? 0] }, files: ['/diagnostics.js'] });
      const lines = result?.result;
      return { lines: Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string').slice(0, 200) : [] };
    },
    'queue.cancel': async (target) => ({ cancelled: await queue.cancel(target) }),
    'history.open': async ({ jobId }) => {
      // A tab, laid out as a page, at that job (the popup's page in a tab is not a 400 px popup).
      const query = new URLSearchParams({ view: 'page', ...(jobId && { job: jobId }) });
      await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html?${query}`) });
      return { opened: true };
    },
  };
  const listener: MessageListener = createDispatcher(afterSettings(handlers, settingsReady), { self: selfIdentity(), policy, ready: framesReady });
  browser.runtime.onMessage.addListener(listener as never);

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === QUEUE_ALARM) return processQueue();
    if (alarm.name !== TRACKING_ALARM) return;
    void settingsReady.then(() => engine.tick()).then(refreshTracking, () => undefined);
  };
  browser.alarms.onAlarm.addListener(onAlarm);

  // Start-up: whatever a killed worker left unfinished resumes from IndexedDB, and
  // history past the retention setting goes (unfinished jobs are never pruned).
  void settingsReady.then(() => engine.tick()).then(refreshTracking, () => undefined);
  // The queue too: its wake is set again, and what came due while the browser was closed goes.
  processQueue();
  void settingsReady.then(() => store.prune(Date.now(), { days: settings.retentionDays, maxRuns: settings.retentionRuns })).catch(() => undefined);

  return {
    engine,
    stop() {
      engine.dispose();
      stopWatching();
      stopCapture();
      stopSessionEvents();
      stopQueueSessions();
      browser.runtime.onMessage.removeListener(listener as never);
      browser.alarms.onAlarm.removeListener(onAlarm);
      browser.tabs.onRemoved.removeListener(forgetTab);
      browser.permissions.onRemoved.removeListener(onPermissionRemoved);
      browser.permissions.onAdded.removeListener(onPermissionAdded);
    },
  };
}
