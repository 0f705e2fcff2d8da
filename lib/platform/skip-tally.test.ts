import { describe, expect, it } from 'vitest';
import { createSkipTally } from './skip-tally';

describe('skip tally', () => {
  it('adds up what each list left out, and when the last one was', () => {
    const tally = createSkipTally();
    expect(tally.read()).toEqual({ dataflows: 0, runs: 0 });
    tally.note('runs', 2, 100);
    tally.note('dataflows', 1, 200);
    tally.note('runs', 0, 300);
    expect(tally.read()).toEqual({ dataflows: 1, runs: 2, lastAt: 200 });
  });

  it('hands out a copy: a reader cannot change the counts', () => {
    const tally = createSkipTally();
    tally.read().runs = 99;
    expect(tally.read().runs).toBe(0);
  });
});
