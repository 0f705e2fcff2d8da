import { describe, expect, it, test } from 'vitest';
import { buildScenario, FIXTURE_NOW, selectorsOf, shiftScenario, type Scenario } from './scenarios';

describe('scenarios', () => {
  test('fixtures: the shared flows and runs at the fixture clock, every mapped audience resolvable', () => {
    const s = buildScenario('fixtures');
    expect(s.now).toBe(Date.parse('2026-11-28T12:00:00Z'));
    expect(s.flows).toHaveLength(3);
    expect(s.runs).toHaveLength(3);
    for (const selector of s.flows.flatMap(selectorsOf)) expect(s.audiences[selector.value.id]).toBeDefined();
  });

  test('enterprise: 200 batch dataflows sharing 10,000 audiences, 50 each, every one resolvable', () => {
    const s = buildScenario('enterprise');
    expect(s.flows).toHaveLength(200);
    expect(Object.keys(s.audiences)).toHaveLength(10_000);
    const selectors = s.flows.flatMap(selectorsOf);
    expect(selectors).toHaveLength(10_000);
    for (const flow of s.flows) expect(selectorsOf(flow)).toHaveLength(50);
    for (const selector of selectors) expect(s.audiences[selector.value.id]).toBeDefined();
    expect(s.runs).toEqual([]);
  });

  test('large: 40 dataflows, 1,000 audiences with duplicates and hostile names, identical on every build', () => {
    const s = buildScenario('large');
    expect(s.flows).toHaveLength(40);
    expect(Object.keys(s.audiences)).toHaveLength(1000);
    const names = Object.values(s.audiences).map((a) => a.name as string);
    expect(new Set(names).size).toBeLessThan(names.length);
    expect(names.some((n) => n.includes('<') && n.includes('&'))).toBe(true);
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    expect(names.some((n) => n.length > 100)).toBe(true);
    expect(buildScenario('large')).toEqual(s);
  });

  test('thousand: one dataflow of 1,000 distinct audiences of every verdict', () => {
    const s = buildScenario('thousand');
    expect(s.flows).toHaveLength(1);
    const ids = selectorsOf(s.flows[0]!).map((sel) => sel.value.id as string);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(
      s.flows[0]!.transformations[0].params.segmentSelectors.selectors.some((sel: { value: { schedule: { endDate?: string } } }) => sel.value.schedule.endDate),
    ).toBe(true);
  });

  test('bulk: 5 dataflows, 200 audiences whose schedules cover the clock and were activated long ago', () => {
    const s = buildScenario('bulk');
    expect(s.flows).toHaveLength(5);
    const selectors = s.flows.flatMap(selectorsOf);
    expect(selectors).toHaveLength(200);
    const today = new Date(FIXTURE_NOW).toISOString().slice(0, 10);
    for (const { value } of selectors) {
      expect(value.schedule.startDate <= today).toBe(true);
      expect(value.schedule.endDate).toBeUndefined();
      expect(Number(value.createTime) * 1000).toBeLessThan(FIXTURE_NOW - 3_600_000);
    }
    expect(s.runs).toEqual([]);
  });
});

describe('shiftScenario (the simulator on real time)', () => {
  const at = buildScenario('fixtures');
  const gold = (s: Scenario) => s.flows[0]!.transformations[0].params.segmentSelectors.selectors[0].value;
  const blackFriday = (s: Scenario) => s.flows[0]!.transformations[0].params.segmentSelectors.selectors[2].value;

  it.each([
    ['later the same day', Date.UTC(2026, 10, 28, 19, 30)],
    ['a year later, just before midnight', Date.UTC(2027, 10, 28, 23, 59)],
    ['earlier, just after midnight', Date.UTC(2026, 0, 3, 0, 1)],
  ])('keeps every interval to the clock: %s', (_label, now) => {
    const moved = shiftScenario(at, now);
    const delta = now - at.now;
    const days = Math.floor(now / 86_400_000) - Math.floor(at.now / 86_400_000);
    expect(moved.now).toBe(now);
    expect(Number(gold(moved).createTime)).toBe(Math.round(Number(gold(at).createTime) + delta / 1000));
    expect(typeof gold(moved).createTime).toBe('string');
    expect(moved.runs[0]!.metrics.durationSummary.startedAtUTC).toBe(at.runs[0]!.metrics.durationSummary.startedAtUTC + delta);
    const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    expect(dayOf(blackFriday(moved).schedule.endDate) - dayOf(blackFriday(at).schedule.endDate)).toBe(days);
    // The schedule's end stays "yesterday" relative to the clock.
    expect(dayOf(blackFriday(moved).schedule.endDate)).toBe(Math.floor(now / 86_400_000) - 1);
    const policy = Object.values(moved.mergePolicies).find((p) => p.name === 'Prospects – private graph')!;
    expect(policy.updateEpoch * 1000 - now).toBe(
      Object.values(at.mergePolicies).find((p) => p.name === 'Prospects – private graph')!.updateEpoch * 1000 - at.now,
    );
  });
});
