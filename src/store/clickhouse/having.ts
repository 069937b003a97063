/**
 * ClickHouse SQL for a `distinct` metric with `having`, with the embedded
 * store's meaning (src/store/duckdb/having.ts): the window's events grouped by
 * the counted field, each value tested, the values that pass counted; `n` is
 * every event that passes `where`. Over the deduplicated events (sql.ts
 * `source`); every value a literal.
 */
import type { HavingQuery } from '../../metrics/query.js';
import type { Threshold } from '../../plan/threshold.js';
import { filterFields } from '../../plan/types.js';
import type { Measurement, Series, TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency } from './consistency.js';
import { floatLiteral, int64Literal } from './literal.js';
import { column, conjunction, source } from './sql.js';

function thresholdCondition(value: string, threshold: Threshold): string {
  if (threshold.kind === 'range') return `(${value} >= ${floatLiteral(threshold.min)} AND ${value} <= ${floatLiteral(threshold.max)})`;
  return `${value} ${threshold.op} ${floatLiteral(threshold.value)}`;
}

/** Columns: bucket ((ts − from) div step), value, n; buckets without events are left out. */
export function havingQuery(query: HavingQuery, range: TimeRange, stepMs: number, duplicates: readonly string[]): string {
  const inRange = `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
  const summed = query.having.by === 'sum' ? [query.having.of] : [];
  const events = source(query.source.events, [query.field, ...summed, ...filterFields(query.where)], duplicates, inRange);
  const measured = query.having.by === 'count' ? 'count()' : `ifNull(sum(${column(query.having.of)}), 0)`;
  const field = column(query.field);
  const perValue =
    `SELECT intDiv(ts - ${int64Literal(range.from)}, ${int64Literal(stepMs)}) AS bucket, ${field} AS counted, isNotNull(counted) AND ${thresholdCondition(measured, query.having.threshold)} AS passes, count() AS c ` +
    `FROM ${events} WHERE ${inRange} AND ${conjunction(query.where)} GROUP BY bucket, counted`;
  return `SELECT bucket, toFloat64(countIf(passes)) AS value, sum(c) AS n FROM (${perValue}) GROUP BY bucket ORDER BY bucket`;
}

async function rows(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange, stepMs: number) {
  const type = query.source.events;
  return consistency.read([type], (duplicates) => db.rows(havingQuery(query, range, stepMs, duplicates.get(type) ?? [])));
}

export async function measureHaving(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange): Promise<Measurement> {
  const [row] = await rows(db, consistency, query, range, range.to - range.from + 1);
  return { value: Number(row?.value ?? 0), events: Number(row?.n ?? 0), groups: [] };
}

export async function havingSeries(db: ClickHouseConnection, consistency: Consistency, query: HavingQuery, range: TimeRange, stepMs: number): Promise<Series> {
  const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
  const found = await rows(db, consistency, query, { from: range.from, to: range.from + buckets * stepMs - 1 }, stepMs);
  const values = new Map(found.map((row) => [Number(row.bucket), Number(row.value)]));
  return { points: Array.from({ length: buckets }, (_, i) => ({ t: range.from + i * stepMs, value: values.get(i) ?? 0 })), groups: [] };
}
