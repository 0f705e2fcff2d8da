import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlatformError } from './errors';
import { parseAdhocResponse, parseAudiencesBulk, parseDataflow, parseDataflowPage, parseMergePoliciesBulk, parseRun, parseRunPage } from './schemas';
import { toMillis } from './time';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/platform/${name}`, import.meta.url), 'utf8'));

describe('toMillis', () => {
  it.each<[unknown, number | undefined]>([
    ['1795867200', 1795867200000],
    [1795867200, 1795867200000],
    [1795867200000, 1795867200000],
    [1795867200000000, 1795867200000],
    ['1795867200000', 1795867200000],
    ['2026-11-28T12:00:00Z', 1795867200000],
    ['soon', undefined],
    [null, undefined],
    [-5, undefined],
    [Number.NaN, undefined],
    [{}, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(toMillis(input)).toBe(expected);
  });
});

describe('in an extension, whose CSP forbids eval', () => {
  it('parses without ever building a function from a string', () => {
    // The first parse of a classic zod object compiles a faster parser with `new Function`
    // unless zod is told not to: in the worker that throws and files a CSP violation.
    const built: unknown[] = [];
    const real = globalThis.Function;
    globalThis.Function = new Proxy(real, {
      construct(target, args: string[]) {
        built.push(args);
        return Reflect.construct(target, args);
      },
    });
    try {
      expect(parseDataflowPage(fixture('flows.json')).items.length).toBeGreaterThan(0);
      expect(parseRunPage(fixture('runs.json')).items.length).toBeGreaterThan(0);
    } finally {
      globalThis.Function = real;
    }
    expect(built).toEqual([]);
  });
});

describe('fixtures map to the domain', () => {
  it('reads the dataflow list with audiences, schedules and times in ms', () => {
    const page = parseDataflowPage(fixture('flows.json'));
    expect(page.items.map((f) => [f.name, f.state, f.isDestinationFlow, f.audiences.length])).toEqual([
      ['Amazon S3 – Loyalty exports', 'enabled', true, 6],
      ['SFTP – Campanhas Brasil', 'disabled', true, 1],
      ['Streaming – Ads platform', 'enabled', true, 1],
    ]);
    const s3 = page.items[0]!;
    expect(s3.flowSpecId).toBe('71471eba-b620-49e4-90fd-23f1fa0174d8');
    expect(s3.lastRun).toEqual({ id: '9d8c7b6a-0000-4000-8000-0000000000a1', state: 'inProgress', startedAt: 1795863600000 });
    expect(s3.audiences[1]).toEqual({
      id: '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a02',
      name: 'Cart abandoners 7d',
      exportMode: 'DAILY_FULL_EXPORT',
      schedule: { frequency: 'ONCE', triggerType: 'SCHEDULED', startDate: '2026-11-28', startTime: '11:00' },
      createdAt: Date.parse('2026-11-28T11:20:00Z'),
      updatedAt: Date.parse('2026-11-28T11:20:00Z'),
    });
    expect(s3.audiences[4]!.name).toBe('Lapsed & <VIP> "quoted"');
    expect(page.nextHref).toBeUndefined();
  });

  it('reads runs with lower-cased status and stripped audience ids', () => {
    const runs = parseRunPage(fixture('runs.json')).items;
    expect(runs.map((r) => [r.status, r.audienceIds, r.completedAt])).toEqual([
      ['processing', ['6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a05'], undefined],
      ['success', ['6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01'], 1795818000000],
      ['failed', ['6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a03'], 1795818600000],
    ]);
    expect(runs[1]).toMatchObject({ recordCount: 18250, fileCount: 1, errors: [] });
    expect(runs[2]!.errors).toEqual([{ code: 'ACTIVATION_BATCH-0000-FAILED', message: 'Job aborted.' }]);
    const first = (fixture('runs.json') as { items: unknown[] }).items[0];
    expect(parseRun({ items: [first] })?.status).toBe('processing');
    expect(parseRun(first)?.id).toBe('9d8c7b6a-0000-4000-8000-0000000000a1');
  });

  it('reads one dataflow answered as {items:[flow]} or bare', () => {
    const flow = (fixture('flows.json') as { items: unknown[] }).items[0];
    expect(parseDataflow({ items: [flow] })?.name).toBe('Amazon S3 – Loyalty exports');
    expect(parseDataflow(flow)?.audiences).toHaveLength(6);
    expect(parseDataflow({ items: [] })).toBeUndefined();
  });

  it('reads the ad-hoc answer with run ids from the statusURL', () => {
    expect(parseAdhocResponse(fixture('adhocrun-200.json'))).toEqual([
      {
        flowId: '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01',
        audienceId: '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01',
        statusURL: 'https://platform.adobe.io/data/foundation/flowservice/runs/4e5f6a7b-0000-4000-8000-0000000000b1',
        runId: '4e5f6a7b-0000-4000-8000-0000000000b1',
      },
    ]);
  });

  it('reads audiences and merge policies bulk-get answers, keeping per-id failures apart', () => {
    const audiences = parseAudiencesBulk(fixture('audiences-bulk-get.json'));
    expect(audiences.missing).toEqual([]);
    expect(audiences.records.find((a) => a.name === 'Cart abandoners 7d')).toEqual({
      id: '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a02',
      name: 'Cart abandoners 7d',
      originName: 'CUSTOM_UPLOAD',
      createdAt: 1795860000000,
      updatedAt: 1795860000000,
    });
    const policies = parseMergePoliciesBulk(fixture('merge-policies-bulk-get.json'));
    expect(policies.records[1]).toEqual({
      id: '7c8d9e0f-0000-4000-8000-0000000000c2',
      name: 'Prospects – private graph',
      version: 2,
      updatedAt: 1795831200000,
    });
    expect(parseAudiencesBulk({ results: { x: { status: 404, title: 'Not found' } } })).toEqual({ records: [], missing: ['x'] });
  });

  it('follows paging fields', () => {
    expect(parseDataflowPage({ items: [], _links: { next: { href: '/data/foundation/flowservice/flows?continuationToken=abc' } } }).nextHref).toBe(
      '/data/foundation/flowservice/flows?continuationToken=abc',
    );
    expect(parseRunPage({ items: [], _page: { next: 'tok' } }).continuationToken).toBe('tok');
  });

  it('says what did not match in a malformed answer', () => {
    try {
      parseDataflowPage({ items: 'not a list' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).kind).toBe('malformed');
      expect((error as PlatformError).issues).toContain('items');
    }
  });

  it("reads the audience of a run named only in sourceSummaries (Adobe's failed-run example)", () => {
    const run = parseRunPage({
      items: [
        {
          id: 'r1',
          flowId: 'f1',
          metrics: { statusSummary: { status: 'failed' }, recordSummary: { sourceSummaries: [{ entitySummaries: [{ id: 'segment:a1' }] }] } },
        },
      ],
    }).items[0]!;
    expect(run.audienceIds).toEqual(['a1']);
  });

  it('skips an item whose needed fields are bad, and keeps the list', () => {
    const good = { id: 'f1', name: 'Flow', state: 'enabled' };
    const page = parseDataflowPage({ items: [good, { id: 'x', name: 3, state: 'enabled' }, { ...good, id: 'f2' }] });
    expect(page.items.map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(page.skipped).toBe(1);
    const runs = parseRunPage({ items: [{ id: 'r1', flowId: 'f1' }, { id: 'r2' }] });
    expect(runs.items.map((r) => r.id)).toEqual(['r1']);
    expect(runs.skipped).toBe(1);
  });

  it('is lenient on fields it does not need: flowSpec as a string, a partial lastRunDetails, inheritedAttributes of another shape', () => {
    const page = parseDataflowPage({
      items: [{ id: 'f1', name: 'Flow', state: 'enabled', flowSpec: 'batch', lastRunDetails: { state: 'success' }, inheritedAttributes: [], sandboxName: 7 }],
    });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: 'f1', name: 'Flow', isDestinationFlow: false });
    expect(page.items[0]!.flowSpecId).toBeUndefined();
    expect(page.items[0]!.lastRun).toBeUndefined();
    expect(page.skipped).toBeUndefined();
  });
});

// ---- Any JSON in: a value or a `malformed` error out, never anything else ----

const parsers: [string, (json: unknown) => unknown, string][] = [
  ['parseDataflowPage', parseDataflowPage, 'flows.json'],
  ['parseDataflow', parseDataflow, 'flows.json'],
  ['parseRunPage', parseRunPage, 'runs.json'],
  ['parseRun', parseRun, 'runs.json'],
  ['parseAdhocResponse', parseAdhocResponse, 'adhocrun-200.json'],
  ['parseAudiencesBulk', parseAudiencesBulk, 'audiences-bulk-get.json'],
  ['parseMergePoliciesBulk', parseMergePoliciesBulk, 'merge-policies-bulk-get.json'],
];

function expectValueOrMalformed(parse: (json: unknown) => unknown, json: unknown): void {
  try {
    parse(json);
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('malformed');
  }
}

type Path = (string | number)[];
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function mutate(root: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

describe.each(parsers)('%s on arbitrary input', (_name, parse, fixtureName) => {
  it('returns a value or throws a malformed PlatformError for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => expectValueOrMalformed(parse, json)),
      { numRuns: 300 },
    );
  });

  it('does the same for mutated fixtures', () => {
    const base = fixture(fixtureName);
    const paths = pathsOf(base);
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (index, replacement, remove) => {
        const mutated = mutate(base, paths[index % paths.length]!, replacement, remove);
        expectValueOrMalformed(parse, mutated);
      }),
      { numRuns: 400 },
    );
  });
});
