/** One (dataflow, audience) pair's key, wherever pairs are matched: background, queue and page. Pure. */
import type { Pair } from '@/lib/model';

export const pairKey = (pair: Pair): string => `${pair.flowId}|${pair.audienceId}`;
