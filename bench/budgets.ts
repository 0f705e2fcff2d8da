/**
 * The performance budgets of issue 7, as data: `npm run bench` fails when one is missed.
 * Sizes are in bytes of gzip -9 (1 kB = 1,000 B); times in ms; ratios are with / without.
 */
export type Comparison = '<=' | '==';

export interface Budget {
  /** What is measured, for the table. */
  label: string;
  unit: 'B' | 'ms' | 'ratio' | 'count' | 'calls/min';
  budget: number;
  compare: Comparison;
}

export const BUDGETS = {
  'bundle.content.gzip': { label: 'content script bundle, gzip', unit: 'B', budget: 20_000, compare: '<=' },
  'bundle.popup.gzip': { label: 'popup bundle (html imports + chunks + css), gzip', unit: 'B', budget: 45_000, compare: '<=' },
  'page.overhead.ratio': { label: 'route change -> 200-row table rendered, with / without extension (median)', unit: 'ratio', budget: 1.1, compare: '<=' },
  'badges.1000.ms': { label: '1,000-row table rendered -> every row badged (median)', unit: 'ms', budget: 50, compare: '<=' },
  'scroll.step.ms': { label: 'our script time per virtualised scroll step, 50 rows (median, with - without)', unit: 'ms', budget: 4, compare: '<=' },
  'spectrum.overhead.ratio': { label: 'React Spectrum console: route change -> 200-row table rendered, with / without (median)', unit: 'ratio', budget: 1.1, compare: '<=' },
  'spectrum.badges.ms': { label: 'React Spectrum console: 1,000-row table rendered -> every row in the page badged (median)', unit: 'ms', budget: 50, compare: '<=' },
  'spectrum.scroll.step.ms': { label: 'React Spectrum console: our script time per scroll step, 50 rows (median, with - without)', unit: 'ms', budget: 4, compare: '<=' },
  'idle.script.ms': { label: 'page script time over 60 s idle, with - without extension', unit: 'ms', budget: 50, compare: '<=' },
  'popup.full.ms': { label: 'popup open -> first 50 jobs painted, 20,000 runs stored (median)', unit: 'ms', budget: 150, compare: '<=' },
  'popup.ratio': { label: 'popup open time, 20,000 runs / empty store', unit: 'ratio', budget: 1.5, compare: '<=' },
  'bulk.posts': { label: 'bulk export of 1,000 pairs over 40 dataflows: POSTs sent', unit: 'count', budget: 13, compare: '==' },
  'bulk.ratio': { label: 'bulk export wall time (200 ms latency), ours / one dataflow at a time', unit: 'ratio', budget: 0.25, compare: '<=' },
  'tracking.calls.per.min': { label: 'API calls per minute, 1,000 runs in flight', unit: 'calls/min', budget: 120, compare: '<=' },
} as const satisfies Record<string, Budget>;

export type MetricName = keyof typeof BUDGETS;
export const METRIC_NAMES = Object.keys(BUDGETS) as MetricName[];
