/**
 * DuckDB SQL for a `distinct` metric with `having` (src/plan/having.ts): the
 * events of the window grouped by the counted field (a user), each value
 * tested (its events' count, or the sum of a property over them, against the
 * threshold), the values that pass counted. `n` is every event of the window
 * that passes `where`. Pure query builders; every value a parameter.
 */
import type { HavingQuery } from '../../metrics/query.js';
import type { Threshold } from '../../plan/threshold.js';
import type { Series, Measurement, TimeRange } from '../types.js';
import { queryRows, type DuckDB } from './database.js';
import { column, conjunction, eventTable, Params, type Query } from './sql.js';

/** The threshold as a condition on `value`. */
export function thresholdCondition(value: string, threshold: Threshold, params: Params): string {
  if (threshold.kind === 'range') return `(${value} >= ${params.add(threshold.min)} AND ${value} <= ${params.add(threshold.max)})`;
  return `${value} ${threshold.op} ${params.add(threshold.value)}`;
}

/**
 * Columns: bucket (floor((ts − origin) / step), 0 for a measure), value (the
 * values that pass), n (the events). Buckets without events are left out.
 */
export function havingQuery(query: HavingQuery, range: TimeRange, stepMs: number): Query {
  const params = new Params();
  const field = column(query.field);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  const where = conjunction(query.where, params);
  const measured = query.having.by === 'count' ? 'count(*)' : `coalesce(sum(${column(query.having.of)}), 0)`;
  const test = thresholdCondition(measured, query.having.threshold, params);
  const perValue =
    `SELECT floor((epoch_ms(ts) - ${origin}) / ${step})::BIGINT AS bucket, ${field} IS NOT NULL AND ${test} AS passes, count(*) AS c ` +
    `FROM ${eventTable(query.source.events)} WHERE ts >= ${from} AND ts <= ${to} AND ${where} GROUP BY bucket, ${field}`;
  return {
    sql: `SELECT bucket, count(*) FILTER (WHERE passes)::DOUBLE AS value, sum(c) AS n FROM (${perValue}) GROUP BY bucket ORDER BY bucket`,
    params: params.values,
  };
}

/** The values (users) that pass over the range: 0 over no events. */
export async function measureHaving(db: DuckDB, having: HavingQuery, range: TimeRange): Promise<Measurement> {
  const query = havingQuery(having, range, range.to - range.from + 1);
  const [row] = await db.read((connection) => queryRows(connection, query.sql, query.params));
  return { value: Number(row?.value ?? 0), events: Number(row?.n ?? 0), groups: [] };
}

/** Per bucket of `stepMs` from `range.from` (covering up to, not including, `range.to`), each bucket's events alone; 0 for a bucket without events. */
export async function havingSeries(db: DuckDB, having: HavingQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const query = havingQuery(having, { from: range.from, to: range.from + buckets * stepMs - 1 }, stepMs);
  const rows = await db.read((connection) => queryRows(connection, query.sql, query.params));
  const values = new Map(rows.map((row) => [Number(row.bucket), Number(row.value)]));
  return { points: Array.from({ length: buckets }, (_, i) => ({ t: range.from + i * stepMs, value: values.get(i) ?? 0 })), groups: [] };
}
