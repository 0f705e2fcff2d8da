import { ruleSentences } from '@/lib/present/view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CHANNEL,
  CommandError,
  createDispatcher,
  dispatch,
  MAX_PAIRS_PER_START,
  onEvents,
  sendCommand,
  sendEvent,
  type DispatcherOptions,
  type Handlers,
  type Reply,
  type SenderInfo,
} from '.';

const self = { id: 'test-extension-id', origin: 'chrome-extension://test-extension-id' };
const options: DispatcherOptions = { self, policy: { allowLoopback: false } };
const popup: SenderInfo = { id: self.id, url: `${self.origin}/popup.html` };
const consoleFrame: SenderInfo = { id: self.id, url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse', tab: { id: 7 }, frameId: 3 };
const command = (type: string, payload?: unknown) => ({ channel: CHANNEL, kind: 'command', type, payload });

const handlers: Handlers = {
  ping: () => ({ pong: true, version: '1.2.3' }),
  'exports.cancel': ({ jobId }) => ({ cancelled: jobId === 'j1' }),
  'exports.retry': () => {
    throw new CommandError({ kind: 'auth', message: 'Refresh the console (Bearer abc.def leaked)', status: 401 });
  },
  'session.list': () => ({
    sessions: [{ orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: 1, stale: false, source: 'console', authorization: 'Bearer secret' } as never],
  }),
  'exports.start': () => {
    throw new TypeError('boom');
  },
};

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('dispatch', () => {
  it('answers a valid command from an extension page and from a console frame', async () => {
    expect(await dispatch(handlers, command('ping', {}), popup, options)).toEqual({ ok: true, data: { pong: true, version: '1.2.3' } });
    expect(await dispatch(handlers, command('ping', {}), consoleFrame, options)).toEqual({ ok: true, data: { pong: true, version: '1.2.3' } });
    expect(await dispatch(handlers, command('exports.cancel', { jobId: 'j1' }), popup, options)).toEqual({ ok: true, data: { cancelled: true } });
  });

  it('lets a console frame send only the commands the content script uses', async () => {
    for (const type of ['exports.cancel', 'history.list', 'session.list', 'session.setManual', 'session.clearManual', 'diagnostics.get']) {
      const payload = type === 'exports.cancel' ? { jobId: 'j1' } : type === 'history.list' ? { limit: 5 } : {};
      expect(await dispatch(handlers, command(type, payload), consoleFrame, options), type).toMatchObject({ ok: false });
    }
  });

  it('refuses an invalid payload with badRequest', async () => {
    const reply = await dispatch(handlers, command('exports.cancel', { jobId: 42 }), popup, options);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
    const tooMany = Array.from({ length: MAX_PAIRS_PER_START + 1 }, (_, i) => ({ flowId: 'f', audienceId: `a${i}` }));
    expect(await dispatch(handlers, command('exports.start', { pairs: tooMany, origin: 'page' }), popup, options)).toMatchObject({
      ok: false,
      error: { kind: 'badRequest' },
    });
    expect(await dispatch(handlers, command('exports.start', { pairs: [], origin: 'page' }), popup, options)).toMatchObject({
      error: { kind: 'badRequest' },
    });
  });

  it("carries the page's sandbox to view.get and exports.start, bounded like the other strings", async () => {
    const own: Handlers = {
      'view.get': ({ sandbox }) => ({
        dataflows: [],
        reasons: ruleSentences('en'),
        scope: sandbox ? { orgId: 'O@AdobeOrg', sandbox } : null,
        sessionSeen: !!sandbox,
      }),
    };
    const route = { kind: 'browse' };
    expect(await dispatch(own, command('view.get', { route, sandbox: 'dev' }), consoleFrame, options)).toMatchObject({
      ok: true,
      data: { scope: { sandbox: 'dev' }, sessionSeen: true },
    });
    for (const sandbox of ['', 'x'.repeat(501), 7]) {
      expect(await dispatch(own, command('view.get', { route, sandbox }), consoleFrame, options)).toMatchObject({ error: { kind: 'badRequest' } });
      const pairs = [{ flowId: 'f', audienceId: 'a' }];
      expect(await dispatch(handlers, command('exports.start', { pairs, origin: 'page', sandbox }), consoleFrame, options)).toMatchObject({
        error: { kind: 'badRequest' },
      });
    }
  });

  it('refuses unknown commands and things that are not commands', async () => {
    expect(await dispatch(handlers, command('nope'), popup, options)).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
    expect(await dispatch(handlers, command('__proto__'), popup, options)).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
    expect(await dispatch(handlers, 'ping', popup, options)).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
    expect(await dispatch(handlers, null, popup, options)).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
  });

  it.each<[string, SenderInfo]>([
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/page.html' }],
    ['no id (a web page)', { url: 'https://evil.example/' }],
    ['our content script in a foreign frame', { ...consoleFrame, url: 'https://evil.example/frame' }],
    ['our content script on a look-alike host', { ...consoleFrame, url: 'https://experience.adobe.com.evil.example/' }],
    ['our id but a foreign page url', { id: self.id, url: 'https://evil.example/' }],
    ['the loopback simulator in a production build', { ...consoleFrame, url: 'http://127.0.0.1:4000/' }],
  ])('refuses %s', async (_label, sender) => {
    expect(await dispatch(handlers, command('ping', {}), sender, options)).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });

  it('accepts our own page opened in a tab (a history link, the options tab)', async () => {
    const tabbed = { id: self.id, url: `${self.origin}/popup.html`, tab: { id: 7 } };
    expect(await dispatch(handlers, command('ping', {}), tabbed, options)).toMatchObject({ ok: true });
  });

  it('accepts the loopback simulator only when the build allows it', async () => {
    const sim = { ...consoleFrame, url: 'http://127.0.0.1:4000/#/@t/sname:prod/platform/destination/browse' };
    expect(await dispatch(handlers, command('ping', {}), sim, { self, policy: { allowLoopback: true } })).toMatchObject({ ok: true });
  });

  it('keeps extension-only commands away from console frames', async () => {
    const manual = command('session.setManual', { token: 't', apiKey: 'k', orgId: 'o', sandbox: 's' });
    expect(await dispatch({ 'session.setManual': vi.fn() }, manual, consoleFrame, options)).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });

  it('turns a handler failure into an error reply without credentials', async () => {
    const typed = await dispatch(handlers, command('exports.retry', { jobId: 'j1' }), popup, options);
    expect(typed).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    expect(JSON.stringify(typed)).not.toContain('abc.def');
    expect(await dispatch(handlers, command('exports.start', { pairs: [{ flowId: 'f', audienceId: 'a' }], origin: 'page' }), popup, options)).toEqual({
      ok: false,
      error: { kind: 'unknown', message: 'boom' },
    });
    expect(await dispatch(handlers, command('history.list', { limit: 5 }), popup, options)).toMatchObject({ ok: false, error: { kind: 'unknown' } });
  });

  it('strips fields the response schema does not name', async () => {
    const reply = await dispatch(handlers, command('session.list', {}), popup, options);
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply)).not.toContain('secret');
  });
});

describe('createDispatcher', () => {
  it('answers through sendResponse and returns true; ignores our own events', async () => {
    const listener = createDispatcher(handlers, options);
    const reply = await new Promise<Reply>((resolve) => expect(listener(command('ping', {}), popup, resolve)).toBe(true));
    expect(reply).toMatchObject({ ok: true });
    const respond = vi.fn();
    expect(listener({ channel: CHANNEL, kind: 'event', type: 'jobs.changed', payload: { jobId: 'x' } }, popup, respond)).toBeUndefined();
    expect(respond).not.toHaveBeenCalled();
  });
});

describe('sendCommand', () => {
  // The fake browser passes an empty sender: stand in for Chrome by adding the popup's.
  function serve(h: Handlers) {
    const listener = createDispatcher(h, options);
    fakeBrowser.runtime.onMessage.addListener((message, _sender, respond) => listener(message, popup, respond as (r: Reply) => void));
  }

  it('round-trips through runtime messaging with typed, validated data', async () => {
    serve(handlers);
    const pong = await sendCommand('ping', {});
    expect(pong).toEqual({ pong: true, version: '1.2.3' });
  });

  it('throws a typed CommandError for an error reply', async () => {
    serve(handlers);
    const error = await sendCommand('exports.retry', { jobId: 'j1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('an invalid request is refused by the background, in our words; a broken answer or none is thrown typed', async () => {
    serve(handlers);
    await expect(sendCommand('exports.cancel', { jobId: '' })).rejects.toMatchObject({ kind: 'badRequest' });
    fakeBrowser.runtime.sendMessage = (async () => ({ ok: 'yes' })) as typeof fakeBrowser.runtime.sendMessage;
    await expect(sendCommand('ping', {})).rejects.toMatchObject({ kind: 'malformed' });
    fakeBrowser.runtime.sendMessage = (async () => undefined) as typeof fakeBrowser.runtime.sendMessage;
    await expect(sendCommand('ping', {})).rejects.toMatchObject({ kind: 'malformed' });
    fakeBrowser.runtime.sendMessage = (async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }) as typeof fakeBrowser.runtime.sendMessage;
    await expect(sendCommand('ping', {})).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('events', () => {
  it('calls back for the asked types from this extension, not for others nor from a tab (a content script)', async () => {
    let heard = 0;
    const stop = onEvents(['runs.changed', 'queue.changed'], () => heard++);
    // As Chrome delivers the background's broadcasts: from this extension, no tab.
    const fromBackground = { id: fakeBrowser.runtime.id } as never;
    const event = (type: string) => ({ channel: CHANNEL, kind: 'event', type, payload: {} });
    await fakeBrowser.runtime.onMessage.trigger(event('runs.changed'), fromBackground, () => {});
    await fakeBrowser.runtime.onMessage.trigger(event('jobs.changed'), fromBackground, () => {});
    await fakeBrowser.runtime.onMessage.trigger(event('queue.changed'), fromBackground, () => {});
    expect(heard).toBe(2);
    await fakeBrowser.runtime.onMessage.trigger(
      { channel: CHANNEL, kind: 'event', type: 'runs.changed', payload: {} },
      { id: self.id, tab: { id: 1 } } as never,
      () => {},
    );
    await fakeBrowser.runtime.onMessage.trigger(
      { channel: CHANNEL, kind: 'event', type: 'runs.changed', payload: {} },
      { id: 'another-extension' } as never,
      () => {},
    );
    expect(heard).toBe(2);
    stop();
    await fakeBrowser.runtime.onMessage.trigger(event('runs.changed'), fromBackground, () => {});
    expect(heard).toBe(2);
  });

  it('does not fail when nobody listens or a tab is gone', async () => {
    await expect(sendEvent('jobs.changed', { jobId: 'j' }, { tabIds: [999] })).resolves.toBeUndefined();
  });
});
