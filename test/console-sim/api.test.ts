import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FIXTURE_NOW } from './scenarios';
import { startSimulator, type Simulator } from './server';

// The mock Platform API over real HTTP: what the extension's client will see.
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.state.seed('fixtures'));

const S3 = '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01';
const GOLD = '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01';
const BLACK_FRIDAY = '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a03';
const V2 = 'application/vnd.adobe.adhoc.activation+json; version=2';

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    Authorization: `Bearer ${sim.state.scenario.token}`,
    'x-api-key': 'exc_app',
    'x-gw-ims-org-id': sim.state.scenario.orgId,
    'x-sandbox-name': 'prod',
    ...extra,
  };
}

async function get(path: string, extra?: Record<string, string>) {
  const res = await fetch(sim.url + path, { headers: headers(extra) });
  return { status: res.status, body: (await res.json()) as any, res };
}

async function adhoc(activationInfo: Record<string, string[]>, extra: Record<string, string> = { Accept: V2 }) {
  const res = await fetch(`${sim.url}/data/core/activation/disflowprovider/adhocrun`, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', ...extra }),
    body: JSON.stringify({ activationInfo }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const control = (name: string, body: unknown, method = 'POST') =>
  fetch(`${sim.url}/__control/${name}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as any,
  }));

describe('flows', () => {
  test('lists destination flows and filters by id', async () => {
    const all = await get('/data/foundation/flowservice/flows?property=inheritedAttributes.properties.isDestinationFlow==true');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(3);
    const some = await get(`/data/foundation/flowservice/flows?property=id==${S3},nope`);
    expect(some.body.items.map((f: any) => f.id)).toEqual([S3]);
    const one = await get(`/data/foundation/flowservice/flows/${S3}`);
    expect(one.body.items[0].name).toBe('Amazon S3 – Loyalty exports');
  });

  test('pages with limit, continuationToken and _links.next.href', async () => {
    sim.state.seed('large');
    const ids: string[] = [];
    let path: string | undefined = '/data/foundation/flowservice/flows?property=inheritedAttributes.properties.isDestinationFlow==true&limit=15';
    let pages = 0;
    while (path) {
      const page = await get(path);
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((f: any) => f.id));
      path = page.body._links.next?.href;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  test('rejects a limit over 100 and an unknown continuation token', async () => {
    expect((await get('/data/foundation/flowservice/flows?limit=101')).status).toBe(400);
    expect((await get('/data/foundation/flowservice/flows?continuationToken=garbage')).status).toBe(400);
  });

  test('another sandbox sees no dataflows', async () => {
    const other = await get('/data/foundation/flowservice/flows', { 'x-sandbox-name': 'dev' });
    expect(other.body.items).toEqual([]);
  });
});

describe('gateway', () => {
  test('401 with the gateway body for a missing or wrong token, and after rotation', async () => {
    const missing = await fetch(`${sim.url}/data/foundation/flowservice/flows`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
    expect((await get('/data/foundation/flowservice/flows', { Authorization: 'Bearer other' })).status).toBe(401);
    const oldToken = sim.state.scenario.token;
    await control('config', { token: 'sim-token-2' });
    const stale = await fetch(`${sim.url}/data/foundation/flowservice/flows`, { headers: headers({ Authorization: `Bearer ${oldToken}` }) });
    expect(stale.status).toBe(401);
    expect((await get('/data/foundation/flowservice/flows')).status).toBe(200);
  });
});

describe('runs', () => {
  test('by flow, by entity summary and by id', async () => {
    const byFlow = await get(`/data/foundation/flowservice/runs?property=flowId==${S3}`);
    expect(byFlow.body.items).toHaveLength(3);
    const byAudience = await get(`/data/foundation/flowservice/runs?property=metrics.recordSummary.targetSummaries[].entitySummaries[].id==segment:${GOLD}`);
    expect(byAudience.body.items.map((r: any) => r.id)).toEqual(['9d8c7b6a-0000-4000-8000-0000000000a2']);
    const one = await get('/data/foundation/flowservice/runs/9d8c7b6a-0000-4000-8000-0000000000a1');
    expect(one.body.items[0].metrics.statusSummary.status).toBe('Processing');
    expect((await get('/data/foundation/flowservice/runs/unknown')).status).toBe(404);
  });
});

describe('ad-hoc activation', () => {
  test('v2 creates a Processing run per pair that finishes on the simulated clock', async () => {
    await control('config', { runDurationMs: 60_000 });
    const answer = await adhoc({ [S3]: [GOLD] });
    expect(answer.status).toBe(200);
    expect(answer.body.order).toHaveLength(1);
    const [item] = answer.body.order;
    expect(item).toMatchObject({ segment: GOLD, order: S3 });
    expect(item.statusURL).toMatch(new RegExp(`^${sim.url}/data/foundation/flowservice/runs/[0-9a-f-]{36}$`));
    const statusPath = new URL(item.statusURL).pathname;
    const before = await get(statusPath);
    expect(before.body.items[0].metrics.statusSummary.status).toBe('Processing');
    expect(before.body.items[0].metrics.durationSummary.completedAtUTC).toBeUndefined();
    await control('clock', { advanceMs: 61_000 });
    const after = await get(statusPath);
    expect(after.body.items[0].metrics.statusSummary.status).toBe('success');
    expect(after.body.items[0].metrics.durationSummary.completedAtUTC).toBeGreaterThan(FIXTURE_NOW);
  });

  test('runs of failing audiences end failed with an error', async () => {
    await control('config', { runDurationMs: 1000, failingAudiences: [GOLD] });
    const answer = await adhoc({ [S3]: [GOLD] });
    await control('clock', { advanceMs: 2000 });
    const run = await get(new URL(answer.body.order[0].statusURL).pathname);
    expect(run.body.items[0].metrics.statusSummary.status).toBe('failed');
    expect(run.body.items[0].metrics.statusSummary.errors).toHaveLength(1);
  });

  test('without the v2 Accept header asks for exportIds', async () => {
    const answer = await adhoc({ [S3]: [GOLD] }, { Accept: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/exportIds/);
    expect(sim.state.adhocRuns).toHaveLength(0);
  });

  test('a second request for a running pair gets the documented "already going on" text', async () => {
    const first = await adhoc({ [S3]: [GOLD] });
    const runId = first.body.order[0].statusURL.split('/').pop();
    const second = await adhoc({ [S3]: [GOLD] });
    expect(second.status).toBe(400);
    expect(second.body.message).toBe(`Run already going on for audience ${GOLD} for order ${S3} with run id ${runId}`);
  });

  test('an ended schedule or unmapped audience gets the documented "out of schedule range" text', async () => {
    const ended = await adhoc({ [S3]: [BLACK_FRIDAY] });
    expect(ended.status).toBe(400);
    expect(ended.body.message).toBe('Segments Black Friday 2026 are not part of this dataflow or out of schedule range!');
    const unmapped = await adhoc({ [S3]: ['00000000-0000-4000-8000-000000000000'] });
    expect(unmapped.body.message).toMatch(/are not part of this dataflow or out of schedule range!$/);
  });

  test('a job over 80 pairs is accepted but its runs fail', async () => {
    sim.state.seed('bulk');
    await control('config', { runDurationMs: 1000 });
    const flows = sim.state.scenario.flows;
    const info: Record<string, string[]> = {};
    for (const flow of flows.slice(0, 3)) info[flow.id] = flow.transformations[0].params.segmentSelectors.selectors.map((s: any) => s.value.id);
    const answer = await adhoc(info);
    expect(answer.status).toBe(200);
    expect(answer.body.order).toHaveLength(120);
    await control('clock', { advanceMs: 2000 });
    const run = await get(new URL(answer.body.order[0].statusURL).pathname);
    expect(run.body.items[0].metrics.statusSummary.status).toBe('failed');
  });

  test('the bulk scenario has 200 audiences, all accepted in chunks of 80', async () => {
    sim.state.seed('bulk');
    const pairs = sim.state.scenario.flows.flatMap((f: any) =>
      f.transformations[0].params.segmentSelectors.selectors.map((s: any) => [f.id, s.value.id] as const),
    );
    expect(pairs).toHaveLength(200);
    for (let i = 0; i < pairs.length; i += 80) {
      const info: Record<string, string[]> = {};
      for (const [flowId, audienceId] of pairs.slice(i, i + 80)) (info[flowId] ??= []).push(audienceId);
      expect((await adhoc(info)).status).toBe(200);
    }
    expect(sim.state.adhocRuns).toHaveLength(200);
  });
});

describe('audiences and merge policies', () => {
  test('bulk-get answers 207 with the known ids only', async () => {
    const res = await fetch(`${sim.url}/data/core/ups/audiences/bulk-get`, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ ids: [{ id: GOLD }, { id: 'missing' }] }),
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as any;
    expect(Object.keys(body.results)).toEqual([GOLD]);
    const policies = await fetch(`${sim.url}/data/core/ups/config/mergePolicies/bulk-get`, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ ids: [{ id: '7c8d9e0f-0000-4000-8000-0000000000c2' }] }),
    });
    expect(((await policies.json()) as any).results['7c8d9e0f-0000-4000-8000-0000000000c2'].updateEpoch).toBe(1795831200);
  });
});

describe('faults, latency and the request log', () => {
  test('fails the next N matching calls, then recovers', async () => {
    await control('faults', { kind: '500', count: 2, path: '/runs' });
    expect((await get('/data/foundation/flowservice/flows')).status).toBe(200);
    expect((await get(`/data/foundation/flowservice/runs?property=flowId==${S3}`)).status).toBe(500);
    expect((await get(`/data/foundation/flowservice/runs?property=flowId==${S3}`)).status).toBe(500);
    expect((await get(`/data/foundation/flowservice/runs?property=flowId==${S3}`)).status).toBe(200);
  });

  test('429 carries Retry-After; 401 the gateway body; malformed JSON does not parse; drop closes the connection', async () => {
    await control('faults', { kind: '429', retryAfter: 7 });
    const limited = await get('/data/foundation/flowservice/flows');
    expect(limited.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('7');
    await control('faults', { kind: '401' });
    expect((await get('/data/foundation/flowservice/flows')).body.error_code).toBe('401013');
    await control('faults', { kind: 'malformed' });
    const malformed = await fetch(`${sim.url}/data/foundation/flowservice/flows`, { headers: headers() });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    await control('faults', { kind: 'drop', method: 'GET' });
    await expect(fetch(`${sim.url}/data/foundation/flowservice/flows`, { headers: headers() })).rejects.toThrow();
    expect((await get('/data/foundation/flowservice/flows')).status).toBe(200);
  });

  test('logs method, path, query, every header and the parsed body; reset empties it', async () => {
    await adhoc({ [S3]: [GOLD] });
    const log = (await control('requests', undefined, 'GET')).body.requests;
    const post = log.filter((r: any) => r.method === 'POST');
    expect(post).toHaveLength(1);
    expect(post[0]).toMatchObject({
      path: '/data/core/activation/disflowprovider/adhocrun',
      body: { activationInfo: { [S3]: [GOLD] } },
      status: 200,
    });
    expect(post[0].headers.authorization).toBe(`Bearer ${sim.state.scenario.token}`);
    expect(post[0].headers['x-sandbox-name']).toBe('prod');
    await control('requests', undefined, 'DELETE');
    expect((await control('requests', undefined, 'GET')).body.requests).toEqual([]);
  });

  test('the clock can be set and drives run timestamps', async () => {
    await control('clock', { now: '2026-12-01T00:00:00Z', rate: 0 });
    const answer = await adhoc({ [S3]: [GOLD] });
    const run = await get(new URL(answer.body.order[0].statusURL).pathname);
    expect(run.body.items[0].createdAt).toBe(Date.UTC(2026, 11, 1));
  });

  test('the app session selects a scenario by query string and hands out the accepted token', async () => {
    const res = await fetch(`${sim.url}/__sim/session?scenario=large`);
    const body = (await res.json()) as any;
    expect(sim.state.scenario.name).toBe('large');
    expect(body).toMatchObject({ accessToken: sim.state.scenario.token, apiKey: 'exc_app', sandbox: 'prod', tenant: 'acme' });
  });

  test('rejects unknown scenarios and fault kinds', async () => {
    expect((await control('seed', { scenario: 'nope' })).status).toBe(400);
    expect((await control('faults', { kind: 'teapot' })).status).toBe(400);
  });
});
