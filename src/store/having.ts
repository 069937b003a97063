/**
 * A `having` metric's series from its rows, the same for every backend
 * (src/store/duckdb/having.ts, src/store/clickhouse/having.ts count them):
 * rows of `bucket, value` for the whole and, with `by`, `bucket, <group
 * fields>, value` per group; a bucket without events is 0. Pure.
 */
import type { HavingQuery } from '../metrics/query.js';
import type { GroupKey, Series, SeriesPoint } from './types.js';

type Row = Readonly<Record<string, unknown>>;

/** A group's key from a row of the backend's query (the backend knows how its columns hold each field). */
export type GroupOf = (fields: readonly string[], row: Row) => GroupKey;

export function havingSeriesOf(query: HavingQuery, from: number, stepMs: number, buckets: number, whole: readonly Row[], grouped: readonly Row[], groupOf: GroupOf): Series {
  const fill = (values: ReadonlyMap<number, number>): SeriesPoint[] => Array.from({ length: buckets }, (_, i) => ({ t: from + i * stepMs, value: values.get(i) ?? 0 }));
  const groups = new Map<string, { group: GroupKey; values: Map<number, number> }>();
  for (const row of grouped) {
    const group = groupOf(query.by, row);
    const key = JSON.stringify(group);
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { group, values: new Map() }));
    entry.values.set(Number(row.bucket), Number(row.value));
  }
  return {
    points: fill(new Map(whole.map((row) => [Number(row.bucket), Number(row.value)]))),
    groups: [...groups.values()].map((entry) => ({ group: entry.group, points: fill(entry.values) })),
  };
}
