/**
 * An SLO over time, pure: at each point of from..to (every `step`), the
 * remaining error budget, the SLI and the burn rates of the windows ending
 * there, from per-minute counts through prefix sums (each window a
 * difference of two sums, whatever its length).
 */
import type { SloSpec } from '../plan/slo-types.js';
import { budgetStatus, burnRate, errorBudget, sliOf, type BudgetStatus } from './burn.js';
import { windowsOf } from './evaluate.js';
import { burnRatesJson } from './json.js';
import { mergedMinutes, minuteOf, type MinuteCounts } from './rollup.js';

export interface SloSeriesPoint {
  readonly t: number;
  readonly sli: number | null;
  readonly remaining: number | null;
  readonly status: BudgetStatus;
  readonly burn_rates: Readonly<Record<string, number | null>>;
}

/** Cumulative good and total over the minutes first..last: sum(a..b) = at(b) − at(a − 1). */
function prefixSums(counts: MinuteCounts, first: number, last: number): { good: Float64Array; total: Float64Array } {
  const size = last - first + 2;
  const good = new Float64Array(size);
  const total = new Float64Array(size);
  for (const [minute, c] of mergedMinutes(counts)) {
    if (minute < first || minute > last) continue;
    good[minute - first + 1] = (good[minute - first + 1] ?? 0) + c.good;
    total[minute - first + 1] = (total[minute - first + 1] ?? 0) + c.total;
  }
  for (let i = 1; i < size; i++) {
    good[i] = (good[i] ?? 0) + (good[i - 1] ?? 0);
    total[i] = (total[i] ?? 0) + (total[i - 1] ?? 0);
  }
  return { good, total };
}

/** The points of from..to every step; `counts` must cover the minutes from `from` less the SLO's longest window. */
export function sloSeries(slo: SloSpec, counts: MinuteCounts, first: number, from: number, to: number, stepMs: number): SloSeriesPoint[] {
  const last = minuteOf(to);
  const sums = prefixSums(counts, first, last);
  const at = (arr: Float64Array, minute: number): number => arr[Math.max(0, Math.min(minute, last) - first + 1)] ?? 0;
  const windows = windowsOf(slo);
  const points: SloSeriesPoint[] = [];
  for (let t = from; t <= to; t += stepMs) {
    const end = minuteOf(t);
    const burn = new Map<number, number | null>();
    let window = { good: 0, total: 0 };
    for (const ms of windows) {
      const start = end - Math.round(ms / 60_000);
      const c = { good: at(sums.good, end) - at(sums.good, start), total: at(sums.total, end) - at(sums.total, start) };
      if (ms === slo.windowMs) window = c;
      burn.set(ms, burnRate(c, slo.objective));
    }
    const remaining = errorBudget(window, slo.objective).remaining;
    points.push({ t, sli: sliOf(window), remaining, status: budgetStatus(remaining), burn_rates: burnRatesJson(burn) });
  }
  return points;
}
