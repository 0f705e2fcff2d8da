/**
 * Everything the simulator remembers: the seeded scenario, the simulated clock,
 * the runs it created, injected faults and the log of every request received.
 */
import { buildScenario, shiftScenario, type Json, type Scenario, type ScenarioName } from './scenarios';

export type FaultKind = '500' | '429' | '401' | 'malformed' | 'drop';

export interface Fault {
  kind: FaultKind;
  /** How many matching calls still fail. */
  remaining: number;
  /** Only calls whose path contains this. */
  path?: string;
  method?: string;
  /** Seconds, for 429. */
  retryAfter?: number;
}

export interface LoggedRequest {
  seq: number;
  /** Simulated time the request arrived, epoch ms. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Every header as received (lower-case names), credentials included: tests check where tokens went. */
  headers: Record<string, string>;
  /** Parsed JSON when it parses, else the raw text; undefined when empty. */
  body: unknown;
  status?: number;
}

/** A run the ad-hoc endpoint created; its status is derived from the clock when read. */
export interface SimRun {
  flowId: string;
  audienceId: string;
  raw: Json;
  finishAt: number;
  outcome: 'success' | 'failed';
  error?: { code: string; message: string };
}

export interface SimConfig {
  latencyMs: number;
  /** Simulated ms an ad-hoc run stays Processing. */
  runDurationMs: number;
  /** Page size when a list call gives no `limit` (Flow Service caps `limit` at 100). */
  defaultPageSize: number;
  /** Ad-hoc runs for these audience ids end `failed`. */
  failingAudiences: string[];
  /** Ad-hoc answers name their statusURL on this origin instead of the API's own (security tests). */
  statusOrigin?: string;
}

export class SimState {
  scenario!: Scenario;
  config: SimConfig = { latencyMs: 0, runDurationMs: 30_000, defaultPageSize: 100, failingAudiences: [] };
  adhocRuns: SimRun[] = [];
  faults: Fault[] = [];
  log: LoggedRequest[] = [];
  private seq = 0;
  private runCounter = 0;
  private clock = { base: 0, realAnchor: 0, rate: 1 };

  /**
   * `clock: 'real'` moves every scenario to the real date and time (shiftScenario):
   * what the extension sees, since its worker runs on the browser's real clock.
   * `'fixture'` keeps the fixtures' own clock, 2026-11-28T12:00Z, for tests that
   * inject their clock.
   */
  constructor(
    scenario: ScenarioName = 'fixtures',
    readonly clockMode: 'fixture' | 'real' = 'fixture',
  ) {
    this.seed(scenario);
  }

  /** Replace the world; also clears runs, faults, config and the log so tests start clean. */
  seed(name: ScenarioName): void {
    const built = buildScenario(name);
    this.scenario = this.clockMode === 'real' ? shiftScenario(built, Date.now()) : built;
    this.adhocRuns = [];
    this.faults = [];
    this.log = [];
    this.config = { latencyMs: 0, runDurationMs: 30_000, defaultPageSize: 100, failingAudiences: [] };
    this.setClock(this.scenario.now, 1);
  }

  /** Simulated now: advances from the last set point at `rate` x real time. */
  now(): number {
    return Math.round(this.clock.base + (Date.now() - this.clock.realAnchor) * this.clock.rate);
  }

  setClock(now: number, rate = this.clock.rate): void {
    this.clock = { base: now, realAnchor: Date.now(), rate };
  }

  advance(ms: number): void {
    this.setClock(this.now() + ms);
  }

  get clockRate(): number {
    return this.clock.rate;
  }

  nextRunId(): string {
    this.runCounter += 1;
    return `4e5f6a7b-5a11-4000-8000-${this.runCounter.toString(16).padStart(12, '0')}`;
  }

  /** Both the seeded runs and the ad-hoc ones, in API shape as of now. */
  allRuns(): Json[] {
    const now = this.now();
    return [...this.scenario.runs, ...this.adhocRuns.map((run) => materialise(run, now))];
  }

  record(entry: Omit<LoggedRequest, 'seq' | 'at'>): LoggedRequest {
    const logged = { ...entry, seq: ++this.seq, at: this.now() };
    this.log.push(logged);
    return logged;
  }

  /**
   * Ends the scenario's own (scheduled) runs still processing, of one dataflow or all, as
   * of now: what the Platform does when a scheduled export finishes. Returns how many.
   */
  completeScheduledRuns(outcome: 'success' | 'failed', flowId?: string): number {
    const now = this.now();
    let count = 0;
    for (const run of this.scenario.runs) {
      const status = String(run.metrics?.statusSummary?.status ?? '').toLowerCase();
      if ((flowId && run.flowId !== flowId) || (status !== 'processing' && status !== 'waiting')) continue;
      run.metrics.statusSummary = { status: outcome === 'success' ? 'Success' : 'Failed' };
      run.metrics.durationSummary = { ...run.metrics.durationSummary, completedAtUTC: now };
      run.updatedAt = now;
      count += 1;
    }
    return count;
  }

  /**
   * A scheduled export of a dataflow (of these audiences, or all) that starts now: a run
   * that is not ad-hoc, processing, or already ended `success`. Returns its id.
   */
  addScheduledRun(flowId: string, audienceIds: readonly string[] = [], status: 'processing' | 'success' = 'success'): string {
    const now = this.now();
    const id = this.nextRunId();
    this.scenario.runs.push({
      id,
      flowId,
      createdAt: now,
      updatedAt: now,
      metrics: {
        durationSummary: { startedAtUTC: now, ...(status === 'success' && { completedAtUTC: now }) },
        statusSummary: { status: status === 'success' ? 'Success' : 'Processing' },
        recordSummary: {
          outputRecordCount: status === 'success' ? 1000 : 0,
          targetSummaries: audienceIds.length ? [{ entitySummaries: audienceIds.map((a) => ({ id: `segment:${a}` })) }] : [],
        },
        fileSummary: { outputFileCount: status === 'success' ? 1 : 0 },
      },
    });
    return id;
  }

  /** The first armed fault matching this call, consumed. */
  takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.path || path.includes(f.path)) && (!f.method || f.method.toUpperCase() === method));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }
}

function materialise(run: SimRun, now: number): Json {
  const raw = structuredClone(run.raw);
  const done = now >= run.finishAt;
  raw.updatedAt = done ? run.finishAt : raw.createdAt;
  raw.metrics.statusSummary = done ? { status: run.outcome, ...(run.error ? { errors: [run.error] } : {}) } : { status: 'Processing' };
  if (done) {
    raw.metrics.durationSummary.completedAtUTC = run.finishAt;
    raw.metrics.recordSummary.outputRecordCount = run.outcome === 'success' ? 1000 : 0;
    raw.metrics.fileSummary = { outputFileCount: run.outcome === 'success' ? 1 : 0 };
  }
  return raw;
}
