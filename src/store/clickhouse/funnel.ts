/**
 * ClickHouse SQL for `funnel` metrics, with the embedded store's meaning
 * (src/store/duckdb/funnel.ts): per bucket, a user's first event of the first
 * step starts their funnel, each later step is their earliest event of it
 * strictly after the previous step's and no later than the first plus
 * `within` and the bucket's end. One pass, as on DuckDB: the steps' events
 * (each scan filtered by type, time and `where`, a NULL condition false)
 * grouped by user and bucket keep the first step's earliest time and each
 * later step's times as an array; the chain is then walked per user with
 * array filters, with no join over the events. `windowFunnel` is not used: it
 * starts a chain at any first-step event, not at the user's first. Over the
 * deduplicated events (sql.ts `source`); every value a literal.
 */
import type { FunnelQuery } from '../../metrics/query.js';
import { filterFields } from '../../plan/types.js';
import { funnelMeasurement, funnelSeriesOf } from '../funnel.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency, Duplicates } from './consistency.js';
import { int64Literal } from './literal.js';
import { conjunction, source } from './sql.js';

/** One scan per step: uid, te (the time), k (the step's index). */
function stepScans(query: FunnelQuery, range: TimeRange, duplicates: Duplicates): string {
  const inRange = `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
  return query.steps
    .map((s, k) => {
      const table = source(s.source.events, ['user_id', ...filterFields(s.where)], duplicates.get(s.source.events) ?? [], inRange);
      return `SELECT assumeNotNull(user_id) AS uid, ts AS te, toUInt8(${int64Literal(k)}) AS k FROM ${table} WHERE ${inRange} AND isNotNull(user_id) AND ifNull(${conjunction(s.where)}, 0)`;
    })
    .join(' UNION ALL ');
}

/** Columns: bucket, then n0 … n{k} (the users reaching each step). Buckets where nobody did the first step are left out. */
export function funnelQuery(query: FunnelQuery, range: TimeRange, stepMs: number, duplicates: Duplicates): string {
  const origin = int64Literal(range.from);
  const step = int64Literal(stepMs);
  const later = query.steps.slice(1).map((_, i) => i + 1);
  const lists = later.map((k) => `, groupArrayIf(te, k = ${int64Literal(k)}) AS l${k}`).join('');
  const perUser =
    `SELECT intDiv(te - ${origin}, ${step}) AS bucket, countIf(k = 0) AS firsts, minIf(te, k = 0) AS t0${lists} ` +
    `FROM (${stepScans(query, range, duplicates)}) GROUP BY uid, bucket`;
  const until = `least(least(t0 + ${int64Literal(query.withinMs)}, ${origin} + (bucket + 1) * ${step} - 1), ${int64Literal(range.to)}) AS until`;
  // t{k}: the earliest time of step k after t{k − 1} and no later than `until`; until + 1 when none (the user stopped), so no later step follows.
  const chain = later.map((k) => `, arrayFilter(x -> x > t${k - 1} AND x <= until, l${k}) AS f${k}, if(empty(f${k}), until + 1, arrayReduce('min', f${k})) AS t${k}`).join('');
  const walked = `SELECT bucket, ${until}${chain} FROM (${perUser}) WHERE firsts > 0`;
  const counts = later.map((k) => `, countIf(t${k} <= until) AS n${k}`).join('');
  return `SELECT bucket, count() AS n0${counts} FROM (${walked}) GROUP BY bucket ORDER BY bucket`;
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
