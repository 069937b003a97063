/**
 * ClickHouse SQL for `funnel` metrics, with the embedded store's meaning
 * (src/store/duckdb/funnel.ts): per bucket, a user's first event of the first
 * step starts their funnel, each later step is their earliest event of it
 * strictly after the previous step's and no later than the first plus
 * `within` and the bucket's end. ClickHouse 18.16 has no WITH subqueries, so
 * the steps nest: level k LEFT JOINs the users of level k − 1 to the step's
 * events and keeps, per user, the time of step k (`t{k}`) and whether they
 * reached it (`r{k}`). Over the deduplicated events (sql.ts `source`); every
 * value a literal.
 */
import type { FunnelQuery } from '../../metrics/query.js';
import { filterFields } from '../../plan/types.js';
import { funnelMeasurement, funnelSeriesOf } from '../funnel.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency, Duplicates } from './consistency.js';
import { int64Literal } from './literal.js';
import { conjunction, source } from './sql.js';

/** Columns: bucket, then n0 … n{k} (the users reaching each step). */
export function funnelQuery(query: FunnelQuery, range: TimeRange, stepMs: number, duplicates: Duplicates): string {
  const inRange = `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
  const events = (i: number): string => {
    const s = query.steps[i];
    if (!s) throw new Error(`funnel step ${i} is missing`);
    const table = source(s.source.events, ['user_id', ...filterFields(s.where)], duplicates.get(s.source.events) ?? [], inRange);
    return `SELECT assumeNotNull(user_id) AS uid, ts AS te FROM ${table} WHERE ${inRange} AND isNotNull(user_id) AND ${conjunction(s.where)}`;
  };
  const origin = int64Literal(range.from);
  const step = int64Literal(stepMs);
  const firsts = `SELECT uid, intDiv(te - ${origin}, ${step}) AS bucket, min(te) AS first FROM (${events(0)}) GROUP BY uid, bucket`;
  let level = `SELECT uid, bucket, first AS t0, least(least(first + ${int64Literal(query.withinMs)}, ${origin} + (bucket + 1) * ${step} - 1), ${int64Literal(range.to)}) AS until FROM (${firsts})`;
  const reached: string[] = [];
  for (let k = 1; k < query.steps.length; k++) {
    const keep = ['uid', 'bucket', 'until', `t${k - 1}`, ...reached];
    const ok = `${k > 1 ? `r${k - 1} AND ` : ''}te > t${k - 1} AND te <= until`;
    level =
      `SELECT ${keep.join(', ')}, minIf(te, ${ok}) AS t${k}, countIf(${ok}) > 0 AS r${k} ` +
      `FROM (${level}) ALL LEFT JOIN (${events(k)}) USING uid GROUP BY ${keep.join(', ')}`;
    reached.push(`r${k}`);
  }
  return `SELECT bucket, count() AS n0${reached.map((r, i) => `, sum(${r}) AS n${i + 1}`).join('')} FROM (${level}) GROUP BY bucket ORDER BY bucket`;
}

async function usersByBucket(db: ClickHouseConnection, consistency: Consistency, query: FunnelQuery, range: TimeRange, stepMs: number): Promise<Map<number, number[]>> {
  const types = [...new Set(query.steps.map((s) => s.source.events))];
  const rows = await consistency.read(types, (duplicates) => db.rows(funnelQuery(query, range, stepMs, duplicates)));
  return new Map(rows.map((row) => [Number(row.bucket), query.steps.map((_, i) => Number(row[`n${i}`] ?? 0))]));
}

export async function measureFunnel(db: ClickHouseConnection, consistency: Consistency, query: FunnelQuery, range: TimeRange): Promise<Measurement> {
  const byBucket = await usersByBucket(db, consistency, query, range, range.to - range.from + 1);
  return funnelMeasurement(query, byBucket.get(0) ?? []);
}

export async function funnelSeries(db: ClickHouseConnection, consistency: Consistency, query: FunnelQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const covered = { from: range.from, to: range.from + buckets * stepMs - 1 };
  return funnelSeriesOf(query, covered, stepMs, await usersByBucket(db, consistency, query, covered, stepMs));
}
