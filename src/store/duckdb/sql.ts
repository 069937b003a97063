/**
 * DuckDB SQL for events and metrics. Pure: a metric becomes SQL text plus
 * positional parameters. Identifiers come only from validated plan names
 * (lower-case, digits, _) and are quoted besides; values are always parameters.
 */
import type { Filter, Measure, MetricSpec, PropertyType, Scalar } from '../../plan/types.js';
import { BUILTIN_FIELDS } from '../../plan/types.js';
import type { TimeRange } from '../types.js';

export type Param = Scalar | null | { readonly timestampMs: number };

export interface Query {
  readonly sql: string;
  readonly params: readonly Param[];
}

export const SQL_TYPE: Record<PropertyType, string> = { string: 'VARCHAR', number: 'DOUBLE', boolean: 'BOOLEAN' };

export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function eventTable(type: string): string {
  return quote(`ev_${type}`);
}

/** Builtin fields keep their name; declared properties are stored as p_<name>. */
export function columnName(field: string): string {
  return (BUILTIN_FIELDS as readonly string[]).includes(field) ? field : `p_${field}`;
}

export function column(field: string): string {
  return quote(columnName(field));
}

export class Params {
  readonly values: Param[] = [];
  add(value: Param): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function condition(filter: Filter, params: Params): string {
  const col = column(filter.field);
  const c = filter.condition;
  switch (c.op) {
    case 'eq':
      return `${col} = ${params.add(c.value)}`;
    case 'in':
      return `${col} IN (${c.values.map((v) => params.add(v)).join(', ')})`;
    case 'ne':
      return `${col} IS DISTINCT FROM ${params.add(c.value)}`;
    case 'gt':
      return `${col} > ${params.add(c.value)}`;
    case 'gte':
      return `${col} >= ${params.add(c.value)}`;
    case 'lt':
      return `${col} < ${params.add(c.value)}`;
    case 'lte':
      return `${col} <= ${params.add(c.value)}`;
  }
}

export function conjunction(filters: readonly Filter[], params: Params): string {
  return filters.length === 0 ? 'TRUE' : filters.map((f) => condition(f, params)).join(' AND ');
}

function measureExpression(measure: Measure, per: string | undefined, params: Params): string {
  let expr: string;
  switch (measure.kind) {
    case 'count':
    case 'share':
      expr = 'count(*)::DOUBLE';
      break;
    case 'distinct':
      expr = `count(DISTINCT ${column(measure.field)})::DOUBLE`;
      break;
    case 'ratio':
      expr = `avg(CASE WHEN ${conjunction(measure.match, params)} THEN 1.0 ELSE 0.0 END)`;
      break;
    case 'quantile':
      expr = `quantile_cont(${column(measure.of)}, ${Number(measure.q)})`;
      break;
    case 'mean':
      expr = `avg(${column(measure.of)})`;
      break;
    case 'sum':
      expr = `coalesce(sum(${column(measure.of)}), 0)::DOUBLE`;
      break;
    case 'incidents':
      // Measured from the incidents (src/metrics/incident-figures.ts), never from an event table.
      throw new Error('an incident figure is not measured with SQL over events');
    case 'github':
      // Measured from the stored issues (src/sources/github/figures.ts), never from an event table.
      throw new Error('a github figure is not measured with SQL over events');
    case 'retention':
      // A query of its own over first and last activity per user (src/store/duckdb/retention.ts).
      throw new Error('retention is measured by retentionQuery, not as an aggregate');
  }
  return per === undefined ? expr : `(${expr} / nullif(count(DISTINCT ${column(per)}), 0))`;
}

function baseFilter(metric: MetricSpec, range: TimeRange, params: Params): string {
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  return `ts >= ${from} AND ts <= ${to} AND ${conjunction(metric.where, params)}`;
}

/**
 * One scan for the metric as a whole and per group: GROUPING SETS ((), (by...)).
 * Columns: the group fields, `grouped` (0 for the whole, 1 for a group), `value`, `n`.
 */
export function measureQuery(metric: MetricSpec, range: TimeRange): Query {
  const params = new Params();
  const value = measureExpression(metric.measure, metric.per, params);
  const where = baseFilter(metric, range, params);
  const groups = metric.by.map(column);
  const select = groups.length
    ? `SELECT ${groups.join(', ')}, (GROUPING(${groups.join(', ')}) = 0)::INTEGER AS grouped, ${value} AS value, count(*) AS n`
    : `SELECT 0 AS grouped, ${value} AS value, count(*) AS n`;
  const groupBy = groups.length ? ` GROUP BY GROUPING SETS ((), (${groups.join(', ')}))` : '';
  return { sql: `${select} FROM ${eventTable(metric.from)} WHERE ${where}${groupBy}`, params: params.values };
}

/**
 * The measure per bucket: bucket = floor((epoch_ms(ts) - from) / step).
 * Columns: bucket, the group fields, grouped, value, n.
 */
export function seriesQuery(metric: MetricSpec, range: TimeRange, stepMs: number): Query {
  const params = new Params();
  const value = measureExpression(metric.measure, metric.per, params);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const where = baseFilter(metric, range, params);
  const bucket = `floor((epoch_ms(ts) - ${origin}) / ${step})::BIGINT`;
  const groups = metric.by.map(column);
  const select = groups.length
    ? `SELECT ${bucket} AS bucket, ${groups.join(', ')}, (GROUPING(${groups.join(', ')}) = 0)::INTEGER AS grouped, ${value} AS value, count(*) AS n`
    : `SELECT ${bucket} AS bucket, 0 AS grouped, ${value} AS value, count(*) AS n`;
  const groupBy = groups.length ? `GROUPING SETS ((bucket), (bucket, ${groups.join(', ')}))` : 'bucket';
  return { sql: `${select} FROM ${eventTable(metric.from)} WHERE ${where} GROUP BY ${groupBy} ORDER BY bucket`, params: params.values };
}
