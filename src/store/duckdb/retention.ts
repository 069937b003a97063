/**
 * DuckDB SQL for `retention` metrics (src/plan/retention.ts). A user's first
 * and last matching event (up to the end of the range) decide: the cohort is
 * the users first seen in [from − after, to − after], so every member has had
 * `after` to come back by `to`; retained are those with a matching event at or
 * after first + after. The query builders are pure and take the metric's
 * retention query (src/metrics/query.ts); identifiers come from the validated
 * plan and every value is a parameter.
 */
import { compile } from '../../metrics/compile.js';
import type { RetentionQuery } from '../../metrics/query.js';
import type { MetricSpec } from '../../plan/types.js';
import type { RetentionCohort, RetentionStore } from '../retention.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import { queryRows, type DuckDB } from './database.js';
import { conjunction, eventTable, Params, type Query } from './sql.js';

export type { RetentionCohort, RetentionStore } from '../retention.js';

/** The retention metric's query, or an error for another kind (a programming error, never user input). */
export function retentionOf(metric: MetricSpec): RetentionQuery {
  const query = compile(metric);
  if (query.shape !== 'retention') throw new Error(`metric ${metric.id} is not a retention metric`);
  return query;
}

/** Per user: first_ms and last_ms of the matching events up to `to`. */
function usersCte(query: RetentionQuery, to: number, params: Params): string {
  return (
    `WITH users AS (SELECT user_id, min(epoch_ms(ts)) AS first_ms, max(epoch_ms(ts)) AS last_ms ` +
    `FROM ${eventTable(query.source.events)} WHERE ts <= ${params.add({ timestampMs: to })} AND user_id IS NOT NULL AND ${conjunction(query.where, params)} GROUP BY user_id)`
  );
}

/** Columns: cohort (users first seen in [from − after, to − after]), retained. */
export function retentionQuery(query: RetentionQuery, range: TimeRange): Query {
  const after = query.afterMs;
  const params = new Params();
  const users = usersCte(query, range.to, params);
  const gap = params.add(after);
  const first = params.add(range.from - after);
  const last = params.add(range.to - after);
  return {
    sql: `${users} SELECT count(*) AS cohort, count(*) FILTER (WHERE last_ms >= first_ms + ${gap}) AS retained FROM users WHERE first_ms >= ${first} AND first_ms <= ${last}`,
    params: params.values,
  };
}

/**
 * Cohorts of `stepMs` (a week) from `range.from` to `range.to` by first event;
 * retained counts activity up to `asOf`. Columns: bucket, size, retained.
 */
export function cohortQuery(query: RetentionQuery, range: TimeRange, stepMs: number, asOf: number): Query {
  const after = query.afterMs;
  const params = new Params();
  const users = usersCte(query, asOf, params);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const gap = params.add(after);
  const end = params.add(range.to);
  return {
    sql:
      `${users} SELECT floor((first_ms - ${origin}) / ${step})::BIGINT AS bucket, count(*) AS size, count(*) FILTER (WHERE last_ms >= first_ms + ${gap}) AS retained ` +
      `FROM users WHERE first_ms >= ${origin} AND first_ms <= ${end} GROUP BY bucket ORDER BY bucket`,
    params: params.values,
  };
}

/**
 * The series in one query. Bucket b is the range [from + b·step, its end]
 * (the end is the next bucket's start − 1, or `to`), measured as
 * retentionQuery measures a range: its cohort is the users whose first + after
 * falls in it, so each user is in one bucket at most, and a member is
 * retained when their earliest event at or after first + after (`back_ms`) is
 * no later than the bucket's end. Columns: bucket, cohort, retained; buckets
 * without a cohort are left out.
 */
export function retentionSeriesQuery(query: RetentionQuery, range: TimeRange, stepMs: number): Query {
  const after = query.afterMs;
  const params = new Params();
  const to = params.add({ timestampMs: range.to });
  const where = conjunction(query.where, params);
  const gap = params.add(after);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const end = params.add(range.to);
  const events = `SELECT user_id, epoch_ms(ts) AS t FROM ${eventTable(query.source.events)} WHERE ts <= ${to} AND user_id IS NOT NULL AND ${where}`;
  return {
    sql:
      `WITH events AS (${events}), users AS (SELECT user_id, min(t) AS first_ms FROM events GROUP BY user_id), ` +
      `members AS (SELECT u.user_id, u.first_ms, floor((u.first_ms + ${gap} - ${origin}) / ${step})::BIGINT AS bucket, ` +
      `min(e.t) FILTER (WHERE e.t >= u.first_ms + ${gap}) AS back_ms ` +
      `FROM users u JOIN events e ON e.user_id = u.user_id WHERE u.first_ms + ${gap} >= ${origin} AND u.first_ms + ${gap} <= ${end} GROUP BY u.user_id, u.first_ms) ` +
      `SELECT bucket, count(*) AS cohort, count(*) FILTER (WHERE back_ms <= least(${origin} + (bucket + 1) * ${step} - 1, ${end})) AS retained ` +
      `FROM members GROUP BY bucket ORDER BY bucket`,
    params: params.values,
  };
}

/** The retention over a range: retained / cohort, null for an empty cohort; `events` is the cohort size. */
export async function measureRetention(db: DuckDB, retention: RetentionQuery, range: TimeRange): Promise<Measurement> {
  const query = retentionQuery(retention, range);
  const [row] = await db.read((connection) => queryRows(connection, query.sql, query.params));
  const cohort = Number(row?.cohort ?? 0);
  const retained = Number(row?.retained ?? 0);
  return { value: cohort > 0 ? retained / cohort : null, events: cohort, groups: [] };
}

/** The retention per bucket of `stepMs` from `range.from`, each bucket measured as a range of its own (one query). */
export async function retentionSeries(db: DuckDB, retention: RetentionQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const query = retentionSeriesQuery(retention, range, stepMs);
  const rows = await db.read((connection) => queryRows(connection, query.sql, query.params));
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), { cohort: Number(row.cohort), retained: Number(row.retained) }]));
  const points: { t: number; value: number | null }[] = [];
  for (let t = range.from, b = 0; t < range.to; t += stepMs, b++) {
    const bucket = byBucket.get(b);
    points.push({ t, value: bucket && bucket.cohort > 0 ? bucket.retained / bucket.cohort : null });
  }
  return { points, groups: [] };
}

/** Cohorts of `stepMs` over `range` by first event, retention counted up to `asOf`; weeks without new users are left out. */
export async function retentionCohorts(db: DuckDB, retention: RetentionQuery, range: TimeRange, stepMs: number, asOf: number): Promise<RetentionCohort[]> {
  const query = cohortQuery(retention, range, stepMs, asOf);
  const rows = await db.read((connection) => queryRows(connection, query.sql, query.params));
  return rows.map((row) => ({ from: range.from + Number(row.bucket) * stepMs, size: Number(row.size), retained: Number(row.retained) }));
}

export class DuckDBRetentionStore implements RetentionStore {
  constructor(private readonly db: DuckDB) {}

  cohorts(metric: MetricSpec, range: TimeRange, stepMs: number, asOf: number): Promise<RetentionCohort[]> {
    return retentionCohorts(this.db, retentionOf(metric), range, stepMs, asOf);
  }
}
