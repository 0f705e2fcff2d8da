/**
 * The control endpoint tests drive the simulator with (`/__control/...`, JSON in and out).
 * In-process tests may call SimState directly; this is the same thing over HTTP.
 *
 *   POST   /__control/seed      {scenario}                         reset to a scenario (clears runs, faults, log)
 *   POST   /__control/config    {latencyMs?, runDurationMs?, defaultPageSize?, failingAudiences?, token?, statusOrigin?}
 *   POST   /__control/clock     {now? (ISO or ms), advanceMs?, rate?}
 *   POST   /__control/faults    {kind, count?, path?, method?, retryAfter?}   fail the next N matching API calls
 *   DELETE /__control/faults
 *   GET    /__control/requests  every request received (except /__control)
 *   DELETE /__control/requests  empty the log
 *   POST   /__control/runs/complete {flowId?, outcome?}  end the scenario's runs still processing (of one dataflow), now
 *   POST   /__control/runs/scheduled {flowId, audienceIds?, status?}  a scheduled export of a dataflow, starting now
 *   GET    /__control/state     scenario, clock, config, faults, created runs
 */
import type { ApiResponse } from './api';
import { isScenarioName, SCENARIO_NAMES } from './scenarios';
import type { Fault, FaultKind, SimState } from './state';

const FAULT_KINDS: FaultKind[] = ['500', '429', '401', 'malformed', 'drop'];

type Body = Record<string, unknown>;

export function handleControl(state: SimState, method: string, name: string, body: unknown): ApiResponse {
  const input = (body && typeof body === 'object' ? body : {}) as Body;
  const key = `${method} ${name}`;
  switch (key) {
    case 'POST seed': {
      if (!isScenarioName(input.scenario)) return bad(`scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
      state.seed(input.scenario);
      return ok(summary(state));
    }
    case 'POST config':
      return configure(state, input);
    case 'POST clock': {
      if (input.now !== undefined) {
        const now = typeof input.now === 'number' ? input.now : Date.parse(String(input.now));
        if (!Number.isFinite(now)) return bad('now must be epoch ms or an ISO date');
        state.setClock(now);
      }
      if (typeof input.advanceMs === 'number') state.advance(input.advanceMs);
      if (typeof input.rate === 'number' && input.rate >= 0) state.setClock(state.now(), input.rate);
      return ok(summary(state));
    }
    case 'POST faults': {
      const fault = parseFault(input);
      if (typeof fault === 'string') return bad(fault);
      state.faults.push(fault);
      return ok({ faults: state.faults });
    }
    case 'DELETE faults':
      state.faults = [];
      return ok({ faults: [] });
    case 'POST runs/complete': {
      const outcome = input.outcome === 'failed' ? 'failed' : 'success';
      const flowId = typeof input.flowId === 'string' ? input.flowId : undefined;
      return ok({ completed: state.completeScheduledRuns(outcome, flowId) });
    }
    case 'POST runs/scheduled': {
      if (typeof input.flowId !== 'string') return bad('flowId is required');
      const audienceIds = Array.isArray(input.audienceIds) ? input.audienceIds.map(String) : [];
      return ok({ id: state.addScheduledRun(input.flowId, audienceIds, input.status === 'processing' ? 'processing' : 'success') });
    }
    case 'GET requests':
      return ok({ requests: state.log });
    case 'DELETE requests':
      state.log = [];
      return ok({ requests: [] });
    case 'GET state':
      return ok(summary(state));
    default:
      return { status: 404, body: { message: `unknown control ${key}` } };
  }
}

function configure(state: SimState, input: Body): ApiResponse {
  const { config } = state;
  if (typeof input.latencyMs === 'number') config.latencyMs = Math.max(0, input.latencyMs);
  if (typeof input.runDurationMs === 'number') config.runDurationMs = Math.max(0, input.runDurationMs);
  if (typeof input.defaultPageSize === 'number') config.defaultPageSize = Math.min(100, Math.max(1, input.defaultPageSize));
  if (Array.isArray(input.failingAudiences)) config.failingAudiences = input.failingAudiences.map(String);
  // statusURLs on another origin: the extension must never send credentials there (null restores).
  if (typeof input.statusOrigin === 'string' && input.statusOrigin) config.statusOrigin = input.statusOrigin.replace(/\/+$/, '');
  if (input.statusOrigin === null) delete config.statusOrigin;
  // Rotating the token makes every session captured so far stale (401 from then on).
  if (typeof input.token === 'string' && input.token) state.scenario.token = input.token.replace(/^Bearer /, '');
  return ok(summary(state));
}

export function parseFault(input: Body): Fault | string {
  const kind = String(input.kind) as FaultKind;
  if (!FAULT_KINDS.includes(kind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  const count = input.count === undefined ? 1 : Number(input.count);
  if (!Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  return {
    kind,
    remaining: count,
    ...(typeof input.path === 'string' && { path: input.path }),
    ...(typeof input.method === 'string' && { method: input.method.toUpperCase() }),
    ...(kind === '429' && { retryAfter: typeof input.retryAfter === 'number' ? input.retryAfter : 1 }),
  };
}

function summary(state: SimState) {
  const { scenario } = state;
  return {
    scenario: scenario.name,
    tenant: scenario.tenant,
    sandbox: scenario.sandbox,
    orgId: scenario.orgId,
    now: state.now(),
    nowIso: new Date(state.now()).toISOString(),
    clockRate: state.clockRate,
    config: state.config,
    faults: state.faults,
    flows: scenario.flows.length,
    adhocRuns: state.adhocRuns.map((r) => ({ id: r.raw.id, flowId: r.flowId, audienceId: r.audienceId, finishAt: r.finishAt, outcome: r.outcome })),
  };
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const bad = (message: string): ApiResponse => ({ status: 400, body: { message } });
