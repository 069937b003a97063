/**
 * Raw values of one numeric property on DuckDB, for the rank tests of release
 * impact. Read-only, on the reader pool; the filter is the metric's own
 * (sql.ts), every value a parameter. Above the limit, a reservoir sample with
 * a fixed seed: the same data gives the same sample.
 */
import type { MetricSpec } from '../../plan/types.js';
import { DEFAULT_VALUE_LIMIT, type EventValueReader, type ValueSample } from '../event-values.js';
import type { TimeRange } from '../types.js';
import { queryRows, type DuckDB } from './database.js';
import { Params, column, conjunction, eventTable, type Query } from './sql.js';

const SEED = 20_251_120;

/** The SQL for the values and for their count. Pure. */
export function valuesQueries(metric: MetricSpec, field: string, range: TimeRange, limit: number): { values: Query; count: Query } {
  const params = new Params();
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  const where = `ts >= ${from} AND ts <= ${to} AND ${conjunction(metric.where, params)} AND ${column(field)} IS NOT NULL`;
  const inner = `SELECT ${column(field)}::DOUBLE AS v FROM ${eventTable(metric.from)} WHERE ${where}`;
  const size = Math.max(1, Math.floor(limit));
  return {
    values: { sql: `SELECT v FROM (${inner}) USING SAMPLE reservoir(${size} ROWS) REPEATABLE (${SEED})`, params: params.values },
    count: { sql: `SELECT count(*) AS n FROM (${inner})`, params: params.values },
  };
}

export class DuckDBEventValues implements EventValueReader {
  constructor(private readonly db: DuckDB) {}

  async values(metric: MetricSpec, field: string, range: TimeRange, limit = DEFAULT_VALUE_LIMIT): Promise<ValueSample> {
    const q = valuesQueries(metric, field, range, limit);
    return this.db.read(async (c) => {
      const count = await queryRows(c, q.count.sql, q.count.params);
      const rows = await queryRows(c, q.values.sql, q.values.params);
      return { values: rows.map((row) => Number(row.v)), total: Number(count[0]?.n ?? 0) };
    });
  }
}
