import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataflow, MappedAudience, Run, Verdict } from '@/lib/model';
import { parseAudiencesBulk, parseDataflowPage, parseMergePoliciesBulk, parseRunPage } from '@/lib/platform/schemas';
import { dataflowProcessing, dataflowVerdict, decide, verdictFor } from './verdict';
import { isRunInProgress, sameDataAs, type EligibilityInput } from './rules';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/platform/${name}`, import.meta.url), 'utf8'));

const CLOCK = Date.parse('2026-11-28T12:00:00Z');
const flows = parseDataflowPage(fixture('flows.json')).items;
const runs = parseRunPage(fixture('runs.json')).items;
const audienceRecords = parseAudiencesBulk(fixture('audiences-bulk-get.json')).records;
const mergePolicies = parseMergePoliciesBulk(fixture('merge-policies-bulk-get.json')).records;
const s3 = flows.find((f) => f.name.startsWith('Amazon S3'))!;
const sftp = flows.find((f) => f.name.startsWith('SFTP'))!;
const streaming = flows.find((f) => f.name.startsWith('Streaming'))!;

function fixtureVerdict(name: string, now = CLOCK, inFlight: ReadonlySet<string> = new Set()): Verdict {
  const audience = s3.audiences.find((a) => a.name === name);
  if (!audience) throw new Error(`no audience ${name}`);
  const audienceRecord = audienceRecords.find((r) => r.id === audience.id);
  const mergePolicy = mergePolicies.find((m) => m.id === audienceRecord?.mergePolicyId);
  return verdictFor({ dataflow: s3, audience, runs, audienceRecord, mergePolicy, inFlight, now });
}

const at = (iso: string) => Date.parse(iso);
const SECOND = 1000;

describe('fixture verdicts at 2026-11-28T12:00:00Z (test/fixtures/platform/README.md)', () => {
  it.each<[string, Verdict]>([
    ['Gold members', { kind: 'eligible', warnings: [] }],
    ['Cart abandoners 7d', { kind: 'wait', rule: 'activatedUnderOneHour', until: at('2026-11-28T12:20:00Z'), warnings: ['audienceRecentlyUpdated'] }],
    // The day it ended comes along, for the words ("ended on 27 Nov").
    ['Black Friday 2026', { kind: 'blocked', rule: 'scheduleEnded', warnings: [], at: at('2026-11-27T00:00:00Z') }],
    ['Holiday launch', { kind: 'wait', rule: 'scheduleNotStarted', until: at('2026-12-01T00:00:00Z'), warnings: [] }],
    ['Lapsed & <VIP> "quoted"', { kind: 'wait', rule: 'scheduledExportProcessing', until: null, warnings: [] }],
    ['New policy prospects', { kind: 'wait', rule: 'mergePolicyChanged', until: at('2026-11-29T02:00:00Z'), warnings: [] }],
  ])('%s', (name, expected) => {
    expect(fixtureVerdict(name)).toEqual(expected);
  });

  it('blocks every audience of the disabled SFTP dataflow and of the streaming one', () => {
    const gold = (flow: Dataflow) => flow.audiences[0]!;
    expect(verdictFor({ dataflow: sftp, audience: gold(sftp), runs: [], now: CLOCK })).toMatchObject({ kind: 'blocked', rule: 'dataflowDisabled' });
    expect(verdictFor({ dataflow: streaming, audience: gold(streaming), runs: [], now: CLOCK })).toMatchObject({ kind: 'blocked', rule: 'notBatchFile' });
    expect(dataflowVerdict(s3)).toEqual({ kind: 'eligible', warnings: [] });
    expect(dataflowVerdict(sftp)).toMatchObject({ kind: 'blocked', rule: 'dataflowDisabled' });
    expect(dataflowVerdict(streaming)).toMatchObject({ kind: 'blocked', rule: 'notBatchFile' });
  });

  it('reports the S3 dataflow as processing (its scheduled run is still going), not the others', () => {
    expect(dataflowProcessing(s3, runs)).toBe(true);
    expect(dataflowProcessing(sftp, runs)).toBe(false);
  });

  it('waits for our own in-flight ad-hoc run', () => {
    expect(fixtureVerdict('Gold members', CLOCK, new Set([s3.audiences[0]!.id]))).toEqual({
      kind: 'wait',
      rule: 'adhocRunInProgress',
      until: null,
      warnings: [],
    });
  });

  it.each<[string, string, string]>([
    ['Cart abandoners 7d', '2026-11-28T12:20:00Z', 'activatedUnderOneHour'],
    ['Holiday launch', '2026-12-01T00:00:00Z', 'scheduleNotStarted'],
    ['New policy prospects', '2026-11-29T02:00:00Z', 'mergePolicyChanged'],
  ])('%s: waits one second before %s and is eligible one second after', (name, until, rule) => {
    expect(fixtureVerdict(name, at(until) - SECOND)).toMatchObject({ kind: 'wait', rule, until: at(until) });
    expect(fixtureVerdict(name, at(until) + SECOND).kind).toBe('eligible');
  });
});

// ---- Edges on a synthetic dataflow ----

const FLOW = 'flow-1';
function audience(overrides: Partial<MappedAudience> = {}): MappedAudience {
  return {
    id: 'aud-1',
    name: 'Audience',
    exportMode: 'DAILY_FULL_EXPORT',
    schedule: { frequency: 'DAILY', triggerType: 'SCHEDULED', startDate: '2026-11-01', endDate: '2026-11-30', startTime: '23:00' },
    createdAt: at('2026-10-01T00:00:00Z'),
    ...overrides,
  };
}
function flow(audiences: MappedAudience[], overrides: Partial<Dataflow> = {}): Dataflow {
  return { id: FLOW, name: 'Flow', state: 'enabled', isDestinationFlow: true, audiences, ...overrides };
}
function run(overrides: Partial<Run> = {}): Run {
  return { id: 'run-1', flowId: FLOW, createdAt: at('2026-11-28T10:00:00Z'), status: 'processing', audienceIds: ['aud-1'], errors: [], ...overrides };
}
function verdict(a: MappedAudience, now: number, extra: Partial<EligibilityInput> = {}): Verdict {
  return verdictFor({ dataflow: flow([a]), audience: a, runs: [], now, ...extra });
}

describe('schedule edges (UTC days)', () => {
  it('is eligible on the end date from its first to its last millisecond, blocked the next midnight', () => {
    expect(verdict(audience(), at('2026-11-30T00:00:00Z')).kind).toBe('eligible');
    expect(verdict(audience(), at('2026-11-30T23:59:59.999Z')).kind).toBe('eligible');
    expect(verdict(audience(), at('2026-12-01T00:00:00Z'))).toMatchObject({ kind: 'blocked', rule: 'scheduleEnded' });
  });

  it('waits until the start date 00:00Z and is eligible from that midnight', () => {
    const a = audience({ schedule: { frequency: 'DAILY', startDate: '2026-12-05' } });
    expect(verdict(a, at('2026-12-04T23:59:59Z'))).toEqual({ kind: 'wait', rule: 'scheduleNotStarted', until: at('2026-12-05T00:00:00Z'), warnings: [] });
    expect(verdict(a, at('2026-12-05T00:00:00Z')).kind).toBe('eligible');
  });

  it('has no end without an end date', () => {
    const a = audience({ schedule: { frequency: 'DAILY', startDate: '2020-01-01' } });
    expect(verdict(a, at('2031-06-01T00:00:00Z')).kind).toBe('eligible');
  });

  it('counts a ONCE schedule with no end date as covering today, also long after its start', () => {
    const a = audience({ schedule: { frequency: 'ONCE', triggerType: 'SCHEDULED', startDate: '2026-11-01', startTime: '11:00' } });
    expect(verdict(a, CLOCK).kind).toBe('eligible');
  });

  it('blocks a ONCE schedule whose end date is past', () => {
    const a = audience({ schedule: { frequency: 'ONCE', startDate: '2026-11-01', endDate: '2026-11-02' } });
    expect(verdict(a, CLOCK)).toMatchObject({ kind: 'blocked', rule: 'scheduleEnded' });
  });

  it('accepts AFTER_SEGMENT_EVAL without a startTime', () => {
    const a = audience({ schedule: { frequency: 'DAILY', triggerType: 'AFTER_SEGMENT_EVAL', startDate: '2026-11-01' } });
    expect(verdict(a, CLOCK).kind).toBe('eligible');
  });

  it('blocks an audience that is not mapped, and a selector without schedule', () => {
    const mapped = audience();
    const other = audience({ id: 'aud-2' });
    expect(verdictFor({ dataflow: flow([mapped]), audience: other, runs: [], now: CLOCK })).toMatchObject({ kind: 'blocked', rule: 'notMapped' });
    const bare = audience({ id: 'aud-3', schedule: undefined });
    expect(verdictFor({ dataflow: flow([mapped, bare]), audience: bare, runs: [], now: CLOCK })).toMatchObject({ kind: 'blocked', rule: 'notBatchFile' });
  });

  it('blocks a dataflow that is not a destination flow, or whose state is not enabled', () => {
    const a = audience();
    expect(verdictFor({ dataflow: flow([a], { isDestinationFlow: false }), audience: a, runs: [], now: CLOCK })).toMatchObject({ rule: 'notBatchFile' });
    expect(verdictFor({ dataflow: flow([a], { state: 'Disabled' }), audience: a, runs: [], now: CLOCK })).toMatchObject({ rule: 'dataflowDisabled' });
    expect(verdictFor({ dataflow: flow([a], { state: 'ENABLED' }), audience: a, runs: [], now: CLOCK }).kind).toBe('eligible');
  });
});

describe('runs', () => {
  it.each(['processing', 'waiting'] as const)('waits while a %s run names the audience', (status) => {
    expect(verdict(audience(), CLOCK, { runs: [run({ status })] })).toMatchObject({ kind: 'wait', rule: 'scheduledExportProcessing', until: null });
  });

  it('reads "Processing" and "processing" alike (through the run parser)', () => {
    for (const status of ['Processing', 'processing', 'PROCESSING', 'inProgress']) {
      const parsed = parseRunPage({
        items: [
          {
            id: 'r',
            flowId: FLOW,
            createdAt: CLOCK,
            metrics: { statusSummary: { status }, recordSummary: { targetSummaries: [{ entitySummaries: [{ id: 'segment:aud-1' }] }] } },
          },
        ],
      }).items;
      expect(verdict(audience(), CLOCK, { runs: parsed }).kind, status).toBe('wait');
    }
    for (const status of ['Success', 'success', 'Failed']) {
      const parsed = parseRunPage({ items: [{ id: 'r', flowId: FLOW, createdAt: CLOCK, metrics: { statusSummary: { status } } }] }).items;
      expect(verdict(audience(), CLOCK, { runs: parsed }).kind, status).toBe('eligible');
    }
  });

  it('treats a run with no completedAtUTC and an unreadable status as in progress, a finished one as not', () => {
    expect(isRunInProgress(run({ status: 'unknown' }))).toBe(true);
    expect(isRunInProgress(run({ status: 'unknown', completedAt: CLOCK }))).toBe(false);
    expect(isRunInProgress(run({ status: 'success' }))).toBe(false);
  });

  it('waits for a dataflow-level run naming no audience, ignores runs of other audiences and other flows', () => {
    expect(verdict(audience(), CLOCK, { runs: [run({ audienceIds: [] })] }).kind).toBe('wait');
    expect(verdict(audience(), CLOCK, { runs: [run({ audienceIds: ['aud-9'] })] }).kind).toBe('eligible');
    expect(verdict(audience(), CLOCK, { runs: [run({ flowId: 'flow-2' })] }).kind).toBe('eligible');
  });
});

describe('merge policy and audience edits', () => {
  const record = { id: 'aud-1', mergePolicyId: 'mp-1', createdAt: at('2026-01-01T00:00:00Z'), updatedAt: at('2026-01-01T00:00:00Z') };

  it('waits 24 h after the merge policy changed, then is eligible', () => {
    const mergePolicy = { id: 'mp-1', updatedAt: at('2026-11-28T06:00:00Z') };
    const until = at('2026-11-29T06:00:00Z');
    expect(verdict(audience(), until - SECOND, { audienceRecord: record, mergePolicy })).toMatchObject({ kind: 'wait', rule: 'mergePolicyChanged', until });
    expect(verdict(audience(), until + SECOND, { audienceRecord: record, mergePolicy }).kind).toBe('eligible');
  });

  it('extends the wait to 24 h after the audience was created on a young merge policy', () => {
    const mergePolicy = { id: 'mp-1', updatedAt: at('2026-11-28T01:00:00Z') };
    const young = { ...record, createdAt: at('2026-11-28T03:00:00Z'), updatedAt: at('2026-11-28T03:00:00Z') };
    expect(verdict(audience(), CLOCK, { audienceRecord: young, mergePolicy })).toEqual({
      kind: 'wait',
      rule: 'mergePolicyChanged',
      until: at('2026-11-29T03:00:00Z'),
      warnings: ['audienceRecentlyUpdated'],
    });
  });

  it('ignores a merge policy that is not the audience’s', () => {
    const mergePolicy = { id: 'mp-2', updatedAt: at('2026-11-28T06:00:00Z') };
    expect(verdict(audience(), CLOCK, { audienceRecord: record, mergePolicy }).kind).toBe('eligible');
  });

  it('only warns when the audience itself was edited within 24 h', () => {
    const edited = { ...record, updatedAt: at('2026-11-28T11:00:00Z') };
    expect(verdict(audience(), CLOCK, { audienceRecord: edited })).toEqual({ kind: 'eligible', warnings: ['audienceRecentlyUpdated'] });
    expect(verdict(audience(), at('2026-11-29T11:00:01Z'), { audienceRecord: edited })).toEqual({ kind: 'eligible', warnings: [] });
  });
});

describe('precedence', () => {
  it('puts a block before any wait', () => {
    const a = audience({ schedule: { frequency: 'DAILY', startDate: '2026-11-01', endDate: '2026-11-02' } });
    expect(verdict(a, CLOCK, { runs: [run()], inFlight: new Set(['aud-1']) })).toMatchObject({ kind: 'blocked', rule: 'scheduleEnded' });
  });

  it('picks the wait that ends last, an unknown end counting as latest', () => {
    const a = audience({ createdAt: at('2026-11-28T11:30:00Z'), schedule: { frequency: 'DAILY', startDate: '2026-11-29' } });
    expect(verdict(a, CLOCK)).toMatchObject({ rule: 'scheduleNotStarted', until: at('2026-11-29T00:00:00Z') });
    expect(verdict(a, CLOCK, { runs: [run()] })).toMatchObject({ rule: 'scheduledExportProcessing', until: null });
  });

  it('decides from findings regardless of their order', () => {
    expect(
      decide([
        { effect: 'wait', rule: 'activatedUnderOneHour', until: 5 },
        { effect: 'warn', rule: 'audienceRecentlyUpdated' },
        { effect: 'wait', rule: 'mergePolicyChanged', until: 9 },
      ]),
    ).toEqual({ kind: 'wait', rule: 'mergePolicyChanged', until: 9, warnings: ['audienceRecentlyUpdated'] });
  });
});

describe('same data as our last export (Export file now sends the last scheduled snapshot)', () => {
  const gold = s3.audiences.find((a) => a.name === 'Gold members')!;
  const run = (id: string, createdAt: number, status: Run['status'] = 'success', audienceIds = [gold.id]): Run => ({
    id,
    flowId: s3.id,
    createdAt,
    status,
    audienceIds,
    errors: [],
  });
  const input = (ownRuns: Run[], ourRunIds: string[], now = CLOCK): EligibilityInput => ({
    dataflow: s3,
    audience: { ...gold, schedule: { frequency: 'DAILY', startDate: '2026-11-01', startTime: '14:00' } },
    runs: ownRuns,
    ourRunIds: new Set(ourRunIds),
    now,
  });

  it('warns after a successful export of ours, with when it ran and when the next scheduled one starts', () => {
    const verdict = verdictFor(input([run('ours', at('2026-11-28T10:42:00Z'))], ['ours']));
    expect(verdict).toEqual({ kind: 'eligible', warnings: ['sameData'] });
    expect(sameDataAs(input([run('ours', at('2026-11-28T10:42:00Z'))], ['ours']))).toEqual({
      exportedAt: at('2026-11-28T10:42:00Z'),
      next: at('2026-11-28T14:00:00Z'),
    });
  });

  it('does not warn once a run that is not ours has succeeded after it (the scheduled export)', () => {
    const runs = [run('ours', at('2026-11-28T10:42:00Z')), run('scheduled', at('2026-11-28T11:00:00Z'), 'success', [])];
    expect(verdictFor(input(runs, ['ours'])).warnings).not.toContain('sameData');
  });

  it('still warns while that scheduled run is processing, or when it ran before ours', () => {
    const processing = [run('ours', at('2026-11-28T10:42:00Z')), run('scheduled', at('2026-11-28T11:00:00Z'), 'processing')];
    expect(verdictFor(input(processing, ['ours']))).toMatchObject({ kind: 'wait', rule: 'scheduledExportProcessing', warnings: ['sameData'] });
    const before = [run('scheduled', at('2026-11-28T09:00:00Z')), run('ours', at('2026-11-28T10:42:00Z'))];
    expect(verdictFor(input(before, ['ours'])).warnings).toContain('sameData');
  });

  it('no warning for a failed export of ours, another audience, or runs we cannot tell apart', () => {
    expect(verdictFor(input([run('ours', at('2026-11-28T10:42:00Z'), 'failed')], ['ours'])).warnings).toEqual([]);
    expect(verdictFor(input([run('ours', at('2026-11-28T10:42:00Z'), 'success', ['other'])], ['ours'])).warnings).toEqual([]);
    expect(verdictFor(input([run('someone', at('2026-11-28T10:42:00Z'))], [])).warnings).toEqual([]);
  });
});
