// IndexedDB for unit tests only; the e2e suite uses Chromium's real one.
import 'fake-indexeddb/auto';

// Property tests explore a new random seed on every local run; CI pins one so a
// landing never depends on the draw (a failure prints its seed to replay locally).
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261128 });

// The content script's strings and CSS come from the background at run time; component tests have them from the start.
import { loadConsoleStrings } from '@/lib/console/i18n';
import { loadPageCss } from '@/lib/console/sheets';
import { PAGE_CSS } from '@/lib/console/styles';
import { pageStrings } from '@/lib/i18n/page-strings';

loadConsoleStrings('en', pageStrings('en'));
loadConsoleStrings('pt_BR', pageStrings('pt_BR'));
loadPageCss(PAGE_CSS);
