/**
 * The simulator's worlds, in raw Platform API shapes (what the real API returns,
 * not our domain types): the shared fixtures, a large generated one and a "bulk" one.
 * Generated scenarios are deterministic (seeded PRNG, counter-based ids) so a
 * failing test sees the same data on every run.
 */
import flowsFixture from '../fixtures/platform/flows.json' with { type: 'json' };
import runsFixture from '../fixtures/platform/runs.json' with { type: 'json' };
import audiencesFixture from '../fixtures/platform/audiences-bulk-get.json' with { type: 'json' };
import mergePoliciesFixture from '../fixtures/platform/merge-policies-bulk-get.json' with { type: 'json' };

/** A JSON object as the API returns it; the simulator never interprets more than it must. */
export type Json = Record<string, any>;

export interface Scenario {
  name: ScenarioName;
  tenant: string;
  sandbox: string;
  orgId: string;
  apiKey: string;
  /** The bearer token the API accepts (without `Bearer `). */
  token: string;
  /** The simulated clock at seeding time, epoch ms. */
  now: number;
  flows: Json[];
  runs: Json[];
  /** Keyed by audience id, as the bulk-get `results`. */
  audiences: Record<string, Json>;
  mergePolicies: Record<string, Json>;
}

export const SCENARIO_NAMES = ['fixtures', 'large', 'thousand', 'bulk', 'empty', 'bench', 'enterprise'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** 2026-11-28T12:00:00Z, the clock the shared fixtures assume. */
export const FIXTURE_NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const BATCH_FILE_SPEC = '71471eba-b620-49e4-90fd-23f1fa0174d8';
const S3_CONNECTION_SPEC = '4fce964d-3f37-408f-9778-e597338a21ee';
const DEFAULT_MERGE_POLICY = '7c8d9e0f-0000-4000-8000-0000000000c1';

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIO_NAMES as readonly string[]).includes(value);
}

export function buildScenario(name: ScenarioName): Scenario {
  switch (name) {
    case 'fixtures':
      return fixturesScenario();
    case 'large':
      return generatedScenario(name, { flows: 40, audiences: 1000, seed: 40 });
    case 'thousand':
      // One dataflow of 1,000 audiences of every kind: a big virtualised table to scroll and sort.
      return generatedScenario(name, { flows: 1, audiences: 1000, seed: 1000 });
    case 'bulk':
      return bulkScenario();
    case 'bench':
      return benchScenario();
    case 'enterprise':
      return enterpriseScenario();
    case 'empty':
      return { ...base(name), flows: [], runs: [], audiences: {}, mergePolicies: {} };
  }
}

function base(name: ScenarioName) {
  return {
    name,
    tenant: 'acme',
    sandbox: 'prod',
    orgId: '5555467B5D8013E50A494220@AdobeOrg',
    apiKey: 'exc_app',
    token: 'sim-token-1',
    now: FIXTURE_NOW,
  };
}

const clone = <T>(value: T): T => structuredClone(value);

function fixturesScenario(): Scenario {
  const flows = clone(flowsFixture.items) as Json[];
  const audiences = clone(audiencesFixture.results) as Record<string, Json>;
  // The bulk-get fixture covers only the audiences the 24-hour rule needs; the
  // others get an old record on the default merge policy, as a real sandbox would.
  for (const selector of flows.flatMap(selectorsOf)) {
    const id = selector.value.id as string;
    audiences[id] ??= audienceRecord(id, selector.value.name, 1790000000);
  }
  return {
    ...base('fixtures'),
    flows,
    runs: clone(runsFixture.items) as Json[],
    audiences,
    mergePolicies: clone(mergePoliciesFixture.results) as Record<string, Json>,
  };
}

export function selectorsOf(flow: Json): Json[] {
  return (flow.transformations ?? []).flatMap((t: Json) => t?.params?.segmentSelectors?.selectors ?? []);
}

function audienceRecord(id: string, name: string, epochSeconds: number): Json {
  return {
    id,
    audienceId: id,
    name,
    mergePolicyId: DEFAULT_MERGE_POLICY,
    originName: 'REAL_TIME_CUSTOMER_PROFILE',
    createEpoch: epochSeconds,
    updateEpoch: epochSeconds,
  };
}

function oldMergePolicies(): Record<string, Json> {
  return {
    [DEFAULT_MERGE_POLICY]: { id: DEFAULT_MERGE_POLICY, name: 'Default timebased', version: 3, updateEpoch: 1780000000, default: true },
  };
}

/** Counter-based UUIDs (version 4 layout) so ids are stable and readable in logs. */
export function simId(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-5a11-4000-8000-${hex}`;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function flowShell(id: string, name: string, selectors: Json[], createdAt: number): Json {
  return {
    id,
    name,
    state: 'enabled',
    flowSpec: { id: BATCH_FILE_SPEC, version: '1.0' },
    createdAt,
    updatedAt: createdAt,
    createdClient: 'exc_app',
    sandboxName: 'prod',
    inheritedAttributes: {
      properties: { isDestinationFlow: true },
      targetConnections: [{ connectionSpec: { id: S3_CONNECTION_SPEC } }],
    },
    transformations: [{ name: 'GeneralTransform', params: { segmentSelectors: { selectors } } }],
  };
}

function selector(id: string, name: string, schedule: Json, activatedAt: number): Json {
  return {
    type: 'PLATFORM_SEGMENT',
    value: { id, name, exportMode: 'DAILY_FULL_EXPORT', schedule, createTime: seconds(activatedAt), updateTime: seconds(activatedAt) },
  };
}

/** Names that break naive adapters: markup, quotes, ampersands, emoji, very long text. */
const HOSTILE_NAMES = [
  'Lapsed & <VIP> "quoted"',
  "O'Brien's <script>alert(1)</script> fans",
  '🎄 Holiday shoppers 🎁',
  'Clientes São Paulo – Ação & Promoção',
  'A very long audience name that goes on and on well past any column width the console would ever give it, to test truncation and wrapping behaviour',
];

function generatedScenario(name: ScenarioName, size: { flows: number; audiences: number; seed: number }): Scenario {
  const random = mulberry32(size.seed);
  const now = FIXTURE_NOW;
  const audiences: Record<string, Json> = {};
  const perFlow: Json[][] = Array.from({ length: size.flows }, () => []);
  for (let n = 1; n <= size.audiences; n++) {
    const id = simId(0xa0d1e4ce, n);
    // Every 97th audience reuses the previous name, so duplicate names always exist.
    const audienceName = n % 97 === 0 ? `Audience ${n - 1}` : n % 50 === 7 ? `${HOSTILE_NAMES[((n / 50) % HOSTILE_NAMES.length) | 0]} ${n}` : `Audience ${n}`;
    const roll = random();
    let schedule: Json = { frequency: 'DAILY', triggerType: 'SCHEDULED', startDate: day(now - 30 * DAY), startTime: '23:00' };
    let activatedAt = now - 20 * DAY;
    if (roll < 0.08) schedule = { ...schedule, endDate: day(now - 2 * DAY) };
    else if (roll < 0.14) schedule = { ...schedule, startDate: day(now + 3 * DAY) };
    else if (roll < 0.2) activatedAt = now - 20 * 60_000;
    else if (roll < 0.25) schedule = { frequency: 'ONCE', triggerType: 'SCHEDULED', startDate: day(now - DAY), startTime: '08:00' };
    audiences[id] = audienceRecord(id, audienceName, Math.floor((now - 60 * DAY) / 1000));
    const home = (n - 1) % size.flows;
    perFlow[home]!.push(selector(id, audienceName, schedule, activatedAt));
    // A few audiences are mapped on a second dataflow too (multi-dataflow jobs).
    if (random() < 0.05 && size.flows > 1) perFlow[(home + 1) % size.flows]!.push(selector(id, audienceName, schedule, activatedAt));
  }
  const flows = perFlow.map((selectors, i) =>
    flowShell(
      simId(0xf10e0000, i + 1),
      `Dataflow ${String(i + 1).padStart(2, '0')} – ${i % 3 === 0 ? 'Amazon S3' : i % 3 === 1 ? 'SFTP' : 'Azure Blob'}`,
      selectors,
      now - 90 * DAY,
    ),
  );
  // A scheduled run still processing on a few dataflows, naming one audience each.
  const runs: Json[] = flows
    .filter((_, i) => i % 10 === 3)
    .map((flow, i) => {
      const audienceId = selectorsOf(flow)[0]!.value.id as string;
      return processingRun(simId(0x70e50000, i + 1), flow.id, audienceId, now - HOUR);
    });
  return { ...base(name), now, flows, runs, audiences, mergePolicies: oldMergePolicies() };
}

function processingRun(id: string, flowId: string, audienceId: string, startedAt: number): Json {
  return {
    id,
    flowId,
    createdAt: startedAt,
    updatedAt: startedAt,
    metrics: {
      durationSummary: { startedAtUTC: startedAt },
      statusSummary: { status: 'Processing' },
      recordSummary: { targetSummaries: [{ entitySummaries: [{ id: `segment:${audienceId}` }] }] },
    },
  };
}

/**
 * For `npm run bench`, every audience eligible: 40 dataflows x 25 audiences (1,000 pairs
 * for the bulk export), then one dataflow of 200 and one of 1,000 audiences (big tables).
 */
function benchScenario(): Scenario {
  const now = FIXTURE_NOW;
  const audiences: Record<string, Json> = {};
  let n = 0;
  const flow = (index: number, size: number, name: string) => {
    const selectors = Array.from({ length: size }, () => {
      n += 1;
      const id = simId(0xbe0c0000, n);
      const audienceName = `Bench audience ${String(n).padStart(4, '0')}`;
      audiences[id] = audienceRecord(id, audienceName, Math.floor((now - 60 * DAY) / 1000));
      return selector(id, audienceName, { frequency: 'DAILY', triggerType: 'SCHEDULED', startDate: day(now - 30 * DAY), startTime: '23:00' }, now - 20 * DAY);
    });
    return flowShell(simId(0xbe0f0000, index), name, selectors, now - 90 * DAY);
  };
  const flows = Array.from({ length: 40 }, (_, i) => flow(i + 1, 25, `Bench dataflow ${String(i + 1).padStart(2, '0')} – Amazon S3`));
  flows.push(flow(41, 200, 'Bench 200 rows – Amazon S3'), flow(42, 1000, 'Bench 1,000 rows – Amazon S3'));
  return { ...base('bench'), now, flows, runs: [], audiences, mergePolicies: oldMergePolicies() };
}

/** Dataflows of the enterprise scenario, and audiences mapped on each (one dataflow per audience). */
export const ENTERPRISE = { flows: 200, audiencesPerFlow: 50 } as const;

/**
 * A large customer (issue 17): 200 batch dataflows sharing 10,000 audiences, 50 each, every
 * one eligible at the clock, no runs yet. The bench browses it at 150 ms per API call
 * (the simulator's latencyMs), bulk-exports all 10,000 pairs and tracks them.
 */
function enterpriseScenario(): Scenario {
  const now = FIXTURE_NOW;
  const audiences: Record<string, Json> = {};
  const schedule = { frequency: 'DAILY', triggerType: 'SCHEDULED', startDate: day(now - 30 * DAY), startTime: '23:00' };
  const flows = Array.from({ length: ENTERPRISE.flows }, (_, f) => {
    const selectors = Array.from({ length: ENTERPRISE.audiencesPerFlow }, (_, a) => {
      const n = f * ENTERPRISE.audiencesPerFlow + a + 1;
      const id = simId(0xe0d1e4ce, n);
      const audienceName = `Enterprise audience ${String(n).padStart(5, '0')}`;
      audiences[id] = audienceRecord(id, audienceName, Math.floor((now - 60 * DAY) / 1000));
      return selector(id, audienceName, schedule, now - 20 * DAY);
    });
    return flowShell(simId(0xe10e0000, f + 1), `Enterprise dataflow ${String(f + 1).padStart(3, '0')} – Amazon S3`, selectors, now - 90 * DAY);
  });
  return { ...base('enterprise'), now, flows, runs: [], audiences, mergePolicies: oldMergePolicies() };
}

/** 5 dataflows x 40 audiences, every one eligible at the clock: the bulk export path. */
function bulkScenario(): Scenario {
  const now = FIXTURE_NOW;
  const audiences: Record<string, Json> = {};
  const flows = Array.from({ length: 5 }, (_, f) => {
    const selectors = Array.from({ length: 40 }, (_, a) => {
      const n = f * 40 + a + 1;
      const id = simId(0xb0d1e4ce, n);
      const audienceName = `Bulk audience ${String(n).padStart(3, '0')}`;
      audiences[id] = audienceRecord(id, audienceName, Math.floor((now - 60 * DAY) / 1000));
      return selector(id, audienceName, { frequency: 'DAILY', triggerType: 'SCHEDULED', startDate: day(now - 30 * DAY), startTime: '23:00' }, now - 20 * DAY);
    });
    return flowShell(simId(0xb10e0000, f + 1), `Bulk dataflow ${f + 1} – Amazon S3`, selectors, now - 90 * DAY);
  });
  return { ...base('bulk'), now, flows, runs: [], audiences, mergePolicies: oldMergePolicies() };
}

const EPOCH_SECONDS_KEYS = new Set(['createTime', 'updateTime', 'createEpoch', 'updateEpoch']);
const EPOCH_MS_KEYS = new Set(['createdAt', 'updatedAt', 'startedAtUTC', 'completedAtUTC']);
const DATE_KEYS = new Set(['startDate', 'endDate']);
const DAY_MS = 86_400_000;

/**
 * The same world, moved so that its clock is `now`: every instant moves by the same
 * amount and every schedule date by the same number of UTC days, so each verdict
 * (one hour after activation, 24 hours after a merge policy change, a schedule that
 * ends yesterday or starts in three days) holds at any real date. The browser's
 * clock cannot be faked for the extension's service worker, so the e2e tests and the
 * demo run the simulator on real time this way.
 */
export function shiftScenario(scenario: Scenario, now: number): Scenario {
  const delta = now - scenario.now;
  const days = Math.floor(now / DAY_MS) - Math.floor(scenario.now / DAY_MS);
  const shiftDate = (value: string) => new Date(Date.parse(`${value}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  const walk = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    if (EPOCH_SECONDS_KEYS.has(key) && (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))) {
      const shifted = Math.round(Number(value) + delta / 1000);
      return typeof value === 'string' ? String(shifted) : shifted;
    }
    if (EPOCH_MS_KEYS.has(key) && typeof value === 'number') return value + delta;
    if (DATE_KEYS.has(key) && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return shiftDate(value);
    return value;
  };
  return {
    ...scenario,
    now,
    flows: walk(scenario.flows) as Json[],
    runs: walk(scenario.runs) as Json[],
    audiences: walk(scenario.audiences) as Record<string, Json>,
    mergePolicies: walk(scenario.mergePolicies) as Record<string, Json>,
  };
}
