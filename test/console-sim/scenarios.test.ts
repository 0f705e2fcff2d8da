import { describe, expect, test } from 'vitest';
import { buildScenario, FIXTURE_NOW, selectorsOf } from './scenarios';

describe('scenarios', () => {
  test('fixtures: the shared flows and runs at the fixture clock, every mapped audience resolvable', () => {
    const s = buildScenario('fixtures');
    expect(s.now).toBe(Date.parse('2026-11-28T12:00:00Z'));
    expect(s.flows).toHaveLength(3);
    expect(s.runs).toHaveLength(3);
    for (const selector of s.flows.flatMap(selectorsOf)) expect(s.audiences[selector.value.id]).toBeDefined();
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
