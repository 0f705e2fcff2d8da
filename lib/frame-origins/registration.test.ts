import { describe, expect, it } from 'vitest';
import { originPattern, REGISTERED_ID, syncConsoleScript, type ScriptingApi } from './registration';

function fakeScripting() {
  const registered = new Map<string, { id: string; matches: string[]; js: string[] }>();
  const calls: string[] = [];
  const api: ScriptingApi = {
    getRegisteredContentScripts: async ({ ids }) => ids.flatMap((id) => (registered.has(id) ? [registered.get(id)!] : [])),
    registerContentScripts: async (scripts) => {
      calls.push('register');
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
    },
    unregisterContentScripts: async ({ ids }) => {
      calls.push('unregister');
      for (const id of ids) registered.delete(id);
    },
  };
  return { api, registered, calls };
}

describe('the content script on granted frame origins', () => {
  it('registers the granted origins, in every frame, and leaves a matching registration alone', async () => {
    const { api, registered, calls } = fakeScripting();
    await syncConsoleScript(api, ['https://exc-unifiedcontent.experience.adobe.net']);
    expect(registered.get(REGISTERED_ID)).toMatchObject({
      matches: ['https://exc-unifiedcontent.experience.adobe.net/*'],
      js: ['console.js'],
      allFrames: true,
    });
    await syncConsoleScript(api, ['https://exc-unifiedcontent.experience.adobe.net']);
    expect(calls).toEqual(['register']);
  });

  it('follows a change of the list, and unregisters when it is empty', async () => {
    const { api, registered } = fakeScripting();
    await syncConsoleScript(api, ['https://a.adobe.net']);
    await syncConsoleScript(api, ['https://a.adobe.net', 'https://b.adobe.com']);
    expect(registered.get(REGISTERED_ID)?.matches).toEqual(['https://a.adobe.net/*', 'https://b.adobe.com/*']);
    await syncConsoleScript(api, []);
    expect(registered.size).toBe(0);
  });

  it('writes patterns without a port', () => {
    expect(originPattern('http://127.0.0.2:4010')).toBe('http://127.0.0.2/*');
    expect(originPattern('https://a.adobe.net')).toBe('https://a.adobe.net/*');
  });
});
