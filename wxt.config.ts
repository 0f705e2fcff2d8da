import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import {
  CONSOLE_MATCHES,
  CONSOLE_SCRIPT,
  LOOPBACK_MATCHES,
  OPTIONAL_CONSOLE_MATCHES,
  OPTIONAL_PLATFORM_MATCHES,
  platformMatches,
  TEST_FRAME_HOST,
} from './lib/origins';

/**
 * Only the background uses webextension-polyfill (the module below): it answers runtime
 * messages by returning Promises, which Chrome's own API does not take. Content scripts and
 * the extension pages (popup, options, report, built together) get the browser's own API
 * instead (lib/native-browser.ts): they only call Promise-returning APIs (messaging, tabs,
 * storage, permissions) and listen without answering, which Chrome MV3 and Firefox do
 * natively. The polyfill would take 3 kB of the page's 20 kB budget and 2.8 kB of the popup's 35 kB.
 */
function nativeBrowserOutsideBackground(): Plugin {
  let native = false;
  return {
    name: 'bulk-export-now:native-browser-outside-background',
    enforce: 'pre',
    configResolved(config) {
      const entries = JSON.stringify([config.build.lib ? config.build.lib.entry : '', config.build.rollupOptions.input ?? '']);
      native = /entrypoints[\\/]+(console|popup)[\\/]/.test(entries);
    },
    resolveId(id) {
      if (native && id === '@wxt-dev/webextension-polyfill/browser') return resolve('lib/native-browser.ts');
      return undefined;
    },
  };
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Preact's devtools hook only in `wxt dev`. The preset decides by NODE_ENV, which is not
  // "production" in `--mode test`: the build the e2e tests and benchmarks load carried the
  // devtools module and a name call on every hook, which the shipped build does not.
  vite: ({ command }) => ({ plugins: [preact({ devToolsEnabled: command === 'serve' }), nativeBrowserOutsideBackground()] }),
  manifest: ({ mode, browser }) => {
    // Test builds: the simulator on loopback, and its stand-in for another Adobe console host
    // granted up front (a browser's permission prompt cannot be answered in automation), so
    // the grant's own steps run for real; only its removal of the permission cannot.
    const loopback = mode === 'test' ? [...LOOPBACK_MATCHES, `http://${TEST_FRAME_HOST}/*`] : [];
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // scripting: the content script on console frame origins the user allows (lib/frame-origins).
      permissions: ['storage', 'alarms', 'notifications', 'webRequest', 'scripting'],
      host_permissions: [...CONSOLE_MATCHES, ...platformMatches(), ...loopback],
      optional_host_permissions: [...OPTIONAL_PLATFORM_MATCHES, ...OPTIONAL_CONSOLE_MATCHES],
      action: { default_title: '__MSG_extName__' },
      ...(browser === 'firefox' && {
        browser_specific_settings: {
          // Nothing is collected: the extension only talks to the user's own Platform host.
          gecko: { id: 'bulk-export-now@bulkexportnow.dev', data_collection_permissions: { required: ['none'] } },
        },
      }),
    };
  },
  hooks: {
    // The content script (entrypoints/console, an unlisted script) on the console's frames,
    // whose matches are declared once (lib/origins); test builds add the simulator's loopback.
    'build:manifestGenerated': (wxt, manifest) => {
      const loopback = wxt.config.mode === 'test' ? [...LOOPBACK_MATCHES] : [];
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { matches: [...CONSOLE_MATCHES, ...loopback], js: [CONSOLE_SCRIPT], all_frames: true, run_at: 'document_idle' },
      ];
    },
  },
});
