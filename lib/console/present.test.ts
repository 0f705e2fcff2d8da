import { describe, expect, it } from 'vitest';
import { setConsoleLocale as setLocale } from './i18n';
import type { AudienceView, DataflowView } from '@/lib/model';
import { audienceBadge, dataflowBadge, nextBoundary } from './present';
import { groupByRule, planAudiences, planDataflows } from './plan';
import { formatUtc, offsetLabel } from './time';

setLocale('en');
const NOW = Date.UTC(2026, 10, 28, 15, 0);
const aud = (id: string, verdict: AudienceView['verdict'], running?: boolean): AudienceView => ({ id, name: `A ${id}`, verdict, running });
const flow = (id: string, audiences: AudienceView[], verdict: DataflowView['verdict'] = { kind: 'eligible', warnings: [] }): DataflowView => ({
  id, name: `F ${id}`, state: 'enabled', verdict, audiences, processing: false,
});
const audiences = [
  aud('a1', { kind: 'eligible', warnings: [] }),
  aud('a2', { kind: 'wait', rule: 'activatedUnderOneHour', until: NOW + 20 * 60_000, warnings: [] }),
  aud('a3', { kind: 'blocked', rule: 'scheduleEnded', warnings: [] }),
  aud('a4', { kind: 'eligible', warnings: [] }, true),
  aud('a5', { kind: 'blocked', rule: 'scheduleEnded', warnings: [] }),
];

describe('badge models', () => {
  it('labels each verdict with text, tone and a reason', () => {
    expect(audienceBadge(audiences[0]!, NOW)).toMatchObject({ tone: 'eligible', text: 'Eligible', selectable: true });
    const wait = audienceBadge(audiences[1]!, NOW);
    expect(wait.tone).toBe('wait');
    expect(wait.text).toMatch(/^Wait · \d\d:\d\d \(UTC/);
    expect(wait.tip.join(' ')).toContain('2026-11-28 15:20 UTC');
    expect(wait.aria).toContain('A a2');
    expect(audienceBadge(audiences[2]!, NOW)).toMatchObject({ tone: 'blocked', selectable: false });
    expect(audienceBadge(audiences[3]!, NOW)).toMatchObject({ tone: 'running', text: 'Running', selectable: false });
  });
  it('summarises a dataflow as N of M, or why none', () => {
    expect(dataflowBadge(flow('f', audiences), NOW).text).toBe('1 of 5 eligible now');
    expect(dataflowBadge(flow('f', audiences, { kind: 'blocked', rule: 'dataflowDisabled', warnings: [] }), NOW)).toMatchObject({ text: 'Disabled', selectable: false });
    expect(dataflowBadge(flow('f', audiences, { kind: 'blocked', rule: 'notBatchFile', warnings: [] }), NOW).text).toBe('Not a file destination');
  });
  it('finds the nearest future wait boundary', () => {
    expect(nextBoundary([flow('f', audiences)], NOW)).toBe(NOW + 20 * 60_000);
    expect(nextBoundary([flow('f', [audiences[0]!])], NOW)).toBeNull();
  });
});

describe('export plans', () => {
  it('exports the eligible selected audiences and groups the skipped by rule', () => {
    const plan = planAudiences(flow('f', audiences), new Set(['a1', 'a2', 'a3', 'a4', 'a5']));
    expect(plan.pairs).toEqual([{ flowId: 'f', audienceId: 'a1' }]);
    expect(groupByRule(plan.skipped)).toEqual([
      { rule: 'scheduleEnded', count: 2 },
      { rule: 'activatedUnderOneHour', count: 1 },
      { rule: 'adhocRunInProgress', count: 1 },
    ]);
  });
  it('takes every eligible audience of the selected dataflows; a blocked dataflow skips all its audiences', () => {
    const flows = [flow('f1', audiences), flow('f2', [aud('b1', { kind: 'eligible', warnings: [] })], { kind: 'blocked', rule: 'dataflowDisabled', warnings: [] }), flow('f3', [aud('c1', { kind: 'eligible', warnings: [] })])];
    const plan = planDataflows(flows, new Set(['f1', 'f2']));
    expect(plan.pairs).toEqual([{ flowId: 'f1', audienceId: 'a1' }]);
    expect(plan.skipped.filter((s) => s.rule === 'dataflowDisabled')).toHaveLength(1);
    expect(plan.skipped).toHaveLength(5);
  });
});

describe('time formatting', () => {
  it('labels offsets with a real minus sign', () => {
    expect(offsetLabel(-180)).toBe('UTC\u22123');
    expect(offsetLabel(330)).toBe('UTC+5:30');
    expect(offsetLabel(-570)).toBe('UTC\u22129:30');
    expect(offsetLabel(0)).toBe('UTC');
    expect(formatUtc(NOW)).toBe('2026-11-28 15:00 UTC');
  });
});
