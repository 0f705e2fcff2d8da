import { describe, expect, it } from 'vitest';
import { memoryArea } from '@/lib/exports/engine.testkit';
import { createFrameOrigins, GRANTED_KEY } from './store';

const ADOBE = 'https://exc-unifiedcontent.experience.adobe.net';

function origins(allowTest = false) {
  const local = memoryArea();
  const session = memoryArea();
  return { local, session, frames: createFrameOrigins({ local, session, allowTest }) };
}

describe('frame origins', () => {
  it('notes an Adobe frame origin once, newest first, and never anything else', async () => {
    const { frames } = origins();
    expect(await frames.notice(`${ADOBE}/solutions/platform/index.html#/x`, 'frame', 1)).toBe(true);
    expect(await frames.notice('https://experience-cdn.adobe.com/app', 'request', 2)).toBe(true);
    expect(await frames.notice(`${ADOBE}/other`, 'request', 3)).toBe(true);
    for (const hostile of [
      'https://evil.example/adobe.net',
      'https://adobe.net.evil.example',
      'http://experience.adobe.com',
      'javascript:alert(1)',
      'not a url',
      'http://127.0.0.2:4010',
    ]) {
      expect(await frames.notice(hostile, 'frame', 4), hostile).toBe(false);
    }
    expect((await frames.noticed()).map((n) => [n.origin, n.via])).toEqual([
      [ADOBE, 'request'],
      ['https://experience-cdn.adobe.com', 'request'],
    ]);
  });

  it('a grant keeps the origin across restarts and takes it off the noticed list; revoke undoes it', async () => {
    const { local, frames } = origins();
    await frames.notice(ADOBE, 'frame', 1);
    expect(await frames.grant(ADOBE)).toEqual([ADOBE]);
    expect(await frames.noticed()).toEqual([]);
    expect(await frames.notice(ADOBE, 'request', 2)).toBe(false);
    // A new worker, a new browser session: storage.local still has it.
    const restarted = createFrameOrigins({ local, session: memoryArea(), allowTest: false });
    expect(await restarted.granted()).toEqual([ADOBE]);
    expect(await restarted.revoke(ADOBE)).toEqual([]);
    expect(await frames.granted()).toEqual([]);
  });

  it('refuses to grant anything but the bare origin of an Adobe host', async () => {
    const { frames } = origins();
    for (const bad of ['https://evil.example', `${ADOBE}/path`, 'http://127.0.0.2:4010', 'https://adobe.net.evil.example']) {
      await expect(frames.grant(bad), bad).rejects.toThrow(/Not an Adobe console host/);
    }
    expect(await frames.granted()).toEqual([]);
  });

  it('a hand-edited stored list keeps only what the rule accepts', async () => {
    const { local, frames } = origins();
    await local.set({ [GRANTED_KEY]: [ADOBE, 'https://evil.example', 42, `${ADOBE}/x`, ADOBE] });
    expect(await frames.granted()).toEqual([ADOBE]);
  });

  it("test builds: the simulator's stand-in host is grantable", async () => {
    const { frames } = origins(true);
    expect(await frames.notice('http://127.0.0.2:4010/app/index.html', 'frame', 1)).toBe(true);
    expect(await frames.grant('http://127.0.0.2:4010')).toEqual(['http://127.0.0.2:4010']);
  });
});
