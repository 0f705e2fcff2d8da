import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pair } from '@/lib/model';
import { MAX_PAIRS_PER_JOB, planBodies } from './plan';

const key = (p: Pair) => `${p.flowId}|${p.audienceId}`;
const pairArb = fc.record({
  flowId: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `flow-${i}`)),
  audienceId: fc.oneof(fc.constantFrom(...Array.from({ length: 150 }, (_, i) => `aud-${i}`)), fc.string({ minLength: 1, maxLength: 6 })),
});
const pairsArb = fc.array(pairArb, { maxLength: 700 });

describe('planBodies', () => {
  it('never exceeds 80 pairs, never drops or duplicates a pair, uses ceil(n/80) bodies', () => {
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const unique = new Set(pairs.map(key));
        const plan = planBodies(pairs);
        expect(plan).toHaveLength(Math.ceil(unique.size / MAX_PAIRS_PER_JOB));
        const planned = plan.flatMap((b) => b.pairs.map(key));
        expect(planned.length).toBe(unique.size);
        expect(new Set(planned)).toEqual(unique);
        for (const body of plan) {
          expect(body.pairs.length).toBeGreaterThan(0);
          expect(body.pairs.length).toBeLessThanOrEqual(MAX_PAIRS_PER_JOB);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same plan for any order of the same pairs (and for repeats)', () => {
    fc.assert(
      fc.property(
        pairsArb.chain((pairs) => fc.tuple(fc.constant(pairs), fc.shuffledSubarray(pairs, { minLength: pairs.length }))),
        ([pairs, shuffled]) => {
          expect(planBodies([...shuffled, ...shuffled.slice(0, 5)])).toEqual(planBodies(pairs));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps an audience in one body when it fits', () => {
    // 81 pairs: one audience on 3 dataflows, 78 audiences on one dataflow.
    const pairs: Pair[] = [
      ...['f1', 'f2', 'f3'].map((flowId) => ({ flowId, audienceId: 'shared' })),
      ...Array.from({ length: 78 }, (_, i) => ({ flowId: 'f1', audienceId: `a${String(i).padStart(2, '0')}` })),
    ];
    const plan = planBodies(pairs);
    expect(plan).toHaveLength(2);
    expect(plan.filter((b) => b.pairs.some((p) => p.audienceId === 'shared'))).toHaveLength(1);
  });

  it('splits an audience on more than 80 dataflows', () => {
    const pairs = Array.from({ length: 81 }, (_, i) => ({ flowId: `f${i}`, audienceId: 'everywhere' }));
    const plan = planBodies(pairs);
    expect(plan.map((b) => b.pairs.length)).toEqual([80, 1]);
  });

  it('sorts each body by dataflow, then audience', () => {
    const plan = planBodies([
      { flowId: 'f2', audienceId: 'b' },
      { flowId: 'f1', audienceId: 'b' },
      { flowId: 'f1', audienceId: 'a' },
    ]);
    expect(plan).toEqual([
      {
        index: 0,
        pairs: [
          { flowId: 'f1', audienceId: 'a' },
          { flowId: 'f1', audienceId: 'b' },
          { flowId: 'f2', audienceId: 'b' },
        ],
      },
    ]);
    expect(planBodies([])).toEqual([]);
  });
});
