import { expect, test } from 'vitest';
import { METRIC_NAMES } from '../../bench/budgets';
import { runBench } from '../../bench/suite';
import { EXTENSION_DIR } from './harness';

// The bench's own code, in quick mode (small sizes, short windows): every metric is
// produced with a finite value. Budgets are NOT asserted here: timings on a shared CI
// machine are not evidence; `npm run bench` on a quiet machine is.
test('bench quick mode measures every budgeted metric', async () => {
  // Sizes are weighed on the test build here (the e2e script builds it); the bench itself weighs the production build.
  const results = await runBench({ quick: true, bundleDir: EXTENSION_DIR });
  expect(Object.keys(results).sort()).toEqual([...METRIC_NAMES].sort());
  for (const name of METRIC_NAMES) {
    expect(Number.isFinite(results[name].value), `${name} = ${results[name].value} (${results[name].note ?? ''})`).toBe(true);
    expect(results[name].budget).toBeGreaterThan(0);
  }
  expect(results['bulk.posts'].value).toBeGreaterThan(0);
  expect(results['bundle.content.gzip'].value).toBeGreaterThan(1000);
  // The permissions-only reference browser ran too: the note splits the ratio into floor and ours.
  expect(results['page.overhead.floor.ratio'].note).toMatch(/permissions only \d+\.\d ms: floor \d\.\d\d, ours \/ floor \d\.\d\d/);
}, 180_000); // the enterprise metrics add ~35 s to quick mode
