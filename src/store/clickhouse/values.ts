/**
 * Raw values of one numeric property on ClickHouse, for the rank tests of
 * release impact: the metric's own filter over the deduplicated events. Above
 * the limit, the values of the events whose id hashes lowest (sipHash64): a
 * uniform sample, the same for the same data.
 */
import { filterFields, type MetricSpec } from '../../plan/types.js';
import { DEFAULT_VALUE_LIMIT, type EventValueReader, type ValueSample } from '../event-values.js';
import type { TimeRange } from '../types.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency } from './consistency.js';
import { int64Literal } from './literal.js';
import { column, conjunction, source } from './sql.js';

/** The SQL for the values and for their count. Pure. */
export function valuesQueries(metric: MetricSpec, field: string, range: TimeRange, limit: number, duplicates: readonly string[]): { values: string; count: string } {
  const inRange = `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
  const events = source(metric.from, [field, ...filterFields(metric.where)], duplicates, inRange, true);
  const col = column(field);
  const where = `${inRange} AND ${conjunction(metric.where)} AND isNotNull(${col})`;
  const size = int64Literal(Math.max(1, Math.floor(limit)));
  return {
    values: `SELECT toFloat64(${col}) AS v FROM ${events} WHERE ${where} ORDER BY sipHash64(id), id LIMIT ${size}`,
    count: `SELECT count() AS n FROM ${events} WHERE ${where}`,
  };
}

export class ClickHouseEventValues implements EventValueReader {
  constructor(
    private readonly db: ClickHouseConnection,
    private readonly consistency: Consistency,
  ) {}

  values(metric: MetricSpec, field: string, range: TimeRange, limit = DEFAULT_VALUE_LIMIT): Promise<ValueSample> {
    return this.consistency.read([metric.from], async (duplicates) => {
      const q = valuesQueries(metric, field, range, limit, duplicates.get(metric.from) ?? []);
      const [count] = await this.db.rows(q.count);
      const rows = await this.db.rows(q.values);
      return { values: rows.map((row) => Number(row.v)), total: Number(count?.n ?? 0) };
    });
  }
}
