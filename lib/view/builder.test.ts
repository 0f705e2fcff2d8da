import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/test/console-sim/server';
import { selectorsOf, type ScenarioName } from '@/test/console-sim/scenarios';
import type { Pair } from '@/lib/model';
import { createSessionStore } from '@/lib/session/session-store';
import { platformClients } from '@/lib/background/clients';
import { memoryArea } from '@/lib/exports/engine.testkit';
import { isBatchFileFlow } from '@/lib/eligibility';
import { IDS_PER_QUERY } from '@/lib/platform/client';
import { createViewBuilder, runsGroupSize } from './builder';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(scenario: ScenarioName, ours: Pair[] = []) {
  sim = await startSimulator({ scenario });
  sim.state.setClock(sim.state.now(), 0);
  const s = sim;
  const now = () => s.state.now();
  const { orgId, sandbox, token } = s.state.scenario;
  // The sessions belong to the simulator's origin, the one the clients call.
  const sessions = createSessionStore(memoryArea(), { platformOrigin: async () => s.url });
  await sessions.recordCapture({ authorization: `Bearer ${token}`, apiKey: 'exc_app', orgId, sandbox, seenAt: now(), source: 'console' });
  const clientFor = platformClients({ origin: () => s.url, sessions, now, sleep: async () => undefined });
  const builder = createViewBuilder({ clientFor, ourRuns: async () => ours, now });
  const calls = (part: string) => s.state.log.filter((r) => r.path.includes(part)).length;
  /** Dataflows whose runs were listed, over every runs request (one request lists several). */
  const runsListed = () =>
    s.state.log
      .filter((r) => r.path.endsWith('/flowservice/runs'))
      .reduce(
        (n, r) =>
          n +
          String(r.query.property)
            .replace(/^flowId==/, '')
            .split(',').length,
        0,
      );
  return { sim: s, builder, scope: { orgId, sandbox }, calls, runsListed, clientFor };
}

describe('view builder', () => {
  it('runs listings: 10 dataflows each up to 40 dataflows, then IDS_PER_QUERY each', () => {
    expect(runsGroupSize(1)).toBe(10);
    expect(runsGroupSize(40)).toBe(10);
    expect(runsGroupSize(41)).toBe(IDS_PER_QUERY);
    expect(runsGroupSize(120)).toBe(IDS_PER_QUERY);
    expect(runsGroupSize(200)).toBe(IDS_PER_QUERY);
    expect(runsGroupSize(2000)).toBe(IDS_PER_QUERY);
  });

  it('browse: every destination dataflow with a verdict per audience, runs read once per batch file dataflow', async () => {
    const { builder, scope, calls, runsListed, sim: s, clientFor } = await setup('fixtures');
    const result = await builder.build({ kind: 'browse' }, scope);
    expect(result.error).toBeUndefined();
    const flows = await clientFor(scope).listDestinationFlows();
    expect(result.dataflows.map((d) => d.id)).toEqual(flows.map((f) => f.id));
    const batch = flows.filter(isBatchFileFlow).length;
    expect(runsListed()).toBe(batch);
    expect(calls('/flowservice/runs')).toBe(Math.ceil(batch / 10)); // several dataflows per listing
    expect(calls('/audiences/bulk-get')).toBe(1);
    expect(s.state.log.length).toBeGreaterThan(0);
    const kinds = new Set(result.dataflows.flatMap((d) => d.audiences.map((a) => a.verdict.kind)));
    expect(kinds.has('eligible')).toBe(true);
    expect(kinds.size).toBeGreaterThan(1);
  });

  it('browse: a page of dataflows has its audiences and runs asked for while the next page is still listing, each asked once', async () => {
    const { scope, sim: s, clientFor } = await setup('large');
    const real = clientFor(scope);
    const all = await real.listDestinationFlows();
    let release!: () => void;
    const secondPage = new Promise<void>((resolve) => (release = resolve));
    const audiencesAsked: string[] = [];
    const runsAsked: string[] = [];
    const paged = {
      ...real,
      // Two pages, the second held back until the test lets it come.
      listDestinationFlows: async (onPage?: (flows: typeof all) => void) => {
        onPage?.(all.slice(0, 20));
        await secondPage;
        onPage?.(all.slice(20));
        return all;
      },
      getAudiences: (ids: readonly string[]) => (audiencesAsked.push(...ids), real.getAudiences(ids)),
      listRunsOfFlows: (ids: readonly string[], options?: Parameters<typeof real.listRunsOfFlows>[1]) => (
        runsAsked.push(...ids),
        real.listRunsOfFlows(ids, options)
      ),
    };
    const builder = createViewBuilder({ clientFor: () => paged, ourRuns: async () => [], now: () => s.state.now() });
    const building = builder.build({ kind: 'browse' }, scope);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const firstBatch = all.slice(0, 20).filter(isBatchFileFlow);
    expect(new Set(audiencesAsked)).toEqual(new Set(firstBatch.flatMap((f) => f.audiences.map((a) => a.id))));
    expect(runsAsked).toEqual(firstBatch.map((f) => f.id));

    release();
    const result = await building;
    expect(result.error).toBeUndefined();
    expect(result.dataflows).toHaveLength(all.length);
    const batch = all.filter(isBatchFileFlow);
    expect(runsAsked.sort()).toEqual(batch.map((f) => f.id).sort());
    expect(audiencesAsked).toHaveLength(new Set(batch.flatMap((f) => f.audiences.map((a) => a.id))).size);
  });

  it('forgets everything when the Platform host changes (invalidateAll)', async () => {
    const { builder, scope, calls } = await setup('bulk');
    await builder.build({ kind: 'browse' }, scope);
    const first = { flows: calls('/flowservice/flows'), audiences: calls('/audiences/bulk-get'), policies: calls('/mergePolicies/bulk-get') };
    await builder.build({ kind: 'browse' }, scope);
    expect(calls('/flowservice/flows')).toBe(first.flows);
    expect(calls('/audiences/bulk-get')).toBe(first.audiences);
    builder.invalidateAll();
    await builder.build({ kind: 'browse' }, scope);
    expect(calls('/flowservice/flows')).toBe(2 * first.flows);
    expect(calls('/audiences/bulk-get')).toBe(2 * first.audiences);
    expect(calls('/mergePolicies/bulk-get')).toBe(2 * first.policies);
  });

  it('caches runs for under a minute and audiences for five; invalidating runs refetches them', async () => {
    const { builder, scope, calls, runsListed, sim: s } = await setup('bulk');
    await builder.build({ kind: 'browse' }, scope);
    expect(runsListed()).toBe(5);
    await builder.build({ kind: 'browse' }, scope);
    expect(runsListed()).toBe(5);
    expect(calls('/flowservice/flows')).toBe(1);

    builder.invalidateRuns(scope, [s.state.scenario.flows[0]!.id]);
    await builder.build({ kind: 'browse' }, scope);
    expect(runsListed()).toBe(6);

    s.state.advance(61_000);
    await builder.build({ kind: 'browse' }, scope);
    expect(runsListed()).toBe(11);
    // 200 audiences = one bulk-get body (IDS_PER_BULK), fetched once in five minutes.
    expect(calls('/audiences/bulk-get')).toBe(1);
    s.state.advance(5 * 60_000);
    await builder.build({ kind: 'browse' }, scope);
    expect(calls('/audiences/bulk-get')).toBe(2);
  });

  it('dataflow route: only that dataflow; our in-flight runs are marked running and wait', async () => {
    sim = undefined;
    const probe = await startSimulator({ scenario: 'bulk' });
    const flow = probe.state.scenario.flows[1]!;
    const audienceId = flow.transformations[0].params.segmentSelectors.selectors[3].value.id as string;
    await probe.close();
    const { builder, scope, calls } = await setup('bulk', [{ flowId: flow.id, audienceId }]);
    const result = await builder.build({ kind: 'dataflow', flowId: flow.id }, scope);
    expect(result.dataflows.map((d) => d.id)).toEqual([flow.id]);
    expect(calls('/flowservice/runs')).toBe(1);
    const audience = result.dataflows[0]!.audiences.find((a) => a.id === audienceId)!;
    expect(audience.running).toBe(true);
    expect(audience.verdict).toMatchObject({ kind: 'wait', rule: 'adhocRunInProgress' });
    expect(result.dataflows[0]!.audiences.filter((a) => a.running)).toHaveLength(1);
  });

  it('errors come back as ErrorInfo, never thrown; viewsOf throws for the engine', async () => {
    const { builder, scope, sim: s } = await setup('bulk');
    s.state.scenario.token = 'rotated';
    const result = await builder.build({ kind: 'browse' }, scope);
    expect(result.dataflows).toEqual([]);
    expect(result.error).toMatchObject({ kind: 'auth', status: 401 });
    expect(JSON.stringify(result)).not.toContain('sim-token');
    await expect(builder.viewsOf(scope, [s.state.scenario.flows[0]!.id])).rejects.toMatchObject({ kind: 'auth' });
    const missing = await builder.build({ kind: 'dataflow', flowId: 'nope' }, scope);
    expect(missing.error?.kind).toBe('auth');
  });

  it("viewsOf with the pairs' audience ids reads only those, asked before the dataflows answer", async () => {
    const { scope, sim: s, clientFor } = await setup('bulk');
    const flow = (await clientFor(scope).listDestinationFlows()).find((f) => isBatchFileFlow(f) && f.audiences.length > 1)!;
    const wanted = [flow.audiences[0]!.id];
    // The order the builder calls the client in, and when the dataflows came back.
    const events: string[] = [];
    const traced = (sc: typeof scope) => {
      const client = clientFor(sc);
      return {
        ...client,
        getFlowsByIds: (ids: readonly string[]) => (events.push('flows?'), client.getFlowsByIds(ids).finally(() => events.push('flows!'))),
        getAudiences: (ids: readonly string[]) => (events.push(`audiences? ${ids.join(',')}`), client.getAudiences(ids)),
      };
    };
    const builder = createViewBuilder({ clientFor: traced, ourRuns: async () => [], now: () => s.state.now() });
    const views = await builder.viewsOf(scope, [flow.id], wanted);
    expect(events.filter((e) => e.startsWith('audiences?'))).toEqual([`audiences? ${wanted[0]}`]);
    expect(events.indexOf(`audiences? ${wanted[0]}`)).toBeLessThan(events.indexOf('flows!'));
    expect(views.map((v) => v.id)).toEqual([flow.id]);
  });

  it('viewsOf reads the dataflows, runs and merge policies fresh, and reuses the audience records the page read', async () => {
    const { builder, scope, calls, runsListed, sim: s } = await setup('bulk');
    await builder.build({ kind: 'browse' }, scope);
    const flow = s.state.scenario.flows[0]!;
    await builder.viewsOf(
      scope,
      [flow.id],
      selectorsOf(flow).map((sel) => sel.value.id as string),
    );
    expect(runsListed()).toBe(6);
    expect(calls('/audiences/bulk-get')).toBe(1); // the browse's, none for the re-check
    expect(calls('/mergePolicies/bulk-get')).toBe(2);
  });

  it('viewsOf reads an audience record again once its TTL is over', async () => {
    const { builder, scope, calls, sim: s } = await setup('bulk');
    await builder.build({ kind: 'browse' }, scope);
    s.state.advance(5 * 60_000 + 1);
    const flow = s.state.scenario.flows[0]!;
    await builder.viewsOf(
      scope,
      [flow.id],
      selectorsOf(flow).map((sel) => sel.value.id as string),
    );
    expect(calls('/audiences/bulk-get')).toBe(2);
  });
});
