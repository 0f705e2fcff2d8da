import { describe, expect, it, vi } from 'vitest';
import { findBrowser } from '../browsers';

describe('finding a browser', () => {
  it('takes CHROME_PATH / FIREFOX_PATH first, and says so when it points nowhere', () => {
    expect(findBrowser('chromium', { env: { CHROME_PATH: '/opt/chrome' }, exists: (p) => p === '/opt/chrome' })).toBe('/opt/chrome');
    expect(() => findBrowser('firefox', { env: { FIREFOX_PATH: '/nope' }, exists: () => false })).toThrow(
      'FIREFOX_PATH is set to /nope, which does not exist.',
    );
  });

  it('then the usual places, in order', () => {
    const here = new Set(['/usr/bin/google-chrome', '/usr/bin/firefox']);
    expect(findBrowser('chromium', { env: {}, exists: (p) => here.has(p) })).toBe('/usr/bin/google-chrome');
    expect(findBrowser('firefox', { env: {}, exists: (p) => here.has(p) })).toBe('/usr/bin/firefox');
  });

  it('installs with apt-get where it may, after a one-line message', () => {
    const installed = new Set<string>();
    const log = vi.fn();
    const path = findBrowser('firefox', {
      env: {},
      exists: (p) => installed.has(p),
      canApt: () => true,
      install: (pkg) => void installed.add(pkg === 'firefox-esr' ? '/usr/bin/firefox-esr' : '?'),
      log,
    });
    expect(path).toBe('/usr/bin/firefox-esr');
    expect(log).toHaveBeenCalledWith("Firefox not found: installing Debian's firefox-esr with apt-get (once).");
  });

  it('elsewhere stops with the command to run', () => {
    expect(() => findBrowser('chromium', { env: {}, exists: () => false, canApt: () => false })).toThrow(
      'Chromium or Chrome not found. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH to its executable, then run again.',
    );
  });
});
