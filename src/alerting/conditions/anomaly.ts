/**
 * `anomaly(dau, 28d) < -3`: how many (scaled) median absolute deviations the last whole hour's value
 * is from the median of the same hour of the week in the earlier weeks of the history: a robust
 * z-score, seasonal by hour of week. z = (x − median) / (1.4826 · MAD), 1.4826 making the MAD
 * comparable with a standard deviation for normal data. When the MAD is 0 (half the weeks or more
 * agree exactly), the mean absolute deviation scaled by 1.2533 stands in; when that is 0 too, z is 0
 * if x equals them and no data otherwise. Fewer than 3 weeks with a value (counted from the series'
 * first value other than 0) is no data. Per group.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { holds } from '../../plan/threshold.js';
import type { SeriesPoint } from '../../store/types.js';
import { groupText, metricEvents } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type AnomalyCondition = Extract<AlertCondition, { kind: 'anomaly' }>;

export const HOUR_MS = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;
export const MIN_WEEKS = 3;
const MAD_SCALE = 1.4826;
const MEAN_AD_SCALE = 1.2533;

/** The key of the metric's hourly series in ObservationInput.hourly. */
export const anomalyKey = (metric: string, historyMs: number): string => `${metric}@${historyMs}`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** The robust z-score of `value` against `history`; null with fewer than MIN_WEEKS values, or no spread and a different value. */
export function robustZ(value: number, history: readonly number[]): number | null {
  if (history.length < MIN_WEEKS) return null;
  const m = median(history);
  const deviations = history.map((h) => Math.abs(h - m));
  const mad = median(deviations);
  if (mad > 0) return (value - m) / (MAD_SCALE * mad);
  const meanAd = deviations.reduce((a, b) => a + b, 0) / deviations.length;
  if (meanAd > 0) return (value - m) / (MEAN_AD_SCALE * meanAd);
  return value === m ? 0 : null;
}

/**
 * The value at `last` and at the same hour of each earlier week within `historyMs`, from an hourly
 * series. The history begins at the series' first bucket with a value other than 0: a count or a
 * distinct count is 0 in every hour before the first event, and those weeks are no history.
 */
export function sameHourValues(points: readonly SeriesPoint[], last: number, historyMs: number): { current: number | null; history: number[] } {
  const at = new Map(points.map((p) => [p.t, p.value]));
  const begins = Math.min(...points.filter((p) => p.value !== null && p.value !== 0).map((p) => p.t));
  const history: number[] = [];
  for (let k = 1; k * WEEK_MS <= historyMs && last - k * WEEK_MS >= begins; k++) {
    const v = at.get(last - k * WEEK_MS);
    if (v !== null && v !== undefined) history.push(v);
  }
  return { current: at.get(last) ?? null, history };
}

export const anomalyCondition: ConditionKind<AnomalyCondition> = {
  kind: 'anomaly',
  needs: (condition) => [{ kind: 'hourly', key: anomalyKey(condition.metric, condition.historyMs), metric: condition.metric, historyMs: condition.historyMs }],
  values(condition, input) {
    const hourly = input.hourly?.get(anomalyKey(condition.metric, condition.historyMs));
    if (!hourly) return 'missing';
    const z = (points: readonly SeriesPoint[]): number | null => {
      const { current, history } = sameHourValues(points, hourly.last, condition.historyMs);
      return current === null ? null : robustZ(current, history);
    };
    const out: GroupValues = new Map();
    if (!input.grouped.has(condition.metric)) out.set(groupText({}), { group: {}, value: z(hourly.series.points) });
    else for (const g of hourly.series.groups) out.set(groupText(g.group), { group: g.group, value: z(g.points) });
    return out;
  },
  holds: (condition, value) => holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value),
  watches: (condition, plan) => metricEvents(condition.metric, plan),
  unit: () => '',
};
