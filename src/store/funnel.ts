/**
 * A funnel's answer from the users reaching each step, the same for every
 * backend (src/store/duckdb/funnel.ts, src/store/clickhouse/funnel.ts
 * count them): the value is the last step's users over the first's, and each
 * step is a group `{ step: "1 signup" }` with its users and its conversions
 * from the first and from the previous step. Pure.
 */
import type { FunnelQuery } from '../metrics/query.js';
import { FUNNEL_GROUP_FIELD, stepLabel } from '../plan/funnel.js';
import type { Measurement, MeasuredGroup, Series, SeriesPoint, TimeRange } from './types.js';

const ratio = (part: number, whole: number | undefined): number | null => (whole !== undefined && whole > 0 ? part / whole : null);

/** The steps' groups from their users, in order. */
export function funnelGroups(query: FunnelQuery, users: readonly number[]): MeasuredGroup[] {
  return query.steps.map((step, i) => {
    const n = users[i] ?? 0;
    return {
      group: { [FUNNEL_GROUP_FIELD]: stepLabel(i, step.source.events) },
      value: n,
      events: n,
      conversion: { fromFirst: ratio(n, users[0]), fromPrevious: i === 0 ? null : ratio(n, users[i - 1]) },
    };
  });
}

/** `users[i]`: the users reaching step i; `events` is the first step's users. */
export function funnelMeasurement(query: FunnelQuery, users: readonly number[]): Measurement {
  const first = users[0] ?? 0;
  return { value: ratio(users[query.steps.length - 1] ?? 0, first), events: first, groups: funnelGroups(query, users) };
}

/** `byBucket.get(b)[i]`: the users of bucket b reaching step i; a bucket without users has no value, and 0 users at each step. */
export function funnelSeriesOf(query: FunnelQuery, range: TimeRange, stepMs: number, byBucket: ReadonlyMap<number, readonly number[]>): Series {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const at = (i: number): Measurement => funnelMeasurement(query, byBucket.get(i) ?? []);
  const measured = Array.from({ length: buckets }, (_, i) => at(i));
  const points = (value: (m: Measurement) => number | null): SeriesPoint[] => measured.map((m, i) => ({ t: range.from + i * stepMs, value: value(m) }));
  return {
    points: points((m) => m.value),
    groups: query.steps.map((step, k) => ({ group: { [FUNNEL_GROUP_FIELD]: stepLabel(k, step.source.events) }, points: points((m) => m.groups[k]?.value ?? 0) })),
  };
}
