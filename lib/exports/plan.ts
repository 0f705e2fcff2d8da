/**
 * Pairs -> ad-hoc POST bodies. The API takes at most 80 audiences per job (we count
 * pairs, the safe reading) and one concurrent ad-hoc job per audience, so: the fewest
 * bodies (ceil(n/80)), and an audience's pairs together when they fit (the engine never
 * has two bodies naming one audience in flight). Linear in the pairs: a bulk export of
 * 10,000 plans before its first POST.
 */
import type { Pair } from '@/lib/model';

export const MAX_PAIRS_PER_JOB = 80;

export interface PlannedBody {
  index: number;
  /** Sorted by dataflow, then audience. */
  pairs: Pair[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function pairKey(pair: Pair): string {
  return JSON.stringify([pair.flowId, pair.audienceId]);
}

function dedupe(pairs: Iterable<Pair>): Pair[] {
  const byKey = new Map<string, Pair>();
  for (const pair of pairs) {
    const key = pairKey(pair);
    if (!byKey.has(key)) byKey.set(key, { flowId: pair.flowId, audienceId: pair.audienceId });
  }
  return [...byKey.values()];
}

/**
 * First-fit decreasing of whole audience groups into exactly ceil(n/80) bins; a group
 * that fits nowhere is split over the bins with the most room (total room >= n, so it
 * always fits). Every input order gives the same plan: groups and pairs are sorted first.
 */
export function planBodies(input: Iterable<Pair>, maxPairs: number = MAX_PAIRS_PER_JOB): PlannedBody[] {
  const pairs = dedupe(input);
  if (pairs.length === 0) return [];
  const groups = new Map<string, Pair[]>();
  for (const pair of pairs) {
    const group = groups.get(pair.audienceId);
    if (group) group.push(pair);
    else groups.set(pair.audienceId, [pair]);
  }
  const ordered = [...groups.entries()]
    .map(([audienceId, members]) => ({ audienceId, members: members.sort((a, b) => compare(a.flowId, b.flowId)) }))
    .sort((a, b) => b.members.length - a.members.length || compare(a.audienceId, b.audienceId));

  const binCount = Math.ceil(pairs.length / maxPairs);
  const bins: Pair[][] = Array.from({ length: binCount }, () => []);
  const room = (i: number) => maxPairs - bins[i]!.length;
  // Bins only fill: the ones before `open` are full for good, so first fit starts there.
  let open = 0;

  for (const { members } of ordered) {
    while (open < binCount && room(open) === 0) open++;
    let whole = -1;
    for (let i = open; i < binCount && whole < 0; i++) if (room(i) >= members.length) whole = i;
    if (whole >= 0) {
      bins[whole]!.push(...members);
      continue;
    }
    let rest = members;
    while (rest.length > 0) {
      let best = 0;
      for (let i = 1; i < binCount; i++) if (room(i) > room(best)) best = i;
      const take = Math.min(room(best), rest.length);
      bins[best]!.push(...rest.slice(0, take));
      rest = rest.slice(take);
    }
  }

  return bins.map((bin, index) => ({ index, pairs: bin.sort((a, b) => compare(a.flowId, b.flowId) || compare(a.audienceId, b.audienceId)) }));
}
