/**
 * How many list items the Platform's answers carried that we left out because a field we
 * need was missing or of another shape (lib/platform/schemas `itemsOf`). The page shows
 * the rest; diagnostics show this count, so "an audience is missing" has an explanation.
 * Memory only, since the worker started.
 */
export type SkippedList = 'dataflows' | 'runs';

export interface SkipCounts {
  dataflows: number;
  runs: number;
  /** When the last one was left out. */
  lastAt?: number;
}

export interface SkipTally {
  note(list: SkippedList, count: number, at: number): void;
  read(): SkipCounts;
}

export function createSkipTally(): SkipTally {
  const counts: SkipCounts = { dataflows: 0, runs: 0 };
  return {
    note(list, count, at) {
      if (count <= 0) return;
      counts[list] += count;
      counts.lastAt = at;
    },
    read: () => ({ ...counts }),
  };
}
