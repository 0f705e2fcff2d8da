/**
 * Runs INSIDE an extension page (bundled by bench/browser.ts with esbuild, evaluated
 * through CDP): fills or empties the extension's IndexedDB history through the
 * product's own store API, so the popup reads exactly what the background would write.
 */
import { ExportStore } from '@/lib/store';
import { job, run } from '@/lib/store/test-fixtures';
import type { Scope } from '@/lib/model';

export interface SeedRequest {
  jobs: number;
  runsPerJob: number;
  scope: Scope;
  /** Jobs already seeded: these come after them, older (the newest page stays the same). */
  after: number;
}

async function seed({ jobs, runsPerJob, scope, after }: SeedRequest): Promise<{ jobs: number; runs: number }> {
  const store = new ExportStore();
  const now = Date.now();
  for (let j = 0; j < jobs; j++) {
    // A minute apart, each older than the last, all finished: history, not work for the engine.
    const n = after + j;
    const id = `bench-${String(n).padStart(5, '0')}`;
    const createdAt = now - (n + 1) * 60_000;
    const flowId = `bench-flow-${j % 40}`;
    const record = job(id, createdAt, { scope, status: 'done', pairCount: runsPerJob, dataflows: [{ id: flowId, name: `Bench dataflow ${j % 40}` }] });
    const runs = Array.from({ length: runsPerJob }, (_, r) =>
      run(id, `bench-audience-${r}`, r % 10 === 0 ? 'failed' : 'success', { scope, flowId, createdAt, updatedAt: createdAt + 120_000 }),
    );
    await store.createJob(record, [], runs);
  }
  const counts = await store.counts();
  await store.close();
  return { jobs: counts.jobs, runs: counts.runs };
}

async function clear(): Promise<void> {
  const store = new ExportStore();
  await store.clearHistory();
  await store.close();
}

(globalThis as unknown as { benchStore: unknown }).benchStore = { seed, clear };
