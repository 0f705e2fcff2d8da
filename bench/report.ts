/**
 * Measurements -> results (value, unit, budget, pass) -> JSON and a readable table.
 * Pure: the runner does the measuring and the writing.
 */
import { BUDGETS, METRIC_NAMES, type Budget, type MetricName } from './budgets';

export interface Measurement {
  value: number;
  /** How it was measured when that is not obvious (e.g. "20 s window x 3"). */
  note?: string;
}

export interface MetricResult {
  value: number;
  unit: Budget['unit'];
  budget: number;
  pass: boolean;
  note?: string;
}

export type Results = Record<MetricName, MetricResult>;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function passes(budget: Budget, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return budget.compare === '==' ? value === budget.budget : value <= budget.budget;
}

/** Every budgeted metric gets a result; one not measured is NaN and fails. */
export function evaluate(measured: Partial<Record<MetricName, Measurement>>, budgets: Record<MetricName, Budget> = BUDGETS): Results {
  const out = {} as Results;
  for (const name of METRIC_NAMES) {
    const budget = budgets[name];
    const m = measured[name];
    const value = m?.value ?? Number.NaN;
    out[name] = {
      value: round(value),
      unit: budget.unit,
      budget: budget.budget,
      pass: passes(budget, value),
      ...(m?.note ? { note: m.note } : m ? {} : { note: 'not measured' }),
    };
  }
  return out;
}

export const failures = (results: Results): MetricName[] => METRIC_NAMES.filter((name) => !results[name].pass);

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}

function show(value: number, unit: Budget['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'B') return `${(value / 1000).toFixed(2)} kB`;
  if (unit === 'ratio') return value.toFixed(2);
  if (unit === 'share') return `${(value * 100).toFixed(1)} %`;
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === 's') return `${value.toFixed(1)} s`;
  return String(Math.round(value * 10) / 10);
}

/** A markdown table: metric, value, budget, pass, how. */
export function formatTable(results: Results, budgets: Record<MetricName, Budget> = BUDGETS): string {
  const rows = METRIC_NAMES.map((name) => {
    const r = results[name];
    const b = budgets[name];
    const budget = `${b.compare === '==' ? '=' : '≤'} ${show(b.budget, b.unit)}`;
    return `| ${b.label} | ${show(r.value, r.unit)} | ${budget} | ${r.pass ? 'pass' : '**FAIL**'} | ${r.note ?? ''} |`;
  });
  return ['| Metric | Value | Budget | Result | Notes |', '|---|---|---|---|---|', ...rows].join('\n');
}
