/**
 * DuckDB SQL for a `distinct` metric with `having` (src/plan/having.ts): the
 * events of the window grouped by the counted field (a user), each value
 * tested (its events' count, or the sum of a property over them, against the
 * threshold), the values that pass counted. `n` is every event of the window
 * that passes `where`. With `by`, each group counts the values passing with
 * that group's events (a second query). Pure query builders; every value a parameter.
 */
import type { HavingQuery } from '../../metrics/query.js';
import type { Threshold } from '../../plan/threshold.js';
import type { Series, Measurement, TimeRange } from '../types.js';
import { havingSeriesOf, type GroupOf } from '../having.js';
import { queryRows, type DuckDB } from './database.js';
import { column, conjunction, eventTable, Params, type Query } from './sql.js';

/** The threshold as a condition on `value`. */
export function thresholdCondition(value: string, threshold: Threshold, params: Params): string {
  if (threshold.kind === 'range') return `(${value} >= ${params.add(threshold.min)} AND ${value} <= ${params.add(threshold.max)})`;
  return `${value} ${threshold.op} ${params.add(threshold.value)}`;
}

/**
 * Columns: bucket (floor((ts − origin) / step), 0 for a measure), with
 * `grouped` the metric's `by` fields, value (the values that pass), n (the
 * events). Buckets (and groups) without events are left out.
 */
export function havingQuery(query: HavingQuery, range: TimeRange, stepMs: number, grouped = false): Query {
  const params = new Params();
  const field = column(query.field);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  const where = conjunction(query.where, params);
  const measured = query.having.by === 'count' ? 'count(*)' : `coalesce(sum(${column(query.having.of)}), 0)`;
  const test = thresholdCondition(measured, query.having.threshold, params);
  const groups = grouped ? query.by.map(column) : [];
  const keys = ['bucket', ...groups].join(', ');
  const perValue =
    `SELECT floor((epoch_ms(ts) - ${origin}) / ${step})::BIGINT AS bucket, ${groups.map((g) => `${g}, `).join('')}${field} IS NOT NULL AND ${test} AS passes, count(*) AS c ` +
    `FROM ${eventTable(query.source.events)} WHERE ts >= ${from} AND ts <= ${to} AND ${where} GROUP BY ${keys}, ${field}`;
  return {
    sql: `SELECT ${keys}, count(*) FILTER (WHERE passes)::DOUBLE AS value, sum(c) AS n FROM (${perValue}) GROUP BY ${keys} ORDER BY bucket`,
    params: params.values,
  };
}

async function rows(db: DuckDB, having: HavingQuery, range: TimeRange, stepMs: number, grouped: boolean): Promise<Record<string, unknown>[]> {
  const query = havingQuery(having, range, stepMs, grouped);
  return db.read((connection) => queryRows(connection, query.sql, query.params));
}

/** The values (users) that pass over the range, the whole and per group of `by` (the values passing with the group's events): 0 over no events. */
export async function measureHaving(db: DuckDB, having: HavingQuery, range: TimeRange, groupOf: GroupOf): Promise<Measurement> {
  const step = range.to - range.from + 1;
  const [row] = await rows(db, having, range, step, false);
  const groups = having.by.length === 0 ? [] : (await rows(db, having, range, step, true)).map((r) => ({ group: groupOf(having.by, r), value: Number(r.value), events: Number(r.n) }));
  groups.sort((a, b) => b.events - a.events || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  return { value: Number(row?.value ?? 0), events: Number(row?.n ?? 0), groups };
}

/** Per bucket of `stepMs` from `range.from` (covering up to, not including, `range.to`), each bucket's events alone, the whole and per group; 0 for a bucket without events. */
export async function havingSeries(db: DuckDB, having: HavingQuery, range: TimeRange, stepMs: number, groupOf: GroupOf): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const covered = { from: range.from, to: range.from + buckets * stepMs - 1 };
  const whole = await rows(db, having, covered, stepMs, false);
  const grouped = having.by.length === 0 ? [] : await rows(db, having, covered, stepMs, true);
  return havingSeriesOf(having, range.from, stepMs, buckets, whole, grouped, groupOf);
}
