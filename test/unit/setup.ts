// IndexedDB for unit tests only; the e2e suite uses Chromium's real one.
import 'fake-indexeddb/auto';
