/**
 * Hostile stored records: whatever lies in IndexedDB (an older version's records, a
 * hand-edited database, a half-written one), the store reads it without throwing; a
 * damaged record comes back as `{unreadable, id, reason}` or is left out of the lists
 * the worker resumes from, and the valid records around it still come back.
 */
import fc from 'fast-check';
import { openDB, type IDBPDatabase } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportStore, isUnreadable, jobSummarySchema, runRecordSchema, requestRecordSchema, type JobSummary } from '@/lib/store';
import type { RunRecord } from '@/lib/model';
import { job, request, run } from '@/lib/store/test-fixtures';

const NUM_RUNS = 100;
const name = 'fuzz-store';
let store: ExportStore;
let raw: IDBPDatabase;

beforeAll(async () => {
  store = new ExportStore({ name });
  await store.counts(); // creates the schema at the current version
  raw = await openDB(name);
});

afterAll(async () => {
  raw.close();
  await store.close();
});

type StoreName = 'jobs' | 'runs' | 'requests';

/** Valid neighbours: one unfinished job with runs in flight, one finished job. */
async function seedValid(): Promise<void> {
  for (const s of ['jobs', 'runs', 'requests'] as const) await raw.clear(s);
  await store.createJob(
    job('good-1', 1_000, { status: 'tracking' }),
    [request('good-1', 0)],
    [run('good-1', 'a', 'sent', { runId: 'r1' }), run('good-1', 'b', 'processing'), run('good-1', 'c', 'success')],
  );
  await store.createJob(job('good-2', 2_000, { status: 'done' }), [], [run('good-2', 'a', 'failed', { error: { kind: 'server', message: 'x' } })]);
}

// ---- Damaged records: arbitrary JSON, and mutations of valid ones ----

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('x'.repeat(50_000), '\u202E<img src=x onerror=alert(1)>', -1, Number.MAX_VALUE, NaN, Infinity, null, [], {}),
);

type Mutation = { op: 'drop'; key: string } | { op: 'set'; key: string; value: unknown };

function mutation(keys: readonly string[]): fc.Arbitrary<Mutation> {
  const key = fc.oneof(fc.constantFrom(...keys), fc.constantFrom('__proto__', 'constructor', 'unreadable'), fc.string({ maxLength: 10 }));
  return fc.oneof(
    fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ op: fc.constant('set' as const), key, value: hostileValue }),
  );
}

function applyAll(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  const record: Record<string, unknown> = { ...base };
  for (const m of mutations) {
    if (m.op === 'drop') delete record[m.key];
    // defineProperty: a `__proto__` key becomes an own key, as JSON.parse would make it.
    else Object.defineProperty(record, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return record;
}

const jobBase = (): Record<string, unknown> => ({
  ...job('x', 1_500, { status: 'sending' }),
  scopeKey: 'ORG1@AdobeOrg/prod',
  counts: { pending: 1, running: 0, success: 0, failed: 0, skipped: 0, cancelled: 0 },
});
const runBase = (): Record<string, unknown> => ({ ...run('good-1', 'z', 'sent'), scopeKey: 'ORG1@AdobeOrg/prod' });
const requestBase = (): Record<string, unknown> => ({ ...request('good-1', 3) });

/** A damaged record for a store; its key is fixed afterwards (IndexedDB refuses a record without one). */
function damaged(base: () => Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base());
  return fc.oneof(
    fc.array(mutation(keys), { minLength: 1, maxLength: 4 }).map((ms) => applyAll(base(), ms)),
    fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 6 }),
  );
}

interface Planted {
  store: StoreName;
  key: string | number;
  value: Record<string, unknown>;
}

/** Damaged records with keys that cannot collide with the valid ones; a few keys are numbers. */
function planted(): fc.Arbitrary<Planted[]> {
  const one = fc.oneof(
    fc.record({ store: fc.constant('jobs' as const), value: damaged(jobBase) }),
    fc.record({ store: fc.constant('runs' as const), value: damaged(runBase) }),
    fc.record({ store: fc.constant('requests' as const), value: damaged(requestBase) }),
  );
  return fc.array(fc.tuple(one, fc.boolean()), { minLength: 1, maxLength: 8 }).map((list) =>
    list.map(([p, numeric], i) => {
      const key = numeric ? 900_000 + i : `bad-${i}`;
      return { ...p, key, value: { ...p.value, id: key } };
    }),
  );
}

async function plant(records: Planted[]): Promise<void> {
  const tx = raw.transaction(['jobs', 'runs', 'requests'], 'readwrite');
  for (const r of records) await tx.objectStore(r.store).put(r.value);
  await tx.done;
}

const isValidIndexKey = (value: unknown): boolean => {
  if (typeof value === 'number') return !Number.isNaN(value);
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every(isValidIndexKey);
  return false;
};

function expectUnreadableShape(item: unknown, id: string): void {
  expect(item).toEqual({ unreadable: true, id, reason: expect.any(String) });
  expect((item as { reason: string }).reason.length).toBeGreaterThan(0);
}

describe('reading damaged records', () => {
  it('listJobs and getJob: valid jobs intact; damaged ones unreadable with id and reason, or out of the index', async () => {
    let unreadableSeen = 0;
    await fc.assert(
      fc.asyncProperty(planted(), async (records) => {
        await seedValid();
        await plant(records);
        const page = await store.listJobs({ limit: 500 });
        const byId = new Map(page.items.map((item) => [item.id, item]));
        // The valid jobs still come back, parsed.
        for (const id of ['good-1', 'good-2']) {
          const item = byId.get(id);
          expect(item && !isUnreadable(item) && item.id).toBe(id);
          expect(await store.getJob(id)).toEqual(item);
        }
        for (const r of records.filter((p) => p.store === 'jobs')) {
          const id = String(r.key);
          const valid = jobSummarySchema.safeParse(r.value).success;
          const listed = byId.get(id);
          // Only a record whose createdAt cannot be an index key is absent from the list.
          if (isValidIndexKey(r.value.createdAt)) expect(listed, `job ${id} missing from the list`).toBeDefined();
          if (listed) {
            if (valid) expect(isUnreadable(listed)).toBe(false);
            else expectUnreadableShape(listed, id);
            if (isUnreadable(listed)) unreadableSeen++;
          }
          const got = await store.getJob(typeof r.key === 'string' ? r.key : (String(r.key) as never));
          // getJob takes a string id: a numeric key is not found by its string, and says so with undefined.
          if (typeof r.key === 'string') {
            if (valid) expect(isUnreadable(got)).toBe(false);
            else expectUnreadableShape(got, id);
          } else expect(got).toBeUndefined();
        }
        // A filtered list leaves damaged jobs out rather than failing.
        const filtered = await store.listJobs({ limit: 500, filter: { flowId: 'flow-good-1' } });
        expect(filtered.items.map((i) => i.id)).toEqual(['good-1']);
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator does produce listed damage (otherwise the property proves little).
    expect(unreadableSeen).toBeGreaterThan(0);
  });

  it('runsOfJob and requestsOfJob: valid runs intact; damaged ones unreadable with id and reason', async () => {
    await fc.assert(
      fc.asyncProperty(planted(), async (records) => {
        await seedValid();
        await plant(records);
        const runs = await store.runsOfJob('good-1');
        const requests = await store.requestsOfJob('good-1');
        const runIds = runs.map((r) => r.id);
        for (const id of ['good-1|flow-good-1|a', 'good-1|flow-good-1|b', 'good-1|flow-good-1|c']) expect(runIds).toContain(id);
        expect(requests.map((r) => r.id)).toContain('good-1#0');
        const check = (list: typeof runs | typeof requests, kind: StoreName, schema: typeof runRecordSchema | typeof requestRecordSchema) => {
          const expected = records.filter((p) => p.store === kind && p.value.jobId === 'good-1');
          const byId = new Map(list.map((item) => [item.id, item]));
          for (const r of expected) {
            const item = byId.get(String(r.key));
            expect(item, `${kind} ${r.key} missing`).toBeDefined();
            if (schema.safeParse(r.value).success) expect(isUnreadable(item)).toBe(false);
            else expectUnreadableShape(item, String(r.key));
          }
          // Nothing of another job, nothing invented.
          expect(list).toHaveLength(expected.length + (kind === 'runs' ? 3 : 1));
        };
        check(runs, 'runs', runRecordSchema);
        check(requests, 'requests', requestRecordSchema);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('inFlightRuns and unfinishedJobs (what a restarted worker resumes): only valid records, the valid ones all there', async () => {
    await fc.assert(
      fc.asyncProperty(planted(), async (records) => {
        await seedValid();
        await plant(records);
        const inFlight = await store.inFlightRuns();
        const unfinished = await store.unfinishedJobs();
        for (const r of inFlight) expect(runRecordSchema.safeParse(r).success).toBe(true);
        for (const j of unfinished) expect(jobSummarySchema.safeParse(j).success).toBe(true);
        expect(inFlight.map((r: RunRecord) => r.id)).toEqual(expect.arrayContaining(['good-1|flow-good-1|a', 'good-1|flow-good-1|b']));
        expect(unfinished.map((j: JobSummary) => j.id)).toContain('good-1');
        expect(unfinished.map((j) => j.id)).not.toContain('good-2');
        // Every damaged record that is valid after all and in flight is there too; no damaged one is.
        for (const r of records) {
          const id = String(r.key);
          if (r.store === 'runs' && (r.value.status === 'sent' || r.value.status === 'processing')) {
            expect(inFlight.some((x) => x.id === id)).toBe(runRecordSchema.safeParse(r.value).success);
          }
          if (r.store === 'jobs' && ['sending', 'tracking', 'paused'].includes(r.value.status as string)) {
            expect(unfinished.some((x) => x.id === id)).toBe(jobSummarySchema.safeParse(r.value).success);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('dumpAll, counts and prune: every raw record accounted for, nothing throws, unfinished jobs kept', async () => {
    await fc.assert(
      fc.asyncProperty(planted(), async (records) => {
        await seedValid();
        await plant(records);
        const dump = await store.dumpAll();
        const n = (s: StoreName) => records.filter((r) => r.store === s).length;
        expect(dump.jobs).toHaveLength(2 + n('jobs'));
        expect(dump.runs).toHaveLength(4 + n('runs'));
        expect(dump.requests).toHaveLength(1 + n('requests'));
        const counts = await store.counts();
        expect(counts).toMatchObject({ jobs: 2 + n('jobs'), runs: 4 + n('runs'), requests: 1 + n('requests') });
        await store.prune(10_000_000, { days: 1, maxRuns: 0 });
        // The unfinished valid job survives any retention pass; the finished one goes.
        expect(await store.getJob('good-1')).toMatchObject({ id: 'good-1', status: 'tracking' });
        expect(await store.getJob('good-2')).toBeUndefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('writes after damage still work: a damaged job under a valid run does not block counting', async () => {
    await seedValid();
    const value = JSON.parse('{"id":"bad-j","createdAt":5,"status":"weird","__proto__":{"polluted":1}}') as Record<string, unknown>;
    await plant([{ store: 'jobs', key: 'bad-j', value }]);
    await store.write({ runs: [run('bad-j', 'a', 'success')] });
    expect(await store.runsOfJob('bad-j')).toHaveLength(1);
    expectUnreadableShape(await store.getJob('bad-j'), 'bad-j');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
