/**
 * DuckDB SQL for events and metrics. Pure: a metric's query (compiled by
 * src/metrics/compile.ts) becomes SQL text plus positional parameters. Identifiers come only from validated plan names
 * (lower-case, digits, _) and are quoted besides; values are always parameters.
 */
import { groupFields, type Aggregate, type EventAggregateQuery } from '../../metrics/query.js';
import type { Filter, PropertyType, Scalar } from '../../plan/types.js';
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
  if ('any' in filter) return `(${filter.any.map((alternative) => `(${conjunction(alternative, params)})`).join(' OR ')})`;
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
  return filters.length === 0 ? 'TRUE' : `(${filters.map((f) => condition(f, params)).join(' AND ')})`;
}

function aggregateExpression(aggregate: Aggregate, params: Params): string {
  switch (aggregate.fn) {
    case 'count':
      return 'count(*)::DOUBLE';
    case 'count_distinct':
      return `count(DISTINCT ${column(aggregate.field)})::DOUBLE`;
    case 'ratio':
      return `avg(CASE WHEN ${conjunction(aggregate.match, params)} THEN 1.0 ELSE 0.0 END)`;
    case 'quantile':
      return `quantile_cont(${column(aggregate.of)}, ${Number(aggregate.q)})`;
    case 'mean':
      return `avg(${column(aggregate.of)})`;
    case 'sum':
      return `coalesce(sum(${column(aggregate.of)}), 0)::DOUBLE`;
    case 'max':
      return `max(${column(aggregate.of)})::DOUBLE`;
    case 'min':
      return `min(${column(aggregate.of)})::DOUBLE`;
    case 'nps': {
      const of = column(aggregate.of);
      return `(100.0 * (count(*) FILTER (WHERE ${of} >= 9) - count(*) FILTER (WHERE ${of} <= 6)) / nullif(count(${of}), 0))`;
    }
  }
}

/** The value column: the aggregate, divided for a `per`; a share counts the events (or distinct users) of each group (events.ts makes them fractions). */
function valueExpression(query: EventAggregateQuery, params: Params): string {
  switch (query.shape) {
    case 'share':
      return query.distinct === undefined ? 'count(*)::DOUBLE' : `count(DISTINCT ${column(query.distinct)})::DOUBLE`;
    case 'aggregate':
      return aggregateExpression(query.aggregate, params);
    case 'per':
      return `(${aggregateExpression(query.aggregate, params)} / nullif(count(DISTINCT ${column(query.per)}), 0))`;
  }
}

function baseFilter(query: EventAggregateQuery, range: TimeRange, params: Params): string {
  const from = params.add({ timestampMs: range.from });
  const to = params.add({ timestampMs: range.to });
  return `ts >= ${from} AND ts <= ${to} AND ${conjunction(query.where, params)}`;
}

/**
 * One scan for the metric as a whole and per group: GROUPING SETS ((), (by...)).
 * Columns: the group fields, `grouped` (0 for the whole, 1 for a group), `value`, `n`.
 */
export function measureQuery(query: EventAggregateQuery, range: TimeRange): Query {
  const params = new Params();
  const value = valueExpression(query, params);
  const where = baseFilter(query, range, params);
  const groups = groupFields(query).map(column);
  const select = groups.length
    ? `SELECT ${groups.join(', ')}, (GROUPING(${groups.join(', ')}) = 0)::INTEGER AS grouped, ${value} AS value, count(*) AS n`
    : `SELECT 0 AS grouped, ${value} AS value, count(*) AS n`;
  const groupBy = groups.length ? ` GROUP BY GROUPING SETS ((), (${groups.join(', ')}))` : '';
  return { sql: `${select} FROM ${eventTable(query.source.events)} WHERE ${where}${groupBy}`, params: params.values };
}

/**
 * The measure per bucket: bucket = floor((epoch_ms(ts) - from) / step).
 * Columns: bucket, the group fields, grouped, value, n.
 */
export function seriesQuery(query: EventAggregateQuery, range: TimeRange, stepMs: number): Query {
  const params = new Params();
  const value = valueExpression(query, params);
  const origin = params.add(range.from);
  const step = params.add(stepMs);
  const where = baseFilter(query, range, params);
  const bucket = `floor((epoch_ms(ts) - ${origin}) / ${step})::BIGINT`;
  const groups = groupFields(query).map(column);
  const select = groups.length
    ? `SELECT ${bucket} AS bucket, ${groups.join(', ')}, (GROUPING(${groups.join(', ')}) = 0)::INTEGER AS grouped, ${value} AS value, count(*) AS n`
    : `SELECT ${bucket} AS bucket, 0 AS grouped, ${value} AS value, count(*) AS n`;
  const groupBy = groups.length ? `GROUPING SETS ((bucket), (bucket, ${groups.join(', ')}))` : 'bucket';
  return { sql: `${select} FROM ${eventTable(query.source.events)} WHERE ${where} GROUP BY ${groupBy} ORDER BY bucket`, params: params.values };
}
