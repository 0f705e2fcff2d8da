import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { ExportStore } from './export-store';
import { historyReader } from './history-reader';
import { isUnreadable } from './readable';
import { job, run } from './test-fixtures';

let n = 0;
const stores: ExportStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe("historyReader (the popup's read-only view of the store)", () => {
  it("pages jobs newest first with a filter, reads a job's runs, and names a damaged run instead of failing", async () => {
    const name = `history-reader-${++n}`;
    const store = new ExportStore({ name });
    stores.push(store);
    await store.createJob(job('a', 1, { status: 'done' }), [], [run('a', 'x', 'success')]);
    await store.createJob(job('b', 2, { status: 'tracking' }), [], [run('b', 'x', 'sent'), run('b', 'y', 'failed')]);
    await store.createJob(job('c', 3, { status: 'done' }), [], []);
    const reader = historyReader(name);

    const first = await reader.listJobs({ limit: 2 });
    expect(first.items.map((j) => j.id)).toEqual(['c', 'b']);
    const next = await reader.listJobs({ limit: 2, before: first.nextCursor });
    expect(next.items.map((j) => j.id)).toEqual(['a']);
    expect((await reader.listJobs({ limit: 10, filter: { status: 'done' } })).items.map((j) => j.id)).toEqual(['c', 'a']);

    const db = await openDB(name);
    await db.put('runs', { id: 'b|broken', jobId: 'b', status: 42 });
    db.close();
    const runs = await reader.runsOfJob('b');
    expect(
      runs
        .filter((r) => !isUnreadable(r))
        .map((r) => (isUnreadable(r) ? '' : r.audienceId))
        .sort(),
    ).toEqual(['x', 'y']);
    expect(runs.find(isUnreadable)).toMatchObject({ unreadable: true, id: 'b|broken' });
  });
});
