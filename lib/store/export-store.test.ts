import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { ExportStore, StoreError, createV1, isUnreadable, type JobSummary } from '.';
import { migrateToV2 } from './db-schema';
import type { RunRecord } from '@/lib/model';
import { job, request, run, SCOPE } from './test-fixtures';

let counter = 0;
let store: ExportStore;
let name: string;

beforeEach(() => {
  name = `test-db-${++counter}`;
  store = new ExportStore({ name });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await store.close();
});

const DAY = 24 * 60 * 60 * 1000;

async function rawPut(storeName: 'jobs' | 'runs' | 'requests', value: unknown): Promise<void> {
  await store.close(); // make sure the schema exists before we write around the store
  const db = await openDB(name);
  await db.put(storeName, value);
  db.close();
}

describe('jobs, requests and runs', () => {
  it('creates a job atomically with counts kept on the job', async () => {
    const { summary: created } = await store.createJob(
      job('j1', 100, { status: 'sending' }),
      [request('j1', 1), request('j1', 0)],
      [run('j1', 'a', 'pending'), run('j1', 'b', 'pending'), run('j1', 'c', 'skipped', { skipRule: 'scheduleEnded' })],
    );
    expect(created).toMatchObject({ id: 'j1', scopeKey: 'ORG1@AdobeOrg/prod', counts: { pending: 2, skipped: 1, running: 0 } });
    expect(await store.getJob('j1')).toEqual(created);
    expect((await store.requestsOfJob('j1')).map((r) => (isUnreadable(r) ? r : r.index))).toEqual([0, 1]);
    expect(await store.runsOfJob('j1')).toHaveLength(3);
    expect(await store.getJob('nope')).toBeUndefined();
  });

  it('claims requests in one read-check-write: only from the state the check accepts', async () => {
    await store.createJob(job('j1', 100, { status: 'sending' }), [request('j1', 0), request('j1', 1)], [run('j1', 'a0', 'pending', { requestId: 'j1#0' })]);
    const seen: string[] = [];
    const claim = (current: ReturnType<typeof request>) => {
      seen.push(`${current.index}:${current.status}`);
      return current.status === 'pending' && current.index === 0 ? { ...current, status: 'sending' as const, attempts: current.attempts + 1, sentAt: 5 } : null;
    };
    expect(await store.claimRequests(['j1#0', 'j1#1', 'j1#9'], claim)).toMatchObject([{ status: 'sending', attempts: 1 }, null, null]); // j1#9: no such request
    // The second claim sees the first one's write and leaves the request alone.
    expect(await store.claimRequests(['j1#0'], claim)).toEqual([null]);
    expect(seen).toEqual(['0:pending', '1:pending', '0:sending']);
    expect(await store.requestsOfJob('j1')).toMatchObject([
      { status: 'sending', attempts: 1, sentAt: 5 },
      { status: 'pending', attempts: 0 },
    ]);
  });

  it('keeps a request\'s "not before" when it has one, and reads requests stored before it existed', async () => {
    await store.createJob(job('j1', 100, { status: 'sending' }), [request('j1', 0, { notBefore: 60_100 }), request('j1', 1)], []);
    const [held, plain] = await store.requestsOfJob('j1');
    expect(held).toEqual(request('j1', 0, { notBefore: 60_100 }));
    expect(plain).toEqual(request('j1', 1));
    expect(plain).not.toHaveProperty('notBefore');
    await rawPut('requests', { id: 'j1#2', jobId: 'j1', index: 2, pairs: [{ flowId: 'f', audienceId: 'a' }], status: 'pending', attempts: 1 });
    expect((await store.requestsOfJob('j1'))[2]).toEqual({
      id: 'j1#2',
      jobId: 'j1',
      index: 2,
      pairs: [{ flowId: 'f', audienceId: 'a' }],
      status: 'pending',
      attempts: 1,
    });
    await expect(store.updateRequest(request('j1', 1, { notBefore: -1 }))).rejects.toBeInstanceOf(StoreError);
  });

  it('settles runs from what it read, in the same transaction, counts following', async () => {
    await store.createJob(job('j1', 100, { status: 'sending' }), [request('j1', 0)], [run('j1', 'a', 'pending'), run('j1', 'b', 'skipped')]);
    const change = await store.settleRuns(['j1|flow-j1|a', 'j1|flow-j1|b', 'j1|flow-j1|missing'], (runs) => ({
      requests: [request('j1', 0, { status: 'answered', answeredAt: 6 })],
      runs: runs.flatMap((r) => (!isUnreadable(r) && r.status === 'pending' ? [{ ...r, status: 'sent' as const, runId: 'r1' }] : [])),
    }));
    expect(change.runs?.map((r) => r.audienceId)).toEqual(['a']);
    expect(((await store.getJob('j1')) as JobSummary).counts).toMatchObject({ pending: 0, running: 1, skipped: 1 });
    expect(await store.requestsOfJob('j1')).toMatchObject([{ status: 'answered' }]);
  });

  it('tracking state counts runs in flight and unfinished jobs from the indexes', async () => {
    await store.createJob(job('j1', 100, { status: 'tracking' }), [], [run('j1', 'a', 'sent'), run('j1', 'b', 'processing'), run('j1', 'c', 'success')]);
    await store.createJob(job('j2', 200, { status: 'done' }), [], [run('j2', 'a', 'failed')]);
    await store.createJob(job('j3', 300, { status: 'paused' }), [], [run('j3', 'a', 'pending')]);
    expect(await store.trackingState()).toEqual({ inFlight: 2, unfinishedJobs: 2 });
  });

  it('refuses a second job with the same id and writes nothing of it', async () => {
    await store.createJob(job('j1', 100), [], [run('j1', 'a', 'success')]);
    await expect(store.createJob(job('j1', 200), [request('j1', 0)], [run('j1', 'z', 'pending')])).rejects.toBeInstanceOf(StoreError);
    expect(await store.runsOfJob('j1')).toHaveLength(1);
    expect(await store.requestsOfJob('j1')).toHaveLength(0);
    expect((await store.getJob('j1')) as JobSummary).toMatchObject({ createdAt: 100 });
  });

  it('moves counts as runs change state, in one transaction with the request', async () => {
    await store.createJob(job('j1', 100, { status: 'sending' }), [request('j1', 0)], [run('j1', 'a', 'pending'), run('j1', 'b', 'pending')]);
    await store.write({
      requests: [request('j1', 0, { status: 'answered', attempts: 1, sentAt: 5, answeredAt: 6 })],
      runs: [run('j1', 'a', 'sent', { runId: 'r1' }), run('j1', 'b', 'failed', { error: { kind: 'outOfSchedule', message: 'out' } })],
    });
    expect(((await store.getJob('j1')) as JobSummary).counts).toEqual({ pending: 0, running: 1, success: 0, failed: 1, skipped: 0, cancelled: 0 });
    await store.updateRuns([run('j1', 'a', 'processing')]);
    await store.updateRuns([run('j1', 'a', 'success', { recordCount: 10, fileCount: 1 })]);
    await store.updateJob(job('j1', 100, { status: 'done', updatedAt: 900 }));
    const after = (await store.getJob('j1')) as JobSummary;
    expect(after).toMatchObject({ status: 'done', updatedAt: 900, counts: { running: 0, success: 1, failed: 1 } });
    expect((await store.requestsOfJob('j1'))[0]).toMatchObject({ status: 'answered' });
  });

  it('writes nothing of a change when one record is invalid', async () => {
    await store.createJob(job('j1', 100), [], [run('j1', 'a', 'pending')]);
    const bad = { ...run('j1', 'b', 'sent'), status: 'exploded' } as never;
    await expect(store.updateRuns([run('j1', 'a', 'sent'), bad])).rejects.toBeInstanceOf(StoreError);
    expect((await store.runsOfJob('j1'))[0]).toMatchObject({ status: 'pending' });
    expect(((await store.getJob('j1')) as JobSummary).counts.pending).toBe(1);
  });

  it('finds in-flight runs and unfinished jobs for a restarted worker', async () => {
    await store.createJob(job('old', 1, { status: 'done' }), [], [run('old', 'a', 'success')]);
    await store.createJob(job('j2', 3, { status: 'paused' }), [], [run('j2', 'a', 'pending')]);
    await store.createJob(job('j1', 2, { status: 'tracking' }), [], [run('j1', 'a', 'sent'), run('j1', 'b', 'processing'), run('j1', 'c', 'failed')]);
    expect((await store.inFlightRuns()).map((r) => r.audienceId).sort()).toEqual(['a', 'b']);
    expect((await store.unfinishedJobs()).map((j) => j.id)).toEqual(['j1', 'j2']);
    // The page's "exporting" marks include runs still waiting to be sent (the paused job's).
    expect((await store.ownedRuns()).map((r) => `${r.jobId}|${r.audienceId}`).sort()).toEqual(['j1|a', 'j1|b', 'j2|a']);
  });

  it('never stores a credential echoed in an error text', async () => {
    await store.createJob(
      job('j1', 1, { status: 'paused', pauseReason: { kind: 'auth', message: 'rejected Authorization: Bearer abc.def.ghi' } }),
      [request('j1', 0, { error: { kind: 'auth', message: 'x-api-key=secretkey failed' } })],
      [run('j1', 'a', 'failed', { error: { kind: 'auth', message: 'token Bearer abc.def.ghi is invalid' } })],
    );
    const dump = JSON.stringify(await store.dumpAll());
    expect(dump).not.toContain('abc.def.ghi');
    expect(dump).not.toContain('secretkey');
    expect(dump).toContain('[redacted]');
  });

  it('clears the history', async () => {
    await store.createJob(job('j1', 1), [request('j1', 0)], [run('j1', 'a', 'success')]);
    await store.clearHistory();
    expect(await store.dumpAll()).toEqual({ jobs: [], runs: [], requests: [] });
  });
});

describe('listJobs', () => {
  it('pages newest first without gaps or repeats, even with equal timestamps', async () => {
    for (let i = 0; i < 25; i++) await store.createJob(job(`j${String(i).padStart(2, '0')}`, 1000 + Math.floor(i / 2)), [], []);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listJobs({ before: cursor, limit: 10 });
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const expected = Array.from({ length: 25 }, (_, i) => `j${String(i).padStart(2, '0')}`).reverse();
    expect(seen).toEqual(expected);
  });

  it('filters by status, dataflow and scope', async () => {
    await store.createJob(job('a', 1, { status: 'done', dataflows: [{ id: 'f1', name: 'S3 Loyalty' }] }), [], []);
    await store.createJob(job('b', 2, { status: 'tracking', dataflows: [{ id: 'f2', name: 'SFTP Gold' }] }), [], []);
    await store.createJob(job('c', 3, { status: 'done', scope: { ...SCOPE, sandbox: 'dev' }, dataflows: [{ id: 'f1', name: 'S3 Loyalty' }] }), [], []);
    const ids = async (filter: object) => (await store.listJobs({ limit: 10, filter })).items.map((j) => j.id);
    expect(await ids({ status: 'done' })).toEqual(['c', 'a']);
    expect(await ids({ status: ['tracking', 'paused'] })).toEqual(['b']);
    expect(await ids({ flowId: 'f1' })).toEqual(['c', 'a']);
    expect(await ids({ scope: SCOPE })).toEqual(['b', 'a']);
    const paged = await store.listJobs({ limit: 1, filter: { flowId: 'f1' } });
    expect(paged.items.map((j) => j.id)).toEqual(['c']);
    expect((await store.listJobs({ limit: 1, before: paged.nextCursor, filter: { flowId: 'f1' } })).items.map((j) => j.id)).toEqual(['a']);
  });

  it('keeps per-job counts right with 20,000 runs stored, without reading runs', async () => {
    for (let j = 0; j < 20; j++) {
      const id = `big${j}`;
      const runs = Array.from({ length: 1000 }, (_, i) => run(id, `a${i}`, i % 10 === 0 ? 'failed' : 'success'));
      await store.createJob(job(id, j), [], runs);
    }
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    const page = await store.listJobs({ limit: 5 });
    expect(getAll).not.toHaveBeenCalled();
    expect(page.items).toHaveLength(5);
    for (const item of page.items) expect((item as JobSummary).counts).toMatchObject({ success: 900, failed: 100 });
    expect((await store.counts()).runs).toBe(20_000);
  });
});

describe('retried runs', () => {
  const counts = async (id: string) => ((await store.getJob(id)) as JobSummary).counts;
  const failedJob = () =>
    store.createJob(job('j1', 100), [], [run('j1', 'a', 'failed'), run('j1', 'b', 'failed'), run('j1', 'c', 'success'), run('j1', 'd', 'skipped')]);

  it('a retry job marks the runs it sends again and counts the failed ones; a second one marks nothing more', async () => {
    await failedJob();
    const ids = ['j1|flow-j1|a', 'j1|flow-j1|d', 'j1|flow-j1|missing', 'j2|flow-j1|a'];
    await store.createJob(job('j2', 500), [], [], { jobId: 'j1', runIds: ids });
    const marked = ((await store.runsOfJob('j1')) as RunRecord[]).filter((r) => r.retriedIn !== undefined);
    expect(marked.map((r) => [r.audienceId, r.retriedIn, r.updatedAt])).toEqual([
      ['a', 'j2', 500],
      ['d', 'j2', 500],
    ]);
    // `retried` counts failed runs only: the skipped one is marked but was never a failure.
    expect(await counts('j1')).toEqual({ pending: 0, running: 0, success: 1, failed: 2, skipped: 1, cancelled: 0, retried: 1 });
    await store.createJob(job('j3', 600), [], [], { jobId: 'j1', runIds: [...ids, 'j1|flow-j1|a'] });
    expect(await counts('j1')).toMatchObject({ failed: 2, retried: 1 });
    const runs = (await store.runsOfJob('j1')) as RunRecord[];
    expect(Object.fromEntries(runs.map((r) => [r.audienceId, r.retriedIn]))).toEqual({ a: 'j2', b: undefined, c: undefined, d: 'j2' });
  });

  it('marks the originals in the same transaction as the job that retries them', async () => {
    await failedJob();
    const retryOf = { jobId: 'j1', runIds: ['j1|flow-j1|a', 'j1|flow-j1|b'] };
    await store.createJob(job('j2', 200, { status: 'sending' }), [request('j2', 0)], [run('j2', 'a', 'pending'), run('j2', 'b', 'pending')], retryOf);
    expect(await counts('j1')).toMatchObject({ failed: 2, retried: 2 });
    expect(await counts('j2')).toMatchObject({ pending: 2 });
    expect(((await store.runsOfJob('j1')) as RunRecord[]).filter((r) => r.retriedIn === 'j2').map((r) => r.audienceId)).toEqual(['a', 'b']);
    // A job that cannot be created marks nothing.
    await expect(store.createJob(job('j2', 300), [], [], { jobId: 'j1', runIds: ['j1|flow-j1|c'] })).rejects.toBeInstanceOf(StoreError);
    expect(((await store.runsOfJob('j1')) as RunRecord[]).find((r) => r.audienceId === 'c')?.retriedIn).toBeUndefined();
  });

  it('reads records written before the mark existed, and counts from them on', async () => {
    await store.counts(); // creates the schema
    await rawPut('jobs', {
      ...job('old', 5),
      scopeKey: 'ORG1@AdobeOrg/prod',
      counts: { pending: 0, running: 0, success: 0, failed: 1, skipped: 0, cancelled: 0 },
    });
    await rawPut('runs', { ...run('old', 'a', 'failed'), scopeKey: 'ORG1@AdobeOrg/prod' });
    const before = (await store.getJob('old')) as JobSummary;
    expect(isUnreadable(before)).toBe(false);
    expect(before.counts.retried).toBeUndefined();
    expect((await store.runsOfJob('old'))[0]).toMatchObject({ status: 'failed' });
    await store.createJob(job('new', 9), [], [], { jobId: 'old', runIds: ['old|flow-old|a'] });
    expect(await counts('old')).toMatchObject({ failed: 1, retried: 1 });
  });

  it("writes a new job's pending runs after the job, a part at a time: a claim does not wait for them all", async () => {
    const pending = Array.from({ length: 2_000 }, (_, i) => run('j1', `a${i}`, 'pending', { requestId: 'j1#0' }));
    const { summary, pendingWritten } = await store.createJob(job('j1', 100, { status: 'sending' }), [request('j1', 0)], pending);
    expect(summary.counts).toMatchObject({ pending: 2_000 });
    const order: string[] = [];
    const claimed = store.claimRequests(['j1#0'], (r) => ({ ...r, status: 'sending' })).then(() => order.push('claim'));
    const written = pendingWritten.then(() => order.push('runs'));
    await Promise.all([claimed, written]);
    expect(order).toEqual(['claim', 'runs']);
    expect(await store.runCount('j1')).toBe(2_000);
  });

  it('fails a job with a bad run as a whole, before writing anything', async () => {
    const bad = { ...run('j1', 'b', 'pending'), scope: null } as unknown as ReturnType<typeof run>;
    await expect(store.createJob(job('j1', 100), [request('j1', 0)], [run('j1', 'a', 'pending'), bad])).rejects.toBeInstanceOf(StoreError);
    expect(await store.getJob('j1')).toBeUndefined();
    expect(await store.runCount('j1')).toBe(0);
  });

  it('rejects an empty retriedIn on write', async () => {
    await expect(store.createJob(job('j1', 1), [], [run('j1', 'a', 'failed', { retriedIn: '' })])).rejects.toBeInstanceOf(StoreError);
  });
});

describe('damaged records', () => {
  it('come back as unreadable entries and never break a list', async () => {
    await store.createJob(job('good', 2), [], [run('good', 'a', 'success')]);
    await rawPut('jobs', { id: 'bad', createdAt: 5, status: 'weird' });
    await rawPut('runs', { id: 'good|x|y', jobId: 'good', status: 'success' });
    const page = await store.listJobs({ limit: 10 });
    expect(page.items[0]).toMatchObject({ unreadable: true, id: 'bad' });
    expect((page.items[0] as { reason: string }).reason).toMatch(/scope|status/);
    expect(page.items[1]).toMatchObject({ id: 'good' });
    expect(await store.getJob('bad')).toMatchObject({ unreadable: true, id: 'bad' });
    const runs = await store.runsOfJob('good');
    expect(runs.filter(isUnreadable).map((r) => r.id)).toEqual(['good|x|y']);
    expect((await store.listJobs({ limit: 10, filter: { status: 'done' } })).items.map((j) => j.id)).toEqual(['good']);
  });
});

describe('migration', () => {
  it('carries v1 jobs and runs into v2 with scope keys and counts', async () => {
    const v1 = await openDB(name, 1, { upgrade: (db) => createV1(db) });
    const { scopeKey: _drop, ...v1Job } = { ...job('j1', 10, { status: 'tracking' }), scopeKey: '' };
    await v1.put('jobs', v1Job);
    await v1.put('jobs', job('j0', 5));
    await v1.put('runs', run('j1', 'a', 'success'));
    await v1.put('runs', run('j1', 'b', 'processing'));
    await v1.put('runs', run('j1', 'c', 'sent'));
    v1.close();

    const migrated = (await store.getJob('j1')) as JobSummary;
    expect(migrated).toMatchObject({ id: 'j1', scopeKey: 'ORG1@AdobeOrg/prod', counts: { success: 1, running: 2, pending: 0 } });
    expect((await store.listJobs({ limit: 10 })).items.map((j) => j.id)).toEqual(['j1', 'j0']);
    expect((await store.inFlightRuns()).map((r) => r.audienceId).sort()).toEqual(['b', 'c']);
    expect(await store.requestsOfJob('j1')).toEqual([]);
    const db = await openDB(name);
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['jobs', 'queue', 'requests', 'runs']);
    expect([...db.transaction('runs').objectStore('runs').indexNames].sort()).toEqual(['byJob', 'byStatus']);
    db.close();
  });

  it('drops the v2 run indexes by dataflow and scope in v3, keeping every record and count', async () => {
    const v2 = await openDB(name, 2, {
      async upgrade(db, _old, _new, tx) {
        createV1(db);
        await migrateToV2(tx as never);
      },
    });
    expect([...v2.transaction('runs').objectStore('runs').indexNames].sort()).toEqual(['byFlow', 'byJob', 'byScope', 'byStatus']);
    // As v2 wrote them: runs with their scopeKey, the job with its counts.
    const counts = { pending: 0, running: 1, success: 1, failed: 0, skipped: 0, cancelled: 0 };
    await v2.put('jobs', { ...job('j1', 10, { status: 'tracking' }), scopeKey: 'ORG1@AdobeOrg/prod', counts });
    await v2.put('runs', { ...run('j1', 'a', 'processing'), scopeKey: 'ORG1@AdobeOrg/prod' });
    await v2.put('runs', { ...run('j1', 'b', 'success'), scopeKey: 'ORG1@AdobeOrg/prod' });
    v2.close();

    expect(await store.getJob('j1')).toMatchObject({ id: 'j1', counts });
    expect((await store.runsOfJob('j1')).map((r) => (isUnreadable(r) ? 'unreadable' : r.status)).sort()).toEqual(['processing', 'success']);
    expect((await store.inFlightRuns()).map((r) => r.audienceId)).toEqual(['a']);
    const db = await openDB(name);
    expect(db.version).toBe(4);
    expect([...db.transaction('runs').objectStore('runs').indexNames].sort()).toEqual(['byJob', 'byStatus']);
    // v4 adds the export queue beside them, and drops the jobs' index by org+sandbox.
    expect([...db.transaction('queue').objectStore('queue').indexNames].sort()).toEqual(['byQueue', 'byStatus']);
    expect([...db.transaction('jobs').objectStore('jobs').indexNames].sort()).toEqual(['byCreated', 'byStatus']);
    db.close();
  });
});

describe('retention', () => {
  const now = 1000 * DAY;
  it('deletes whole finished jobs older than the limit, keeping unfinished ones', async () => {
    await store.createJob(job('old', now - 100 * DAY), [request('old', 0)], [run('old', 'a', 'success')]);
    await store.createJob(job('oldRunning', now - 100 * DAY + 1, { status: 'tracking' }), [], [run('oldRunning', 'a', 'processing')]);
    await store.createJob(job('recent', now - DAY), [], [run('recent', 'a', 'success')]);
    expect(await store.prune(now, { days: 90, maxRuns: 20_000 })).toEqual({ jobs: 1, runs: 1 });
    const all = await store.dumpAll();
    expect(all.jobs.map((j) => (j as { id: string }).id).sort()).toEqual(['oldRunning', 'recent']);
    expect(all.runs).toHaveLength(2);
    expect(all.requests).toHaveLength(0);
  });

  it('deletes the oldest jobs while there are more runs than allowed', async () => {
    for (let i = 0; i < 5; i++) await store.createJob(job(`j${i}`, now - i), [], [run(`j${i}`, 'a', 'success'), run(`j${i}`, 'b', 'failed')]);
    expect(await store.prune(now, { days: 90, maxRuns: 5 })).toEqual({ jobs: 3, runs: 6 });
    expect((await store.listJobs({ limit: 10 })).items.map((j) => j.id)).toEqual(['j0', 'j1']);
  });
});

describe('problems', () => {
  it('surfaces a full quota as a typed error, writing nothing', async () => {
    await (
      await store.createJob(job('j1', 1), [], [run('j1', 'a', 'pending')])
    ).pendingWritten;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failure = await store.updateRuns([run('j1', 'a', 'sent')]).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).kind).toBe('quota');
    expect((await store.runsOfJob('j1'))[0]).toMatchObject({ status: 'pending' });
  });

  it('waits while an old tab holds version 1, then opens once it closes', async () => {
    const oldTab = await openDB(name, 1, { upgrade: (db) => createV1(db) });
    let settled = false;
    const reading = store.listJobs({ limit: 5 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    oldTab.close();
    expect(await reading).toEqual({ items: [] });
  });
});
