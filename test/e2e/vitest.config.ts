import { defineConfig } from 'vitest/config';
import { ciReporters } from '../reporters';

// End-to-end: real headless Chromium with the test build loaded, against the console
// simulator. One browser per file; files run one at a time (2-core machines).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    ...ciReporters('e2e'),
  },
});
