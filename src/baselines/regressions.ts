/**
 * Regressions: how much worse a metric is than a baseline, in the direction
 * its target calls worse. Pure; used by regression(...) alert conditions and
 * by the reports (`regressionsOf`).
 */
import type { MetricResult } from '../metrics/evaluate.js';
import type { Plan } from '../plan/types.js';
import { betterDirection } from '../plan/direction.js';
import type { GroupKey } from '../store/types.js';
import type { Baseline } from './types.js';

/** Seed 004 step 3: a regression is more than 20 % worse than the baseline. */
export const DEFAULT_REGRESSION_THRESHOLD = 0.2;

/**
 * The relative degradation of `current` against `baseline`: positive is worse.
 * For a lower-is-better metric (latency) (current - baseline) / |baseline|; for
 * higher-is-better (a success rate) (baseline - current) / |baseline|. Null when
 * either value is missing or the baseline is 0.
 */
export function degradation(current: number | null, baseline: number | null, better: 'higher' | 'lower'): number | null {
  if (current === null || baseline === null || baseline === 0) return null;
  const change = (current - baseline) / Math.abs(baseline);
  return better === 'lower' ? change : -change;
}

export interface BaselineComparison {
  readonly baseline: string;
  readonly source: string;
  readonly metric: string;
  readonly title: string;
  readonly unit: string;
  /** The group, for a metric with groups that was measured per group; absent for the whole metric. */
  readonly group?: GroupKey;
  readonly better: 'higher' | 'lower';
  readonly baselineValue: number;
  readonly current: number;
  /** Positive is worse (see degradation). */
  readonly degradation: number;
  readonly regressed: boolean;
}

const groupText = (group: GroupKey): string => JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Every comparison of the current values with the baselines' values, for the
 * metrics whose target says which way is better. A group is compared when the
 * baseline has a value for that group. Worst first.
 */
export function compareWithBaselines(plan: Plan, current: readonly MetricResult[], baselines: readonly Baseline[], threshold = DEFAULT_REGRESSION_THRESHOLD): BaselineComparison[] {
  const results = new Map(current.map((r) => [r.id, r]));
  const out: BaselineComparison[] = [];
  for (const baseline of baselines) {
    for (const metric of plan.metrics) {
      const stored = baseline.values[metric.id];
      const result = results.get(metric.id);
      const better = betterDirection(metric);
      if (!stored || !result || better === 'none') continue;
      const common = { baseline: baseline.name, source: baseline.source, metric: metric.id, title: metric.title, unit: metric.unit, better };
      const whole = degradation(result.value, stored.value, better);
      if (whole !== null && result.value !== null && stored.value !== null) {
        out.push({ ...common, baselineValue: stored.value, current: result.value, degradation: whole, regressed: whole > threshold });
      }
      const byGroup = new Map(stored.groups.map((g) => [groupText(g.group), g.value]));
      for (const g of result.groups) {
        const base = byGroup.get(groupText(g.group)) ?? null;
        const d = degradation(g.value, base, better);
        if (d === null || g.value === null || base === null) continue;
        out.push({ ...common, group: g.group, baselineValue: base, current: g.value, degradation: d, regressed: d > threshold });
      }
    }
  }
  return out.sort((a, b) => b.degradation - a.degradation);
}

/** The regressions for a report: the comparisons more than `threshold` worse than their baseline, worst first. */
export function regressionsOf(plan: Plan, current: readonly MetricResult[], baselines: readonly Baseline[], threshold = DEFAULT_REGRESSION_THRESHOLD): BaselineComparison[] {
  return compareWithBaselines(plan, current, baselines, threshold).filter((c) => c.regressed);
}

/** What a regression() alert condition compares with: a baseline's value for one metric, and which way is worse. */
export interface RegressionBaseline {
  readonly better: 'higher' | 'lower';
  readonly value: number | null;
  readonly groups: readonly { readonly group: GroupKey; readonly value: number | null }[];
}
