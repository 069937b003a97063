/** The wire shapes of baselines and comparisons with them (snake_case, ISO-8601 times). Pure. */
import type { BaselineSpec } from '../plan/baseline-types.js';
import type { GroupKey } from '../store/types.js';
import type { BaselineComparison } from './regressions.js';
import type { Baseline } from './types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export interface BaselineJson {
  readonly name: string;
  /** taken: measured or set and kept; plan: values declared in the plan; pending: a plan range that has not ended. */
  readonly status: 'taken' | 'plan' | 'pending';
  readonly source: string;
  readonly range: { readonly from: string; readonly to: string } | null;
  readonly taken_at: string | null;
  readonly values: Readonly<Record<string, { value: number | null; events: number | null; groups: readonly { group: GroupKey; value: number | null }[] }>>;
}

export function baselineJson(baseline: Baseline, plan: Readonly<Record<string, BaselineSpec>>): BaselineJson {
  const declared = plan[baseline.name];
  return {
    name: baseline.name,
    status: declared?.kind === 'values' ? 'plan' : 'taken',
    source: baseline.source,
    range: baseline.range && { from: iso(baseline.range.from), to: iso(baseline.range.to) },
    taken_at: declared?.kind === 'values' ? null : iso(baseline.takenAt),
    values: baseline.values,
  };
}

export function pendingJson(spec: Extract<BaselineSpec, { kind: 'range' }>): BaselineJson {
  return { name: spec.name, status: 'pending', source: 'measured', range: { from: iso(spec.from), to: iso(spec.to) }, taken_at: null, values: {} };
}

export interface ComparisonJson {
  readonly baseline: string;
  readonly source: string;
  readonly metric: string;
  readonly title: string;
  readonly unit: string;
  readonly group?: GroupKey;
  readonly better: string;
  readonly baseline_value: number;
  readonly current: number;
  readonly degradation: number;
  readonly regressed: boolean;
}

export function comparisonJson(c: BaselineComparison): ComparisonJson {
  return {
    baseline: c.baseline,
    source: c.source,
    metric: c.metric,
    title: c.title,
    unit: c.unit,
    ...(c.group ? { group: c.group } : {}),
    better: c.better,
    baseline_value: c.baselineValue,
    current: c.current,
    degradation: c.degradation,
    regressed: c.regressed,
  };
}
