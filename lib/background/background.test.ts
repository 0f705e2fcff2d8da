import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startSimulator, type Simulator } from '@/test/console-sim/server';
import { createSessionStore } from '@/lib/session';
import { exportStore } from '@/lib/store';
import type { RequestRecord, RunRecord } from '@/lib/model';
import { CHANNEL } from '@/lib/messages';
import { startBackground, type Background } from './index';
import type { EffectsApi } from './effects';

let sim: Simulator;
let background: Background | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  sim = await startSimulator({ scenario: 'bulk' });
  // The background runs on the real clock: the simulated server must agree with it.
  sim.state.setClock(Date.now(), 1);
  // The fake browser has no webRequest: the capture only needs somewhere to listen.
  const event = { addListener: () => undefined, removeListener: () => undefined };
  (fakeBrowser as unknown as { webRequest: unknown }).webRequest = { onBeforeSendHeaders: event };
  // Nor permission events or run-time content scripts: none of these tests grants a frame.
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'removeListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onAdded, 'removeListener').mockImplementation(() => undefined);
  (fakeBrowser as unknown as { scripting: unknown }).scripting = {
    getRegisteredContentScripts: async () => [],
    registerContentScripts: async () => undefined,
    unregisterContentScripts: async () => undefined,
  };
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
  await fakeBrowser.storage.local.set({ settings: { environment: 'custom', customHost: sim.url, notifications: true } });
  const { orgId, sandbox, token } = sim.state.scenario;
  await createSessionStore().recordCapture({ authorization: `Bearer ${token}`, apiKey: 'exc_app', orgId, sandbox, seenAt: Date.now(), source: 'console' });
});

afterEach(async () => {
  background?.stop();
  background = undefined;
  await exportStore().clearHistory();
  await sim.close();
  vi.restoreAllMocks();
});

/** A browser that grants every host the extension asks for. */
const everything = { contains: async () => true };

function fakeEffects() {
  const seen = { badges: [] as string[], alarms: new Set<string>(), notes: [] as string[] };
  const api: EffectsApi = {
    setBadgeText: async (text) => void seen.badges.push(text),
    setTitle: async () => undefined,
    createAlarm: async (name) => void seen.alarms.add(name),
    hasAlarm: async (name) => seen.alarms.has(name),
    clearAlarm: async (name) => void seen.alarms.delete(name),
    notify: async (_id, _title, message) => void seen.notes.push(message),
  };
  return { api, seen };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

describe('background composition', () => {
  it('answers view.get through the dispatcher with the session scope', async () => {
    const { api } = fakeEffects();
    background = startBackground({ effects: api, permissions: everything });
    // The fake browser passes no sender: stand in for Chrome with the popup's.
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const reply = await new Promise((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(
        { channel: CHANNEL, kind: 'command', type: 'view.get', payload: { route: { kind: 'browse' } } },
        popup as never,
        resolve as never,
      );
    });
    const data = (reply as { ok: boolean; data: { dataflows: unknown[]; sessionSeen: boolean } }).data;
    expect(reply).toMatchObject({ ok: true });
    expect(data.sessionSeen).toBe(true);
    expect(data.dataflows).toHaveLength(5);
  });

  it('a worker woken by a message answers it on the configured host, not the default one', async () => {
    // The background's own first settings read (the one its clients follow) is held back.
    const local = fakeBrowser.storage.local as unknown as { get(keys?: unknown): Promise<Record<string, unknown>> };
    const read = local.get.bind(local);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    vi.spyOn(local, 'get').mockImplementation(async (keys?: unknown) => {
      if (first) {
        first = false;
        await held;
      }
      return read(keys);
    });
    const { api } = fakeEffects();
    background = startBackground({ effects: api, permissions: everything });
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const reply = new Promise((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(
        { channel: CHANNEL, kind: 'command', type: 'view.get', payload: { route: { kind: 'browse' } } },
        popup as never,
        resolve as never,
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const data = ((await reply) as { data: { dataflows: unknown[] } }).data;
    expect(data.dataflows).toHaveLength(5);
  });

  it('after a change of Platform host the old host session is not used, and switching back uses it again', async () => {
    const { api } = fakeEffects();
    background = startBackground({ effects: api, permissions: everything });
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const seen = () =>
      new Promise<boolean>((resolve) => {
        void fakeBrowser.runtime.onMessage.trigger(
          { channel: CHANNEL, kind: 'command', type: 'view.get', payload: { route: { kind: 'browse' } } },
          popup as never,
          ((reply: { data: { sessionSeen: boolean } }) => resolve(reply.data.sessionSeen)) as never,
        );
      });
    expect(await seen()).toBe(true);
    const other = await startSimulator({ scenario: 'bulk' });
    try {
      await fakeBrowser.storage.local.set({ settings: { environment: 'custom', customHost: other.url, notifications: true } });
      await until(seen, (value) => value === false);
      expect(other.state.log.filter((r) => r.path.startsWith('/data/'))).toEqual([]);
      await fakeBrowser.storage.local.set({ settings: { environment: 'custom', customHost: sim.url, notifications: true } });
      await until(seen, (value) => value === true);
    } finally {
      await other.close();
    }
  });

  it('on start-up, a job left mid-POST by a killed worker is reconciled, not re-sent; badge and alarm follow', async () => {
    const { orgId, sandbox, token } = sim.state.scenario;
    const scope = { orgId, sandbox };
    const flowId = sim.state.scenario.flows[0]!.id as string;
    const audienceIds = (sim.state.scenario.flows[0]!.transformations[0].params.segmentSelectors.selectors as { value: { id: string } }[])
      .slice(0, 3)
      .map((s) => s.value.id);
    // The dead worker's POST reached the server...
    const response = await fetch(`${sim.url}/data/core/activation/disflowprovider/adhocrun`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-api-key': 'exc_app',
        'x-gw-ims-org-id': orgId,
        'x-sandbox-name': sandbox,
        accept: 'application/vnd.adobe.adhoc.activation+json; version=2',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ activationInfo: { [flowId]: audienceIds } }),
    });
    expect(response.status).toBe(200);
    // ...but only its `sending` write made it to IndexedDB.
    const now = Date.now();
    const request: RequestRecord = {
      id: 'job1#0',
      jobId: 'job1',
      index: 0,
      pairs: audienceIds.map((audienceId) => ({ flowId, audienceId })),
      status: 'sending',
      attempts: 1,
      sentAt: now,
    };
    const runs: RunRecord[] = audienceIds.map((audienceId) => ({
      id: `job1|${flowId}|${audienceId}`,
      jobId: 'job1',
      scope,
      flowId,
      audienceId,
      dataflowName: 'D',
      audienceName: audienceId,
      status: 'pending',
      requestId: 'job1#0',
      createdAt: now,
      updatedAt: now,
    }));
    await exportStore().createJob(
      { id: 'job1', scope, createdAt: now, updatedAt: now, status: 'sending', dataflows: [{ id: flowId, name: 'D' }], pairCount: 3 },
      [request],
      runs,
    );

    const { api, seen } = fakeEffects();
    background = startBackground({ effects: api, permissions: everything });
    const reconciled = await until(
      async () => (await exportStore().runsOfJob('job1')) as RunRecord[],
      (list) => list.every((r) => r.status !== 'pending'),
    );
    expect(reconciled.every((r) => r.runId !== undefined)).toBe(true);
    expect(sim.state.adhocRuns).toHaveLength(3); // nothing sent twice
    await until(
      async () => seen.badges.at(-1),
      (badge) => badge === '3',
    );
    expect([...seen.alarms]).toEqual(['bulk-export-now.track']);
  });

  it('site access withheld for the console: the toolbar shows "!" at start-up, and clears once it is granted', async () => {
    const granted = new Set<string>(['https://experience-stage.adobe.com/*', 'http://127.0.0.1/*']);
    const permissions = { contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)) };
    let added: ((p: { origins?: string[] }) => void) | undefined;
    vi.mocked(fakeBrowser.permissions.onAdded.addListener).mockImplementation((cb) => void (added = cb as never));
    const { api, seen } = fakeEffects();
    background = startBackground({ effects: api, permissions });
    await until(
      async () => seen.badges.at(-1),
      (badge) => badge === '!',
    );
    granted.add('https://experience.adobe.com/*');
    added?.({ origins: ['https://experience.adobe.com/*'] });
    await until(
      async () => seen.badges.at(-1),
      (badge) => badge === '',
    );
  });
});
