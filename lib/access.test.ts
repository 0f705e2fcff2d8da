import { describe, expect, it } from 'vitest';
import { hostsOf, missingOrigins, neededOrigins } from './access';

describe('site access', () => {
  it('needs the console origins and the configured Platform host (any port)', () => {
    expect(neededOrigins('https://platform.adobe.io')).toEqual([
      'https://experience.adobe.com/*',
      'https://experience-stage.adobe.com/*',
      'https://platform.adobe.io/*',
    ]);
    expect(neededOrigins('http://127.0.0.1:4010').at(-1)).toBe('http://127.0.0.1/*');
  });

  it('lists what the browser withholds, one pattern at a time; a failing check counts as withheld', async () => {
    const granted = new Set(['https://experience-stage.adobe.com/*', 'https://platform.adobe.io/*']);
    const permissions = {
      contains: async ({ origins }: { origins: string[] }) => {
        if (origins[0] === 'https://platform.adobe.io/*') throw new Error('no');
        return origins.every((o) => granted.has(o));
      },
    };
    expect(await missingOrigins(permissions, 'https://platform.adobe.io')).toEqual(['https://experience.adobe.com/*', 'https://platform.adobe.io/*']);
    expect(hostsOf(['https://experience.adobe.com/*', 'https://platform.adobe.io/*'])).toBe('experience.adobe.com, platform.adobe.io');
  });
});
