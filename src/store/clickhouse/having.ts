/**
 * ClickHouse SQL for a `distinct` metric with `having`, with the embedded
 * store's meaning (src/store/duckdb/having.ts): the window's events grouped by
 * the counted field, each value tested, the values that pass counted; `n` is
 * every event that passes `where`. With `by`, each group counts the values
 * passing with that group's events (a second query). Over the deduplicated events (sql.ts
 * `source`); every value a literal.
 */
import type { HavingQuery } from '../../metrics/query.js';
import type { Threshold } from '../../plan/threshold.js';
import { filterFields } from '../../plan/types.js';
import { havingSeriesOf, type GroupOf } from '../having.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency } from './consistency.js';
import { floatLiteral, int64Literal } from './literal.js';
import { column, conjunction, source } from './sql.js';

function thresholdCondition(value: string, threshold: Threshold): string {
  if (threshold.kind === 'range') return `(${value} >= ${floatLiteral(threshold.min)} AND ${value} <= ${floatLiteral(threshold.max)})`;
  return `${value} ${threshold.op} ${floatLiteral(threshold.value)}`;
}

/** Columns: bucket ((ts − from) div step), with `grouped` the metric's `by` fields, value, n; buckets (and groups) without events are left out. */
export function havingQuery(query: HavingQuery, range: TimeRange, stepMs: number, duplicates: readonly string[], grouped = false): string {
  const inRange = `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
  const summed = query.having.by === 'sum' ? [query.having.of] : [];
  const by = grouped ? query.by : [];
  const events = source(query.source.events, [query.field, ...summed, ...by, ...filterFields(query.where)], duplicates, inRange);
  const measured = query.having.by === 'count' ? 'count()' : `ifNull(sum(${column(query.having.of)}), 0)`;
  const field = column(query.field);
  const keys = ['bucket', ...by.map(column)].join(', ');
  const perValue =
    `SELECT intDiv(ts - ${int64Literal(range.from)}, ${int64Literal(stepMs)}) AS bucket, ${by.map((f) => `${column(f)}, `).join('')}${field} AS counted, ` +
    `isNotNull(counted) AND ifNull(${thresholdCondition(measured, query.having.threshold)}, 0) AS passes, count() AS c ` +
    `FROM ${events} WHERE ${inRange} AND ifNull(${conjunction(query.where)}, 0) GROUP BY ${keys}, counted`;
  return `SELECT ${keys}, toFloat64(countIf(passes)) AS value, sum(c) AS n FROM (${perValue}) GROUP BY ${keys} ORDER BY bucket`;
}

async function rows(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange, stepMs: number, grouped: boolean) {
  const type = query.source.events;
  return consistency.read([type], (duplicates) => db.rows(havingQuery(query, range, stepMs, duplicates.get(type) ?? [], grouped)));
}

export async function measureHaving(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange, groupOf: GroupOf): Promise<Measurement> {
  const step = range.to - range.from + 1;
  const [row] = await rows(db, consistency, query, range, step, false);
  const grouped = query.by.length === 0 ? [] : await rows(db, consistency, query, range, step, true);
  const groups = grouped.map((r) => ({ group: groupOf(query.by, r), value: Number(r.value), events: Number(r.n) }));
  groups.sort((a, b) => b.events - a.events || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  return { value: Number(row?.value ?? 0), events: Number(row?.n ?? 0), groups };
}

export async function havingSeries(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange, stepMs: number, groupOf: GroupOf): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const covered = { from: range.from, to: range.from + buckets * stepMs - 1 };
  const whole = await rows(db, consistency, query, covered, stepMs, false);
  const grouped = query.by.length === 0 ? [] : await rows(db, consistency, query, covered, stepMs, true);
  return havingSeriesOf(query, range.from, stepMs, buckets, whole, grouped, groupOf);
}
