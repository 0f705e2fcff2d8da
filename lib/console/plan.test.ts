import { describe, expect, it } from 'vitest';
import type { AudienceView, DataflowView } from '@/lib/model';
import { nextBoundary } from '@/lib/present/tone';
import { groupByRule, planAudiences, planDataflows } from './plan';

const NOW = Date.UTC(2026, 10, 28, 15, 0);
const aud = (id: string, verdict: AudienceView['verdict'], running?: boolean): AudienceView => ({ id, name: `A ${id}`, verdict, running });
const flow = (id: string, audiences: AudienceView[], verdict: DataflowView['verdict'] = { kind: 'eligible', warnings: [] }): DataflowView => ({
  id,
  name: `F ${id}`,
  state: 'enabled',
  verdict,
  audiences,
  processing: false,
});
const audiences = [
  aud('a1', { kind: 'eligible', warnings: [] }),
  aud('a2', { kind: 'wait', rule: 'activatedUnderOneHour', until: NOW + 20 * 60_000, warnings: [] }),
  aud('a3', { kind: 'blocked', rule: 'scheduleEnded', warnings: [] }),
  aud('a4', { kind: 'eligible', warnings: [] }, true),
  aud('a5', { kind: 'blocked', rule: 'scheduleEnded', warnings: [] }),
];

describe('export plans', () => {
  it('finds the nearest future wait boundary, for the one re-check timer', () => {
    expect(nextBoundary([flow('f', audiences)], NOW)).toBe(NOW + 20 * 60_000);
    expect(nextBoundary([flow('f', [audiences[0]!])], NOW)).toBeNull();
  });

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
    const flows = [
      flow('f1', audiences),
      flow('f2', [aud('b1', { kind: 'eligible', warnings: [] })], { kind: 'blocked', rule: 'dataflowDisabled', warnings: [] }),
      flow('f3', [aud('c1', { kind: 'eligible', warnings: [] })]),
    ];
    const plan = planDataflows(flows, new Set(['f1', 'f2']));
    expect(plan.pairs).toEqual([{ flowId: 'f1', audienceId: 'a1' }]);
    expect(plan.skipped.filter((s) => s.rule === 'dataflowDisabled')).toHaveLength(1);
    expect(plan.skipped).toHaveLength(5);
  });
});
