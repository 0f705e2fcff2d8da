import { describe, expect, it } from 'vitest';
import { CONSOLE_HOME, consoleTenantOf, dataflowConsoleUrl } from './console-link';

const scope = { orgId: 'ABC@AdobeOrg', sandbox: 'prod' };

describe('dataflowConsoleUrl', () => {
  it('borrows the tenant of a console tab on the same sandbox', () => {
    const urls = [
      'https://experience.adobe.com/#/@other/sname:dev/platform/home',
      'https://experience.adobe.com/#/@acme/sname:prod/platform/destination/browse',
    ];
    expect(dataflowConsoleUrl(urls, scope, 'f-1')).toBe('https://experience.adobe.com/#/@acme/sname:prod/platform/destination/browse/f-1');
  });

  it('falls back to any console tab, then to the shell home', () => {
    expect(dataflowConsoleUrl(['https://experience.adobe.com/#/@acme/home'], scope, 'f')).toBe(
      'https://experience.adobe.com/#/@acme/sname:prod/platform/destination/browse/f',
    );
    expect(dataflowConsoleUrl(['not a url', 'https://example.com/'], scope, 'f')).toBe(CONSOLE_HOME);
  });

  it('reads tenant and sandbox from a console URL', () => {
    expect(consoleTenantOf('https://experience-stage.adobe.com/#/@t1/sname:s1/x')).toEqual({
      origin: 'https://experience-stage.adobe.com',
      tenant: 't1',
      sandbox: 's1',
    });
  });
});
