/**
 * The mock Platform API: the documented paths and shapes of platform-api.md,
 * answered from SimState. Written from the docs, not from lib/, so a misreading
 * in our client is not mirrored here.
 */
import { selectorsOf, type Json } from './scenarios';
import type { SimState } from './state';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const FLOWS = '/data/foundation/flowservice/flows';
const RUNS = '/data/foundation/flowservice/runs';
const ADHOC = '/data/core/activation/disflowprovider/adhocrun';
const AUDIENCES = '/data/core/ups/audiences';
const MERGE_POLICIES = '/data/core/ups/config/mergePolicies';
export const ADHOC_V2_ACCEPT = 'application/vnd.adobe.adhoc.activation+json; version=2';
export const MAX_PAIRS_PER_JOB = 80;

export const GATEWAY_401 = { error_code: '401013', message: 'Oauth token is not valid' };

/** The gateway's checks, before any service sees the call. */
export function gatewayCheck(state: SimState, headers: Record<string, string>): ApiResponse | undefined {
  if (headers['authorization'] !== `Bearer ${state.scenario.token}`) return { status: 401, body: GATEWAY_401 };
  if (!headers['x-api-key']) return { status: 403, body: { error_code: '403000', message: 'Api Key is required' } };
  if (!headers['x-gw-ims-org-id']) return { status: 403, body: { error_code: '403025', message: 'Profile is not valid' } };
  return undefined;
}

export function handleApi(state: SimState, req: ApiRequest): ApiResponse {
  const { method, path } = req;
  // Another sandbox sees an empty world, as a real one without these dataflows would.
  const sandbox = req.headers['x-sandbox-name'] ?? 'prod';
  const world = sandbox === state.scenario.sandbox;
  if (method === 'GET' && path === FLOWS) return list(state, req, world ? flowsNow(state) : []);
  if (method === 'GET' && path.startsWith(`${FLOWS}/`)) return one(flowsNow(state), path.slice(FLOWS.length + 1), world);
  if (method === 'GET' && path === RUNS) return list(state, req, world ? runsNewestFirst(state) : []);
  if (method === 'GET' && path.startsWith(`${RUNS}/`)) return one(state.allRuns(), path.slice(RUNS.length + 1), world);
  if (method === 'POST' && path === ADHOC) return adhocRun(state, req, world);
  if (method === 'POST' && path === `${AUDIENCES}/bulk-get`) return bulkGet(req.body, world ? state.scenario.audiences : {});
  if (method === 'GET' && path.startsWith(`${AUDIENCES}/`)) return getOne(world ? state.scenario.audiences : {}, path.slice(AUDIENCES.length + 1));
  if (method === 'POST' && path === `${MERGE_POLICIES}/bulk-get`) return bulkGet(req.body, world ? state.scenario.mergePolicies : {});
  if (method === 'GET' && path.startsWith(`${MERGE_POLICIES}/`))
    return getOne(world ? state.scenario.mergePolicies : {}, path.slice(MERGE_POLICIES.length + 1));
  return { status: 404, body: { type: 'not-found', title: 'Not Found', status: 404, detail: `No route for ${method} ${path}` } };
}

/** Flows with `lastRunDetails` kept in step with the runs the simulator created. */
function flowsNow(state: SimState): Json[] {
  const runs = state.allRuns();
  return state.scenario.flows.map((flow) => {
    const latest = runs.filter((r) => r.flowId === flow.id).sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!latest || (flow.lastRunDetails && flow.lastRunDetails.startedAtUTC > latest.createdAt)) return flow;
    const status = String(latest.metrics?.statusSummary?.status ?? '').toLowerCase();
    return {
      ...flow,
      lastRunDetails: { id: latest.id, state: status === 'processing' ? 'inProgress' : status, startedAtUTC: latest.createdAt },
    };
  });
}

function runsNewestFirst(state: SimState): Json[] {
  return state.allRuns().sort((a, b) => b.createdAt - a.createdAt);
}

function one(items: Json[], id: string, world: boolean): ApiResponse {
  const item = world ? items.find((i) => i.id === decodeURIComponent(id)) : undefined;
  if (!item) return notFound(`Entity ${id} not found`);
  return { status: 200, body: { items: [item] } };
}

function notFound(detail: string): ApiResponse {
  return { status: 404, body: { type: 'not-found', title: 'Not Found', status: 404, detail } };
}

/**
 * `property=a.b==x,y` filters (repeatable, all must hold; `[]` in a path means any
 * element), then `limit` / `continuationToken` paging with `_links.next.href`.
 */
function list(state: SimState, req: ApiRequest, items: Json[]): ApiResponse {
  let filtered = items;
  for (const property of req.query.getAll('property')) {
    const match = /^(.+?)(==|!=)(.*)$/.exec(property);
    if (!match) return badRequest(`Invalid property filter: ${property}`);
    const [, field, op, values] = match as unknown as [string, string, string, string];
    const wanted = values.split(',');
    filtered = filtered.filter((item) => valuesAt(item, field.split('.')).some((v) => wanted.includes(String(v))) === (op === '=='));
  }
  const limitText = req.query.get('limit');
  const limit = limitText === null ? state.config.defaultPageSize : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return badRequest(`limit must be between 1 and 100`);
  const token = req.query.get('continuationToken');
  const offset = token === null ? 0 : decodeToken(token);
  if (offset === undefined) return badRequest('Invalid continuationToken');
  const page = filtered.slice(offset, offset + limit);
  const links: Json = {};
  if (offset + limit < filtered.length) {
    const next = new URLSearchParams(req.query);
    next.set('continuationToken', Buffer.from(`offset:${offset + limit}`).toString('base64url'));
    links.next = { href: `${req.path}?${next.toString()}` };
  }
  return { status: 200, body: { items: page, _links: links } };
}

function decodeToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  const [head, ...rest] = path as [string, ...string[]];
  if (value === null || typeof value !== 'object') return [];
  if (head.endsWith('[]')) {
    const array = (value as Json)[head.slice(0, -2)];
    return Array.isArray(array) ? array.flatMap((el) => valuesAt(el, rest)) : [];
  }
  return valuesAt((value as Json)[head], rest);
}

function badRequest(message: string): ApiResponse {
  return { status: 400, body: { message } };
}

function bulkGet(body: unknown, source: Record<string, Json>): ApiResponse {
  const ids = (body as Json | undefined)?.ids;
  if (!Array.isArray(ids)) return badRequest('ids is required');
  const results: Record<string, Json> = {};
  for (const entry of ids) {
    const id = typeof entry?.id === 'string' ? entry.id : undefined;
    if (id && source[id]) results[id] = source[id];
  }
  return { status: 207, body: { results } };
}

function getOne(source: Record<string, Json>, id: string): ApiResponse {
  const item = source[decodeURIComponent(id)];
  return item ? { status: 200, body: item } : notFound(`Entity ${id} not found`);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Ad-hoc activation v2. A rejection refuses the whole request, naming the first
 * pair that is already running, else every audience out of schedule. Over 80 pairs
 * the job is accepted but its runs fail, as the docs say the job does.
 */
function adhocRun(state: SimState, req: ApiRequest, world: boolean): ApiResponse {
  if (
    !String(req.headers['accept'] ?? '')
      .replace(/\s/g, '')
      .includes(ADHOC_V2_ACCEPT.replace(/\s/g, ''))
  ) {
    return badRequest('exportIds is required for ad-hoc activation (v1). Send the version=2 Accept header to use activationInfo.');
  }
  const info = (req.body as Json | undefined)?.activationInfo;
  if (!info || typeof info !== 'object' || Array.isArray(info)) return badRequest('activationInfo is required');
  const pairs: { flowId: string; audienceId: string }[] = [];
  for (const [flowId, audienceIds] of Object.entries(info as Record<string, unknown>)) {
    if (!Array.isArray(audienceIds) || !audienceIds.every((a) => typeof a === 'string')) {
      return badRequest(`activationInfo.${flowId} must be a list of audience ids`);
    }
    for (const audienceId of audienceIds as string[]) pairs.push({ flowId, audienceId });
  }
  if (pairs.length === 0) return badRequest('activationInfo is empty');

  const now = state.now();
  const flows = world ? state.scenario.flows : [];
  for (const { flowId } of pairs) {
    if (!flows.some((f) => f.id === flowId)) return notFound(`Destination instance ${flowId} not found`);
  }
  for (const pair of pairs) {
    const busy = state.adhocRuns.find((r) => r.flowId === pair.flowId && r.audienceId === pair.audienceId && now < r.finishAt);
    if (busy) {
      return badRequest(`Run already going on for audience ${pair.audienceId} for order ${pair.flowId} with run id ${busy.raw.id}`);
    }
  }
  const today = utcDay(now);
  const outOfRange = pairs.filter(({ flowId, audienceId }) => {
    const selector = selectorsOf(flows.find((f) => f.id === flowId)!).find((s) => s.value?.id === audienceId);
    const schedule = selector?.value?.schedule;
    if (!schedule) return true;
    return (schedule.startDate && schedule.startDate > today) || (schedule.endDate && schedule.endDate < today);
  });
  if (outOfRange.length > 0) {
    const names = outOfRange.map(({ audienceId }) => state.scenario.audiences[audienceId]?.name ?? audienceId);
    return badRequest(`Segments ${[...new Set(names)].join(', ')} are not part of this dataflow or out of schedule range!`);
  }

  const tooMany = pairs.length > MAX_PAIRS_PER_JOB;
  const order = pairs.map(({ flowId, audienceId }) => {
    const id = state.nextRunId();
    const failing = tooMany || state.config.failingAudiences.includes(audienceId);
    state.adhocRuns.push({
      flowId,
      audienceId,
      raw: {
        id,
        flowId,
        createdAt: now,
        updatedAt: now,
        metrics: {
          durationSummary: { startedAtUTC: now },
          statusSummary: { status: 'Processing' },
          recordSummary: { targetSummaries: [{ entitySummaries: [{ id: `segment:${audienceId}` }] }] },
        },
      },
      finishAt: now + state.config.runDurationMs,
      outcome: failing ? 'failed' : 'success',
      ...(failing && {
        error: tooMany
          ? { code: 'ACTIVATION_BATCH-0080-FAILED', message: `The job has ${pairs.length} audiences; at most ${MAX_PAIRS_PER_JOB} are allowed.` }
          : { code: 'ACTIVATION_BATCH-0000-FAILED', message: 'Job aborted.' },
      }),
    });
    const origin = state.config.statusOrigin ?? (req.headers['host'] ? `http://${req.headers['host']}` : '');
    return { segment: audienceId, order: flowId, statusURL: `${origin}${RUNS}/${id}` };
  });
  return { status: 200, body: { order } };
}
