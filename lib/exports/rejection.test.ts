import { describe, expect, it } from 'vitest';
import type { DataflowView, JobRecord, RequestRecord, Run, RunRecord, Verdict } from '@/lib/model';
import { PlatformError } from '@/lib/platform/errors';
import {
  adoptRunning,
  classifyRejection,
  DEFAULT_QUOTA_WAIT_MS,
  matchListedRuns,
  MAX_ATTEMPTS,
  namedRuns,
  replanChange,
  scheduleRulesIn,
  skipRefused,
  withoutOurs,
} from './rejection';

const scope = { orgId: 'org@AdobeOrg', sandbox: 'prod' };
const run = (flowId: string, audienceId: string, audienceName = audienceId): RunRecord => ({
  id: `job|${flowId}|${audienceId}`,
  jobId: 'job',
  scope,
  flowId,
  audienceId,
  dataflowName: flowId,
  audienceName,
  status: 'pending',
  requestId: 'job#0',
  createdAt: 1,
  updatedAt: 1,
});
const eligible: Verdict = { kind: 'eligible', warnings: [] };

describe('classifyRejection', () => {
  it('pauses on a refused token, whatever the attempt', () => {
    expect(classifyRejection(new PlatformError('auth', 'expired'), 9)).toEqual({ action: 'pause' });
  });

  it('adopts the run an "already running" refusal names, and fails one that names none', () => {
    const running = { flowId: 'f1', audienceId: 'a1', runId: 'r1' };
    expect(classifyRejection(new PlatformError('alreadyRunning', 'busy', { alreadyRunning: running }), 1)).toEqual({ action: 'adopt', running });
    expect(classifyRejection(new PlatformError('alreadyRunning', 'busy'), 1)).toEqual({ action: 'fail' });
  });

  it('reads "out of schedule" names trimmed and in lower case', () => {
    const rejection = classifyRejection(new PlatformError('outOfSchedule', 'no', { outOfScheduleNames: [' VIP ', 'Lapsed'] }), 1);
    expect(rejection.action === 'skipNamed' && [...rejection.names]).toEqual(['vip', 'lapsed']);
    expect(classifyRejection(new PlatformError('outOfSchedule', 'no'), 1)).toEqual({ action: 'fail' });
  });

  it('reconciles whenever the server may have made runs: network, timeout, 5xx, a malformed answer, anything not ours', () => {
    for (const kind of ['network', 'timeout', 'server', 'malformed', 'unknown'] as const) {
      expect(classifyRejection(new PlatformError(kind, 'x'), MAX_ATTEMPTS + 1)).toEqual({ action: 'reconcile' });
    }
    expect(classifyRejection(new Error('boom'), 1)).toEqual({ action: 'reconcile' });
  });

  it('waits out a 429 as asked (or the default) until the attempts are spent, then fails', () => {
    expect(classifyRejection(new PlatformError('quota', 'slow', { retryAfterMs: 5_000 }), 1)).toEqual({ action: 'wait', waitMs: 5_000 });
    expect(classifyRejection(new PlatformError('quota', 'slow'), MAX_ATTEMPTS - 1)).toEqual({ action: 'wait', waitMs: DEFAULT_QUOTA_WAIT_MS });
    expect(classifyRejection(new PlatformError('quota', 'slow'), MAX_ATTEMPTS)).toEqual({ action: 'fail' });
  });

  it('fails what the server refused for good', () => {
    for (const kind of ['forbidden', 'notFound', 'badRequest', 'tooManyAudiences'] as const) {
      expect(classifyRejection(new PlatformError(kind, 'no'), 1)).toEqual({ action: 'fail' });
    }
  });
});

describe('outcomes on runs', () => {
  it('adoptRunning: the named pair is sent with the running run, the rest goes again', () => {
    const runs = [run('f1', 'a1'), run('f1', 'a2')];
    const plan = adoptRunning(runs, { flowId: 'f1', audienceId: 'a2', runId: 'r9' }, 50);
    expect(plan?.resolved).toMatchObject([{ audienceId: 'a2', status: 'sent', runId: 'r9' }]);
    expect(plan?.rest).toEqual([runs[0]]);
    expect(adoptRunning(runs, { flowId: 'f2', audienceId: 'a2', runId: 'r9' }, 50)).toBeNull();
  });

  it('namedRuns matches a name or an id, in any case and spacing', () => {
    const runs = [run('f1', 'a1', ' Lapsed '), run('f1', 'A2', 'Churn'), run('f1', 'a3', 'VIP')];
    expect(namedRuns(runs, new Set(['lapsed', 'a2'])).map((r) => r.audienceId)).toEqual(['a1', 'A2']);
  });

  it('scheduleRulesIn keeps the schedule and mapping rules of the dataflows the views show', () => {
    const views: DataflowView[] = [
      {
        id: 'f1',
        name: 'F1',
        state: 'enabled',
        verdict: eligible,
        processing: false,
        audiences: [
          { id: 'a1', name: 'A1', verdict: { kind: 'blocked', rule: 'scheduleEnded', warnings: [] } },
          { id: 'a2', name: 'A2', verdict: eligible },
          { id: 'a4', name: 'A4', verdict: { kind: 'wait', rule: 'activatedUnderOneHour', until: 9, warnings: [] } },
        ],
      },
    ];
    const runs = [run('f1', 'a1'), run('f1', 'a2'), run('f1', 'a3'), run('f1', 'a4'), run('f2', 'a1')];
    expect(Object.fromEntries(scheduleRulesIn(runs, views))).toEqual({ 'job|f1|a1': 'scheduleEnded', 'job|f1|a3': 'notMapped' });
  });

  it('skipRefused skips the refused runs with their rule and the error, the others go again', () => {
    const runs = [run('f1', 'a1'), run('f1', 'a2')];
    const info = { kind: 'outOfSchedule' as const, message: 'no' };
    const plan = skipRefused(runs, new Map([['job|f1|a1', 'notMapped' as const]]), info, 7);
    expect(plan.resolved).toEqual([{ ...runs[0], status: 'skipped', skipRule: 'notMapped', error: info, updatedAt: 7 }]);
    expect(plan.rest).toEqual([runs[1]]);
  });

  it('replanChange answers the request and moves the rest into a new pending request of the next index', () => {
    const job = { id: 'job' } as JobRecord;
    const request: RequestRecord = { id: 'job#0', jobId: 'job', index: 0, pairs: [], status: 'sending', attempts: 1 };
    const info = { kind: 'alreadyRunning' as const, message: 'busy' };
    const [a1, a2] = [run('f1', 'a1'), run('f1', 'a2')];
    const change = replanChange(job, request, info, { resolved: [a1], rest: [a2] }, 3, 9);
    expect(change.requests).toEqual([
      { ...request, status: 'answered', answeredAt: 9, error: info },
      { id: 'job#3', jobId: 'job', index: 3, pairs: [{ flowId: 'f1', audienceId: 'a2' }], status: 'pending', attempts: 0 },
    ]);
    expect(change.runs).toEqual([a1, { ...a2, requestId: 'job#3', updatedAt: 9 }]);
    expect(replanChange(job, request, info, { resolved: [a1], rest: [] }, 3, 9).requests).toHaveLength(1);
  });

  it('matchListedRuns adopts a listed run once, never one another record holds', () => {
    const listedRun = (id: string, audienceId: string): Run => ({
      id,
      flowId: 'f1',
      createdAt: 100,
      status: 'processing',
      audienceIds: [audienceId],
      errors: [],
    });
    const listed = new Map([['f1', [listedRun('r1', 'a1'), listedRun('r2', 'a2')]]]);
    const { adopted, missing } = matchListedRuns([run('f1', 'a1'), run('f1', 'a2'), run('f1', 'a3')], listed, 90, new Set(['r2']), 200);
    expect(adopted).toMatchObject([{ audienceId: 'a1', runId: 'r1' }]);
    expect(missing.map((r) => r.audienceId)).toEqual(['a2', 'a3']);
  });

  it('withoutOurs skips the eligible pairs another job of ours owns', () => {
    const p1 = { flowId: 'f1', audienceId: 'a1' };
    const p2 = { flowId: 'f1', audienceId: 'a2' };
    const classified = { eligible: [p1, p2], skipped: [] };
    expect(withoutOurs(classified, new Set())).toBe(classified);
    expect(withoutOurs(classified, new Set(['f1|a2']))).toEqual({ eligible: [p1], skipped: [{ pair: p2, rule: 'adhocRunInProgress' }] });
  });
});
