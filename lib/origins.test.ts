import { describe, expect, it } from 'vitest';
import { isAdobeFrameOrigin, isPlatformOrigin } from './origins';

describe('the one Platform host rule (options page and API client alike)', () => {
  const ok = (url: string, loopback = false) => isPlatformOrigin(new URL(url), loopback);

  it('production builds: Adobe gateways over https only', () => {
    for (const good of ['https://platform.adobe.io', 'https://platform-va7.adobe.io', 'https://adobe.io']) expect(ok(good), good).toBe(true);
    for (const bad of [
      'http://platform.adobe.io',
      'https://adobe.io.evil.example',
      'https://eviladobe.io',
      'http://127.0.0.1:4010',
      'http://localhost:4010',
      'http://[::1]:4010',
    ]) {
      expect(ok(bad), bad).toBe(false);
    }
  });

  it('test builds: the loopback simulator too, [::1] included', () => {
    for (const good of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) expect(ok(good, true), good).toBe(true);
    expect(ok('http://example.com', true)).toBe(false);
  });
});

describe('the console frame host rule (origins a user may grant)', () => {
  const ok = (url: string, test = false) => isAdobeFrameOrigin(new URL(url), test);

  it('production builds: https Adobe hosts only', () => {
    for (const good of [
      'https://exc-unifiedcontent.experience.adobe.net',
      'https://experience-cdn.adobe.com',
      'https://experience-qa.adobe.net',
      'https://adobe.com',
    ]) {
      expect(ok(good), good).toBe(true);
    }
    for (const bad of [
      'http://experience.adobe.com',
      'https://adobe.com.evil.example',
      'https://eviladobe.com',
      'https://experience.adobe.io',
      'https://user:pw@experience.adobe.com',
      'http://127.0.0.2:4010',
      'https://example.net',
    ]) {
      expect(ok(bad), bad).toBe(false);
    }
  });

  it("test builds: the simulator's second loopback address too, and no other", () => {
    expect(ok('http://127.0.0.2:4010', true)).toBe(true);
    for (const bad of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://127.0.0.3:4010', 'https://example.com'])
      expect(ok(bad, true), bad).toBe(false);
  });
});
