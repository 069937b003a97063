/**
 * ClickHouse SQL for `retention` metrics and the cohort table, with the
 * embedded store's meaning (src/store/duckdb/retention.ts): a user's first and
 * last matching event up to the end of the range decide; the cohort is the
 * users first seen in [from − after, to − after]; retained are those with a
 * matching event at or after first + after. Over the deduplicated events
 * (sql.ts `source`); every value a literal.
 */
import { compile } from '../../metrics/compile.js';
import type { RetentionQuery } from '../../metrics/query.js';
import { filterFields, type MetricSpec } from '../../plan/types.js';
import type { RetentionCohort, RetentionStore } from '../retention.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency } from './consistency.js';
import { int64Literal } from './literal.js';
import { conjunction, source } from './sql.js';

function retentionOf(metric: MetricSpec): RetentionQuery {
  const query = compile(metric);
  if (query.shape !== 'retention') throw new Error(`metric ${metric.id} is not a retention metric`);
  return query;
}

/** Per user: first_ms and last_ms (and, with `all`, every time) of the matching events up to `to`. */
function users(query: RetentionQuery, to: number, duplicates: readonly string[], all = false): string {
  const until = `ts <= ${int64Literal(to)}`;
  const events = source(query.source.events, ['user_id', ...filterFields(query.where)], duplicates, until);
  return (
    `SELECT user_id, min(ts) AS first_ms, max(ts) AS last_ms${all ? ', groupArray(ts) AS times' : ''} FROM ${events} ` +
    `WHERE ${until} AND isNotNull(user_id) AND ${conjunction(query.where)} GROUP BY user_id`
  );
}

/** Columns: cohort, retained. */
export function retentionQuery(query: RetentionQuery, range: TimeRange, duplicates: readonly string[]): string {
  const gap = int64Literal(query.afterMs);
  return (
    `SELECT count() AS cohort, countIf(last_ms >= first_ms + ${gap}) AS retained FROM (${users(query, range.to, duplicates)}) ` +
    `WHERE first_ms >= ${int64Literal(range.from - query.afterMs)} AND first_ms <= ${int64Literal(range.to - query.afterMs)}`
  );
}

/** Columns: bucket, size, retained. */
export function cohortQuery(query: RetentionQuery, range: TimeRange, stepMs: number, asOf: number, duplicates: readonly string[]): string {
  const origin = int64Literal(range.from);
  return (
    `SELECT intDiv(first_ms - ${origin}, ${int64Literal(stepMs)}) AS bucket, count() AS size, countIf(last_ms >= first_ms + ${int64Literal(query.afterMs)}) AS retained ` +
    `FROM (${users(query, asOf, duplicates)}) WHERE first_ms >= ${origin} AND first_ms <= ${int64Literal(range.to)} GROUP BY bucket ORDER BY bucket`
  );
}

/**
 * Bucket b is measured as retentionQuery measures a range: its cohort is the
 * users whose first + after falls in it; a member is retained when their
 * earliest event at or after first + after (`back_ms`) is no later than the
 * bucket's end. Columns: bucket, cohort, retained.
 */
export function retentionSeriesQuery(query: RetentionQuery, range: TimeRange, stepMs: number, duplicates: readonly string[]): string {
  const gap = int64Literal(query.afterMs);
  const origin = int64Literal(range.from);
  const step = int64Literal(stepMs);
  const end = int64Literal(range.to);
  const members =
    `SELECT first_ms, arrayFilter(x -> x >= first_ms + ${gap}, times) AS back, length(back) > 0 AS came_back, arrayReduce('min', back) AS back_ms ` +
    `FROM (${users(query, range.to, duplicates, true)}) WHERE first_ms + ${gap} >= ${origin} AND first_ms + ${gap} <= ${end}`;
  return (
    `SELECT intDiv(first_ms + ${gap} - ${origin}, ${step}) AS bucket, count() AS cohort, ` +
    `countIf(came_back AND back_ms <= least(${origin} + (bucket + 1) * ${step} - 1, ${end})) AS retained FROM (${members}) GROUP BY bucket ORDER BY bucket`
  );
}

export async function measureRetention(db: ClickHouseConnection, consistency: Consistency, query: RetentionQuery, range: TimeRange): Promise<Measurement> {
  const type = query.source.events;
  const [row] = await consistency.read([type], (duplicates) => db.rows(retentionQuery(query, range, duplicates.get(type) ?? [])));
  const cohort = Number(row?.cohort ?? 0);
  const retained = Number(row?.retained ?? 0);
  return { value: cohort > 0 ? retained / cohort : null, events: cohort, groups: [] };
}

export async function retentionSeries(db: ClickHouseConnection, consistency: Consistency, query: RetentionQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const type = query.source.events;
  const rows = await consistency.read([type], (duplicates) => db.rows(retentionSeriesQuery(query, range, stepMs, duplicates.get(type) ?? [])));
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), { cohort: Number(row.cohort), retained: Number(row.retained) }]));
  const points: { t: number; value: number | null }[] = [];
  for (let t = range.from, b = 0; t < range.to; t += stepMs, b++) {
    const bucket = byBucket.get(b);
    points.push({ t, value: bucket && bucket.cohort > 0 ? bucket.retained / bucket.cohort : null });
  }
  return { points, groups: [] };
}

export class ClickHouseRetentionStore implements RetentionStore {
  constructor(
    private readonly db: ClickHouseConnection,
    private readonly consistency: Consistency,
  ) {}

  async cohorts(metric: MetricSpec, range: TimeRange, stepMs: number, asOf: number): Promise<RetentionCohort[]> {
    const query = retentionOf(metric);
    const type = query.source.events;
    const rows = await this.consistency.read([type], (duplicates) => this.db.rows(cohortQuery(query, range, stepMs, asOf, duplicates.get(type) ?? [])));
    return rows.map((row) => ({ from: range.from + Number(row.bucket) * stepMs, size: Number(row.size), retained: Number(row.retained) }));
  }
}
