import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { memoryArea } from '@/lib/exports/engine.testkit';
import { createFrameOrigins } from '@/lib/frame-origins/store';
import { REGISTERED_ID, type ScriptingApi } from '@/lib/frame-origins/registration';
import { dispatch } from '@/lib/messages/dispatcher';
import type { OriginPolicy } from '@/lib/session/console-frames';
import { frameHandlers, frameNotice } from './frame-handlers';

const ADOBE = 'https://exc-unifiedcontent.experience.adobe.net';
const self = { id: fakeBrowser.runtime.id, origin: `chrome-extension://${fakeBrowser.runtime.id}` };
const optionsPage = { id: self.id, url: `${self.origin}/options.html` };
const consolePage = { id: self.id, url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse', tab: { id: 7 }, frameId: 0 };
const command = (type: string, payload: unknown) => ({ channel: 'bulk-export-now', kind: 'command', type, payload });

function world(held = true) {
  const frames = createFrameOrigins({ local: memoryArea(), session: memoryArea(), allowTest: false });
  const registered = new Map<string, string[]>();
  const scripting: ScriptingApi = {
    getRegisteredContentScripts: async ({ ids }) => ids.flatMap((id) => (registered.has(id) ? [{ id, matches: registered.get(id)! }] : [])),
    registerContentScripts: async (scripts) => void scripts.forEach((s) => registered.set(s.id, s.matches)),
    unregisterContentScripts: async ({ ids }) => void ids.forEach((id) => registered.delete(id)),
  };
  const permissions = {
    contains: vi.fn(async () => held),
    remove: vi.fn(async (): Promise<boolean> => {
      throw new Error('required permission');
    }),
  };
  const policy: OriginPolicy = { allowLoopback: false, consoleOrigins: [] };
  const handlers = frameHandlers({ frames, permissions, scripting, policy });
  return {
    frames,
    registered,
    permissions,
    policy,
    handlers,
    send: (type: string, payload: unknown, sender = optionsPage) => dispatch(handlers, command(type, payload), sender, { self, policy }),
  };
}

describe('granting a console frame origin', () => {
  it('trusts it, registers the content script on it, and a console frame there may then talk to the background', async () => {
    const w = world();
    await w.frames.notice(`${ADOBE}/app`, 'frame', 1);
    expect(await w.send('frames.grant', { origin: ADOBE })).toEqual({ ok: true, data: { granted: [ADOBE] } });
    expect(w.permissions.contains).toHaveBeenCalledWith({ origins: [`${ADOBE}/*`] });
    expect(w.policy.consoleOrigins).toEqual([ADOBE]);
    expect(w.registered.get(REGISTERED_ID)).toEqual([`${ADOBE}/*`]);
    expect(await w.send('frames.list', {})).toEqual({ ok: true, data: { noticed: [], granted: [ADOBE] } });
  });

  it('refuses a host that is not Adobe, and one the browser did not grant', async () => {
    const w = world(false);
    expect(await w.send('frames.grant', { origin: 'https://evil.example' })).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await w.send('frames.grant', { origin: ADOBE })).toEqual({
      ok: false,
      error: { kind: 'refused', message: `The browser did not grant access to ${ADOBE}. Nothing changed.` },
    });
    expect(await w.frames.granted()).toEqual([]);
    expect(w.policy.consoleOrigins).toEqual([]);
    expect(w.registered.size).toBe(0);
  });

  it('a console page can neither list, grant nor revoke', async () => {
    const w = world();
    for (const type of ['frames.list', 'frames.grant', 'frames.revoke']) {
      expect(await w.send(type, type === 'frames.list' ? {} : { origin: ADOBE }, consolePage), type).toMatchObject({ ok: false, error: { kind: 'refused' } });
    }
  });

  it('revoking withdraws our trust and the script even when the browser keeps its permission', async () => {
    const w = world();
    await w.send('frames.grant', { origin: ADOBE });
    expect(await w.send('frames.revoke', { origin: ADOBE })).toEqual({ ok: true, data: { granted: [] } });
    expect(w.permissions.remove).toHaveBeenCalledWith({ origins: [`${ADOBE}/*`] });
    expect(w.policy.consoleOrigins).toEqual([]);
    expect(w.registered.size).toBe(0);
  });
});

describe("the page's notice", () => {
  it("names an unreadable Adobe frame in the page's language, and notes it", async () => {
    const w = world();
    const notice = await frameNotice(w, [`${ADOBE}/solutions/platform/index.html`], true, 'pt_BR');
    expect(notice).toBe(
      `Aqui a Experience Platform roda em um quadro de ${ADOBE}, que o Bulk Export Now ainda não consegue ler. Para permitir, abra o Bulk Export Now pela barra de ferramentas do navegador e escolha Conceder acesso.`,
    );
    expect((await w.frames.noticed()).map((n) => n.origin)).toEqual([ADOBE]);
  });

  it('says nothing for a readable frame, a frame of another site, or a granted origin', async () => {
    const w = world();
    expect(await frameNotice(w, ['https://experience.adobe.com/app', 'https://evil.example/x'], true, 'en')).toBeUndefined();
    await w.send('frames.grant', { origin: ADOBE });
    expect(await frameNotice(w, [`${ADOBE}/app`], true, 'en')).toBeUndefined();
    expect(await w.frames.noticed()).toEqual([]);
  });

  it('with no session, a frame noticed earlier (by its requests) explains it', async () => {
    const w = world();
    await w.frames.notice(`${ADOBE}/app`, 'request', 1);
    expect(await frameNotice(w, [], true, 'en')).toBeUndefined();
    expect(await frameNotice(w, [], false, 'en')).toMatch(/^Experience Platform runs here in a frame from https:\/\/exc-unifiedcontent/);
  });
});
