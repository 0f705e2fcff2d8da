import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** The fields of the built manifest these tests read. */
interface BuiltManifest {
  manifest_version: number;
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions: string[];
  content_scripts: { matches: string[]; js: string[]; all_frames?: boolean }[];
}

/** Builds the production extension and reads the manifest a user would install. */
function buildManifest(browser: 'chrome' | 'firefox'): BuiltManifest {
  const args = ['wxt', 'build', '-b', browser, ...(browser === 'firefox' ? ['--mv3'] : [])];
  execFileSync('npx', args, { stdio: 'pipe' });
  return JSON.parse(readFileSync(join('.output', `${browser}-mv3`, 'manifest.json'), 'utf8'));
}

describe('production manifest', () => {
  let chrome: BuiltManifest;
  let firefox: BuiltManifest;
  beforeAll(() => {
    chrome = buildManifest('chrome');
    firefox = buildManifest('firefox');
  }, 180_000);

  it('builds for Firefox as MV3 with the same reach', () => {
    expect(firefox.manifest_version).toBe(3);
    expect([...firefox.host_permissions].sort()).toEqual([...chrome.host_permissions].sort());
    expect(JSON.stringify(firefox)).not.toMatch(/127\.0\.0\.1|localhost|<all_urls>/);
  });

  it('asks only for the permissions architecture.md lists', () => {
    expect([...chrome.permissions].sort()).toEqual(['alarms', 'notifications', 'scripting', 'storage', 'webRequest']);
  });

  it('reaches only the console origins and the Platform hosts', () => {
    expect([...chrome.host_permissions].sort()).toEqual([
      'https://experience-stage.adobe.com/*',
      'https://experience.adobe.com/*',
      'https://platform-stage.adobe.io/*',
      'https://platform.adobe.io/*',
    ]);
    // Granted one origin at a time, on the user's word: the Platform gateways, and Adobe console hosts only.
    expect(chrome.optional_host_permissions).toEqual(['https://*.adobe.io/*', 'https://*.adobe.com/*', 'https://*.adobe.net/*']);
    expect(firefox.optional_host_permissions).toEqual(chrome.optional_host_permissions);
  });

  it('runs the content script on the console only, in all frames', () => {
    expect(chrome.content_scripts).toHaveLength(1);
    const [script] = chrome.content_scripts;
    if (!script) throw new Error('no content script');
    expect([...script.matches].sort()).toEqual(['https://experience-stage.adobe.com/*', 'https://experience.adobe.com/*']);
    expect(script.all_frames).toBe(true);
  });

  it('has no loopback origin, no <all_urls>, no remote code', () => {
    const text = JSON.stringify(chrome);
    expect(text).not.toMatch(/127\.0\.0\.[12]|localhost|<all_urls>|\*:\/\/\*\//);
    expect(text).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(chrome.manifest_version).toBe(3);
  });
});
