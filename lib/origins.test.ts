import { describe, expect, it } from 'vitest';
import { isPlatformOrigin } from './origins';

describe('the one Platform host rule (options page and API client alike)', () => {
  const ok = (url: string, loopback = false) => isPlatformOrigin(new URL(url), loopback);

  it('production builds: Adobe gateways over https only', () => {
    for (const good of ['https://platform.adobe.io', 'https://platform-va7.adobe.io', 'https://adobe.io']) expect(ok(good), good).toBe(true);
    for (const bad of ['http://platform.adobe.io', 'https://adobe.io.evil.example', 'https://eviladobe.io', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) {
      expect(ok(bad), bad).toBe(false);
    }
  });

  it('test builds: the loopback simulator too, [::1] included', () => {
    for (const good of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) expect(ok(good, true), good).toBe(true);
    expect(ok('http://example.com', true)).toBe(false);
  });
});
