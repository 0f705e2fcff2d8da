/**
 * Pairs -> ad-hoc POST bodies. The API takes at most 80 audiences per job (we count
 * pairs, the safe reading) and one concurrent ad-hoc job per audience, so: the fewest
 * bodies (ceil(n/80)), an audience's pairs together when they fit, and the bodies that
 * still share an audience marked so the engine never has two of them in flight.
 */
import type { Pair } from '@/lib/model';

export const MAX_PAIRS_PER_JOB = 80;

export interface PlannedBody {
  index: number;
  /** Sorted by dataflow, then audience. */
  pairs: Pair[];
  /** The v2 ad-hoc body: `{ activationInfo: { flowId: audienceIds } }`, keys and ids sorted. */
  body: { activationInfo: Record<string, string[]> };
  /** Indexes of the other bodies naming one of this body's audiences: never in flight together. */
  conflictsWith: number[];
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

  for (const { members } of ordered) {
    const whole = bins.findIndex((_, i) => room(i) >= members.length);
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

  const sorted = bins.map((bin) => bin.sort((a, b) => compare(a.flowId, b.flowId) || compare(a.audienceId, b.audienceId)));
  const audiencesOf = sorted.map((bin) => new Set(bin.map((p) => p.audienceId)));
  return sorted.map((bin, index) => {
    const activationInfo: Record<string, string[]> = {};
    for (const pair of bin) (activationInfo[pair.flowId] ??= []).push(pair.audienceId);
    const mine = audiencesOf[index]!;
    const conflictsWith = audiencesOf.map((other, j) => (j !== index && [...mine].some((id) => other.has(id)) ? j : -1)).filter((j) => j >= 0);
    return { index, pairs: bin, body: { activationInfo }, conflictsWith };
  });
}
