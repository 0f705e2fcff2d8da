/**
 * The performance budgets (issue 7, revised by issue 17), as data: `npm run bench` fails
 * when one is missed. Sizes are in bytes of gzip -9 (1 kB = 1,000 B); times in ms; ratios
 * are with / without unless the label says otherwise.
 */
export type Comparison = '<=' | '==';

export interface Budget {
  /** What is measured, for the table. */
  label: string;
  /** `share`: a part of a whole, shown in per cent. */
  unit: 'B' | 'ms' | 'ratio' | 'share' | 'count' | 'calls/min' | 'MB' | 's';
  budget: number;
  compare: Comparison;
}

export const BUDGETS = {
  'bundle.content.gzip': { label: 'content script bundle, gzip', unit: 'B', budget: 20_000, compare: '<=' },
  'bundle.popup.gzip': { label: 'popup bundle (html imports + chunks + css), gzip', unit: 'B', budget: 35_000, compare: '<=' },
  // Chromium delays every request once any extension holds webRequest (a code-free one with
  // our permissions measures the same): measured against a realistic Platform, and against that floor.
  'page.overhead.latency.ratio': {
    label: 'route change -> 200-row table rendered, 150 ms per API call, with / without extension (median)',
    unit: 'ratio',
    budget: 1.05,
    compare: '<=',
  },
  'page.overhead.floor.ratio': {
    label: 'route change -> 200-row table rendered, 0 ms latency, ours / permissions-only extension (median)',
    unit: 'ratio',
    budget: 1.05,
    compare: '<=',
  },
  // Proposed (not from an issue): the ratios above compare medians of separate browsers, whose
  // spread is wider than our share; this reads our code's part of the same clock on one side.
  'page.overhead.script.share': {
    label: 'route change -> 200-row table rendered, 0 ms latency: our script in that window / the window (CPU profile)',
    unit: 'share',
    budget: 0.05,
    compare: '<=',
  },
  'badges.1000.ms': { label: '1,000-row table rendered -> every row badged (median)', unit: 'ms', budget: 25, compare: '<=' },
  // Proposed (not from an issue): what a user sees late. Under one 60 Hz frame means the
  // badges paint in the rows' first frame or the one right after.
  'badges.frame.lag.ms': {
    label: '1,000-row table: first frame painted with every row badged - with its rows, no extension (median)',
    unit: 'ms',
    budget: 16,
    compare: '<=',
  },
  'scroll.step.ms': { label: 'our script time per virtualised scroll step, 50 rows (CPU profile, mean)', unit: 'ms', budget: 4, compare: '<=' },
  'spectrum.overhead.ratio': {
    label: 'React Spectrum console: route change -> 200-row table rendered, 0 ms latency, ours / permissions-only extension (median)',
    unit: 'ratio',
    budget: 1.05,
    compare: '<=',
  },
  'spectrum.overhead.script.share': {
    label: 'React Spectrum console: route change -> 200-row table rendered, 0 ms latency: our script in that window / the window (CPU profile)',
    unit: 'share',
    budget: 0.05,
    compare: '<=',
  },
  'spectrum.badges.ms': {
    label: 'React Spectrum console: 1,000-row table rendered -> every row in the page badged (median)',
    unit: 'ms',
    budget: 25,
    compare: '<=',
  },
  'spectrum.badges.frame.lag.ms': {
    label: 'React Spectrum console: first frame painted with every row in the page badged - with its rows, no extension (median)',
    unit: 'ms',
    budget: 16,
    compare: '<=',
  },
  'spectrum.scroll.step.ms': {
    label: 'React Spectrum console: our script time per scroll step, 50 rows (CPU profile, mean)',
    unit: 'ms',
    budget: 2,
    compare: '<=',
  },
  'idle.script.ms': { label: 'page script time over 60 s idle, with - without extension', unit: 'ms', budget: 50, compare: '<=' },
  // An empty popup alone varies from 77 to 143 ms on these machines: budgeted against itself.
  'popup.ratio': { label: 'popup open -> first 50 jobs painted, 20,000 runs / empty store (median)', unit: 'ratio', budget: 1.15, compare: '<=' },
  'popup.ratio.100k': { label: 'popup open -> first 50 jobs painted, 100,000 runs / empty store (median)', unit: 'ratio', budget: 1.2, compare: '<=' },
  'bulk.posts': { label: 'bulk export of 1,000 pairs over 40 dataflows: POSTs sent', unit: 'count', budget: 13, compare: '==' },
  'bulk.ratio': { label: 'bulk export wall time (200 ms latency), ours / one dataflow at a time', unit: 'ratio', budget: 0.2, compare: '<=' },
  'tracking.calls.per.min': { label: 'API calls per minute, 1,000 runs in flight', unit: 'calls/min', budget: 120, compare: '<=' },
  // The enterprise scenario: 200 batch dataflows, 10,000 audiences (bench/enterprise-metrics.ts).
  'enterprise.browse.ratio': {
    label: "enterprise, 150 ms per API call: route change -> every row in view badged / -> the console's table rendered (one cold visit)",
    unit: 'ratio',
    budget: 1.5,
    compare: '<=',
  },
  'enterprise.browse.calls': { label: 'enterprise: API calls we make to build the browse view', unit: 'count', budget: 40, compare: '<=' },
  'enterprise.worker.heap': { label: 'enterprise: service worker JS heap after building the browse view (after GC)', unit: 'MB', budget: 40, compare: '<=' },
  'enterprise.bulk.posts': { label: 'enterprise bulk export of 10,000 pairs over 200 dataflows: POSTs sent', unit: 'count', budget: 125, compare: '==' },
  'enterprise.bulk.ratio': {
    label: 'enterprise bulk export wall time (200 ms latency), ours / one dataflow at a time',
    unit: 'ratio',
    budget: 0.15,
    compare: '<=',
  },
  'enterprise.tracking.calls.per.min': { label: 'enterprise: API calls per minute, 10,000 runs in flight', unit: 'calls/min', budget: 120, compare: '<=' },
  'enterprise.tracking.end.lag': {
    label: 'enterprise: simulator finishes all 10,000 runs -> the last end recorded in the history',
    unit: 's',
    budget: 120,
    compare: '<=',
  },
} as const satisfies Record<string, Budget>;

export type MetricName = keyof typeof BUDGETS;
export const METRIC_NAMES = Object.keys(BUDGETS) as MetricName[];
