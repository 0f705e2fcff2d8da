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
 * The background, popup and options use webextension-polyfill (the module below);
 * content scripts get the browser's own API instead (lib/native-browser.ts): they only
 * message the background, which Chrome MV3 and Firefox do natively with Promises, and
 * the polyfill would take 3 kB of the page's 20 kB budget.
 */
function nativeBrowserInContentScripts(): Plugin {
  let contentScript = false;
  return {
    name: 'bulk-export-now:native-browser-in-content-scripts',
    enforce: 'pre',
    configResolved(config) {
      const entry = config.build.lib ? config.build.lib.entry : undefined;
      contentScript = /entrypoints[\\/]+console[\\/]/.test(JSON.stringify(entry ?? ''));
    },
    resolveId(id) {
      if (contentScript && id === '@wxt-dev/webextension-polyfill/browser') return resolve('lib/native-browser.ts');
      return undefined;
    },
  };
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), nativeBrowserInContentScripts()] }),
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
