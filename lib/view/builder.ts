/**
 * The view builder: fetches what eligibility needs for a route through the one
 * Platform client, with short-lived caches, and answers `DataflowView[]`. A failure
 * becomes `error` in the result; `viewsOf` (for the engine's re-check) throws instead.
 */
import type { AudienceRecord, Dataflow, DataflowView, ErrorInfo, MergePolicyRecord, Pair, Run, Scope } from '@/lib/model';
import type { PlatformClient } from '@/lib/platform';
import { IDS_PER_QUERY } from '@/lib/platform/client';
import { scopeKey } from '@/lib/session/credentials';
import { errorInfoOf } from '@/lib/exports/errors';
import { mapLimit } from '@/lib/exports/pool';
import { TtlCache } from './cache';
import { batchFileFlows, buildViews } from './build';

export type ViewRoute = { kind: 'browse' } | { kind: 'dataflow'; flowId: string };

export interface ViewResult {
  dataflows: DataflowView[];
  error?: ErrorInfo;
}

export interface ViewBuilderDeps {
  clientFor(scope: Scope): PlatformClient;
  /** Pairs with one of our own runs in flight in this scope (from the store). */
  /** Our own runs not yet ended, for the `running` marks; `waiting`: those not yet sent too. */
  ourRuns(scope: Scope, waiting: boolean): Promise<Pair[]>;
  /** Platform run ids of our successful exports since a time (the same-data warning); none without it. */
  ourRunIds?(scope: Scope, since: number): Promise<ReadonlySet<string>>;
  now(): number;
  /** Dataflow lists and runs per dataflow. */
  runsTtlMs?: number;
  /** Audiences and merge policies change rarely. */
  referenceTtlMs?: number;
  /** Runs listings in flight at once. */
  concurrency?: number;
  /** How far back runs are read: a scheduled run stays Processing for hours, not days. */
  runsWindowMs?: number;
}

export interface ViewBuilder {
  build(route: ViewRoute, scope: Scope): Promise<ViewResult>;
  /**
   * The engine's re-check: the dataflows, their runs and the merge policies read fresh
   * (they change minute by minute or block an export outright); audience records reused
   * when read within the reference TTL, usually by the page the user clicked on. Throws on
   * failure. With `audienceIds` (the pairs to re-check), only those audiences count, and
   * their records and merge policies are asked for at once, not after the dataflows answer.
   */
  viewsOf(scope: Scope, flowIds: readonly string[], audienceIds?: readonly string[]): Promise<DataflowView[]>;
  /** After our runs changed: drop the cached runs (of these dataflows, or all). */
  invalidateRuns(scope?: Scope, flowIds?: readonly string[]): void;
  /** Forget everything: the Platform host changed, so nothing cached describes it. */
  invalidateAll(): void;
}

/**
 * Dataflows per runs listing: 10, so up to 40 dataflows list in 4 parallel calls; more
 * dataflows fill each listing up to the client's IDS_PER_QUERY (the URL length known to
 * pass): their audiences' bulk-gets keep the browser's 6 connections busy anyway, so fewer
 * listings finish sooner (a page of 100 dataflows: 3 calls, not 4; 200 take 5, not 20).
 */
const RUN_FLOWS_PER_QUERY = 10;
const RUN_LISTINGS = 4;

export function runsGroupSize(flows: number): number {
  return flows <= RUN_FLOWS_PER_QUERY * RUN_LISTINGS ? RUN_FLOWS_PER_QUERY : IDS_PER_QUERY;
}

/** What the re-check asked for before its dataflows answered (see `viewsOf`). */
interface Asked {
  runs?: Map<string, Promise<Run[]>>;
  audiences?: Promise<Map<string, AudienceRecord>>;
  policies?: Promise<Map<string, MergePolicyRecord>>;
}

export function createViewBuilder(deps: ViewBuilderDeps): ViewBuilder {
  const runsTtl = deps.runsTtlMs ?? 45_000;
  const referenceTtl = deps.referenceTtlMs ?? 5 * 60_000;
  const concurrency = deps.concurrency ?? 4;
  const window = deps.runsWindowMs ?? 2 * 24 * 60 * 60_000;
  const flowsCache = new TtlCache<Dataflow[]>(runsTtl, deps.now);
  const runsCache = new TtlCache<Run[]>(runsTtl, deps.now);
  const audienceCache = new TtlCache<AudienceRecord | null>(referenceTtl, deps.now);
  const policyCache = new TtlCache<MergePolicyRecord | null>(referenceTtl, deps.now);

  /** Bulk-get the ids not cached, one call, then answer every id from the cache. */
  async function referenceRecords<T extends { id: string }>(
    cache: TtlCache<T | null>,
    prefix: string,
    ids: readonly string[],
    fetch: (ids: string[]) => Promise<{ records: T[] }>,
    fresh: boolean,
  ): Promise<Map<string, T>> {
    const cached = new Map<string, Promise<T | null>>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = fresh ? undefined : cache.peek(`${prefix}|${id}`);
      if (hit) cached.set(id, hit);
      else missing.push(id);
    }
    if (missing.length > 0) {
      // One bulk call for every id not cached; each id's entry shares its answer, indexed
      // once (a find per id was quadratic: ~0.5 s of the worker for 10,000 audiences).
      const byId = fetch(missing).then((answer) => new Map(answer.records.map((r) => [r.id, r])));
      for (const id of missing) {
        cached.set(
          id,
          cache.set(
            `${prefix}|${id}`,
            byId.then((records) => records.get(id) ?? null),
          ),
        );
      }
    }
    const result = new Map<string, T>();
    for (const [id, value] of cached) {
      const record = await value;
      if (record) result.set(id, record);
    }
    return result;
  }

  /**
   * Runs of these dataflows, cached per dataflow; the missing ones are listed a group
   * of dataflows per request (a browser allows 6 requests per host at once: 40 one-flow
   * listings would queue behind each other).
   */
  function runsOf(client: PlatformClient, key: string, flowIds: readonly string[], fresh: boolean): Map<string, Promise<Run[]>> {
    // Read once listed: the answer may be what corrects the server clock.
    const since = () => deps.now() - window;
    const result = new Map<string, Promise<Run[]>>();
    const missing: string[] = [];
    for (const id of new Set(flowIds)) {
      const hit = fresh ? undefined : runsCache.peek(`${key}|${id}`);
      if (hit) result.set(id, hit);
      else missing.push(id);
    }
    const groups: string[][] = [];
    const size = runsGroupSize(missing.length);
    for (let i = 0; i < missing.length; i += size) groups.push(missing.slice(i, i + size));
    // Grouped by dataflow once, not flattened and filtered for each dataflow.
    const byFlow = mapLimit(groups, concurrency, (group) => client.listRunsOfFlows(group, { since })).then((lists) => {
      const grouped = new Map<string, Run[]>();
      for (const run of lists.flat()) {
        const runs = grouped.get(run.flowId);
        if (runs) runs.push(run);
        else grouped.set(run.flowId, [run]);
      }
      return grouped;
    });
    for (const id of missing) {
      const runs = byFlow.then((grouped) => grouped.get(id) ?? []);
      result.set(id, runsCache.set(`${key}|${id}`, runs));
    }
    return result;
  }

  function audiencesOf(client: PlatformClient, key: string, ids: readonly string[], fresh: boolean): Promise<Map<string, AudienceRecord>> {
    return referenceRecords(audienceCache, key, ids, (missing) => client.getAudiences(missing), fresh);
  }

  function policiesOf(
    client: PlatformClient,
    key: string,
    audiences: ReadonlyMap<string, AudienceRecord>,
    fresh: boolean,
  ): Promise<Map<string, MergePolicyRecord>> {
    const policyIds = [...audiences.values()].flatMap((a) => (a.mergePolicyId ? [a.mergePolicyId] : []));
    return referenceRecords(policyCache, key, policyIds, (ids) => client.getMergePolicies(ids), fresh);
  }

  /**
   * Starts what a page of listed dataflows needs (their audiences, then merge policies, and
   * their runs) into the caches while the next page lists: an org's 200 dataflows come in
   * 2 pages, and the 10,000 audiences of the first no longer wait for the second. A failure
   * here is forgotten by the caches and met again, and reported, by the build that reads them.
   */
  function warm(client: PlatformClient, key: string, page: readonly Dataflow[]): void {
    const batch = batchFileFlows(page);
    // The runs first: a few small listings that would otherwise queue behind the bulk-gets.
    const ids = batch.map((flow) => flow.id);
    for (const runs of runsOf(client, key, ids, false).values()) runs.catch(() => undefined);
    audiencesOf(
      client,
      key,
      batch.flatMap((flow) => flow.audiences.map((a) => a.id)),
      false,
    )
      .then((audiences) => policiesOf(client, key, audiences, false))
      .catch(() => undefined);
  }

  /**
   * Runs, audiences and our own runs load side by side; merge policies start as soon as
   * the audiences are known. Every step is a round trip to the Platform, so the wall
   * time is the longest chain (audiences -> merge policies, or the runs), not their sum.
   */
  async function viewsFor(scope: Scope, flows: Dataflow[], fresh: boolean, asked: Asked = {}): Promise<DataflowView[]> {
    const client = deps.clientFor(scope);
    const key = scopeKey(scope);
    const batch = batchFileFlows(flows);
    // Audiences first: the merge policies wait on them, the runs wait on nothing. Audience
    // records are reused within their TTL even by the re-check (see `viewsOf`).
    const audiencesLoaded =
      asked.audiences ??
      audiencesOf(
        client,
        key,
        batch.flatMap((flow) => flow.audiences.map((a) => a.id)),
        false,
      );
    const policiesLoaded = asked.policies ?? audiencesLoaded.then((audiences) => policiesOf(client, key, audiences, fresh));
    const late = batch.filter((flow) => !asked.runs?.has(flow.id)).map((flow) => flow.id);
    const runs = new Map([...(asked.runs ?? []), ...runsOf(client, key, late, fresh)]);
    const runsLoaded = Promise.all(batch.map((flow) => runs.get(flow.id)!));
    // The page's views (not fresh) mark pairs waiting to be sent too; the engine's fresh ones do not.
    const oursLoaded = deps.ourRuns(scope, !fresh);
    const ourIdsLoaded = deps.ourRunIds?.(scope, deps.now() - window);
    const [runLists, audiences, mergePolicies, ourPairs, ourRunIds] = await Promise.all([
      runsLoaded,
      audiencesLoaded,
      policiesLoaded,
      oursLoaded,
      ourIdsLoaded,
    ]);
    const runsByFlow = new Map(batch.map((flow, i) => [flow.id, runLists[i]!]));
    const ours = new Map<string, Set<string>>();
    for (const pair of ourPairs) {
      const set = ours.get(pair.flowId) ?? new Set<string>();
      set.add(pair.audienceId);
      ours.set(pair.flowId, set);
    }
    return buildViews({ flows, runsByFlow, audiences, mergePolicies, ours, now: deps.now(), ...(ourRunIds && { ourRunIds }) });
  }

  async function flowsFor(route: ViewRoute, scope: Scope): Promise<Dataflow[]> {
    const client = deps.clientFor(scope);
    const key = scopeKey(scope);
    if (route.kind === 'browse') return flowsCache.get(`${key}|*`, () => client.listDestinationFlows((page) => warm(client, key, page)));
    return flowsCache.get(`${key}|${route.flowId}`, async () => [await client.getFlow(route.flowId)]);
  }

  return {
    async build(route, scope) {
      try {
        return { dataflows: await viewsFor(scope, await flowsFor(route, scope), false) };
      } catch (error) {
        return { dataflows: [], error: errorInfoOf(error) };
      }
    },

    async viewsOf(scope, flowIds, audienceIds) {
      const client = deps.clientFor(scope);
      const key = scopeKey(scope);
      // Issued first: audiences -> merge policies is the longest chain when the audiences
      // are not cached, and a browser sends at most 6 requests per host at once, the rest
      // queue in order. Cached (10,000 of them take 10 bulk-gets), the re-check is 2 rounds.
      const audiences = audienceIds && audiencesOf(client, key, audienceIds, false);
      const policies = audiences?.then((records) => policiesOf(client, key, records, true));
      policies?.catch(() => undefined); // awaited in viewsFor, with the audiences
      const flowsLoaded = client.getFlowsByIds(flowIds);
      // The runs need only the ids: listed while the dataflows themselves load.
      const runs = runsOf(client, key, flowIds, true);
      for (const listed of runs.values()) listed.catch(() => undefined); // awaited below, or unused if a flow is not batch file
      return viewsFor(scope, await flowsLoaded, true, { runs, ...(audiences && policies && { audiences, policies }) });
    },

    invalidateAll() {
      for (const cache of [flowsCache, runsCache, audienceCache, policyCache]) cache.invalidate();
    },

    invalidateRuns(scope, flowIds) {
      const prefix = scope ? `${scopeKey(scope)}|` : '';
      const ids = flowIds && new Set(flowIds);
      const match = (key: string) => key.startsWith(prefix) && (!ids || ids.has(key.slice(key.lastIndexOf('|') + 1)));
      runsCache.invalidate(match);
      flowsCache.invalidate(match);
    },
  };
}
