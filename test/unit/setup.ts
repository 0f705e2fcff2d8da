// IndexedDB for unit tests only; the e2e suite uses Chromium's real one.
import 'fake-indexeddb/auto';

// Property tests explore a new random seed on every local run; CI pins one so a
// landing never depends on the draw (a failure prints its seed to replay locally).
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261128 });
