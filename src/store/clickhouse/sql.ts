/**
 * ClickHouse SQL for events and metrics, in the subset 18.16 and 24.x both
 * run: times are Int64 epoch milliseconds, buckets integer divisions, no
 * GROUPING SETS (the whole comes from WITH TOTALS or its own query). Pure: a
 * compiled metric query (src/metrics/query.ts) and the duplicated ids to
 * remove become SQL text; every value is a literal from literal.ts, every
 * identifier a validated plan name.
 *
 * Reads go through `source()`: the events of one type with the columns a
 * query needs, as `id, ts, user_id, session_id, p_<property>`; the ids listed
 * as stored twice (consistency.ts) come once, the copy with the highest `ver`,
 * as merges keep it.
 */
import { groupFields, type Aggregate, type EventAggregateQuery } from '../../metrics/query.js';
import type { Filter } from '../../plan/types.js';
import { BUILTIN_FIELDS, filterFields } from '../../plan/types.js';
import type { TimeRange } from '../types.js';
import { floatLiteral, identifier, int64Literal, scalarLiteral, stringLiteral } from './literal.js';
import { propertyColumn } from './schema.js';

/** Builtin fields keep their name; declared properties are read as p_<name>. */
export function columnName(field: string): string {
  return (BUILTIN_FIELDS as readonly string[]).includes(field) ? field : `p_${field}`;
}

export function column(field: string): string {
  return identifier(columnName(field));
}

function isBuiltin(field: string): boolean {
  return (BUILTIN_FIELDS as readonly string[]).includes(field);
}

/**
 * The events of `type` with `ts`, the given fields (builtins and properties)
 * and, with `withId`, `id`: each id once. Rows outside `prefilter` (a
 * condition on the stored columns) may be left out of the ids that are not
 * duplicated; the caller still applies its own conditions.
 */
export function source(type: string, fields: readonly string[], duplicates: readonly string[], prefilter = '', withId = false): string {
  const wanted = [...new Set(fields)];
  const builtins = BUILTIN_FIELDS.filter((f) => wanted.includes(f));
  const props = wanted.filter((p) => !isBuiltin(p));
  const stored = [...(withId ? ['id'] : []), 'ts', ...builtins, ...props.map((p) => identifier(propertyColumn(type, p)))];
  const names = [...(withId ? ['id'] : []), 'ts', ...builtins, ...props.map(columnName)];
  const select = stored.map((s, i) => (s === names[i] ? s : `${s} AS ${identifier(names[i] ?? '')}`)).join(', ');
  const isType = `type = ${stringLiteral(type)}`;
  const extra = prefilter ? ` AND ${prefilter}` : '';
  if (duplicates.length === 0) return `(SELECT ${select} FROM lw_events WHERE ${isType}${extra})`;
  const ids = `(${duplicates.map(stringLiteral).join(', ')})`;
  const plain = `SELECT ${select} FROM lw_events WHERE ${isType} AND id NOT IN ${ids}${extra}`;
  const once =
    `SELECT ${names.map((name, i) => `r.${i + 1} AS ${identifier(name)}`).join(', ')} ` +
    `FROM (SELECT argMax(tuple(${stored.join(', ')}), ver) AS r FROM lw_events WHERE ${isType} AND id IN ${ids} GROUP BY id)`;
  return `(SELECT * FROM (${plain} UNION ALL ${once}))`;
}

function condition(filter: Filter): string {
  if ('any' in filter) return `(${filter.any.map((alternative) => `(${conjunction(alternative)})`).join(' OR ')})`;
  const col = column(filter.field);
  const c = filter.condition;
  switch (c.op) {
    case 'eq':
      return `${col} = ${scalarLiteral(c.value)}`;
    case 'in':
      return `(isNotNull(${col}) AND ${col} IN (${c.values.map(scalarLiteral).join(', ')}))`;
    case 'ne':
      return `(isNull(${col}) OR ${col} != ${scalarLiteral(c.value)})`;
    case 'gt':
      return `${col} > ${scalarLiteral(c.value)}`;
    case 'gte':
      return `${col} >= ${scalarLiteral(c.value)}`;
    case 'lt':
      return `${col} < ${scalarLiteral(c.value)}`;
    case 'lte':
      return `${col} <= ${scalarLiteral(c.value)}`;
  }
}

export function conjunction(filters: readonly Filter[]): string {
  return filters.length === 0 ? '1' : `(${filters.map(condition).join(' AND ')})`;
}

/** The continuous quantile with linear interpolation between closest ranks, as DuckDB's quantile_cont computes it, over the sorted values. */
function quantileExpression(of: string, q: number): string {
  const sorted = `arraySort(groupArray(${column(of)}))`;
  const n = `length(${sorted})`;
  const position = `((${n} - 1) * ${floatLiteral(q)})`;
  const low = `arrayElement(${sorted}, toUInt64(floor(${position})) + 1)`;
  const high = `arrayElement(${sorted}, toUInt64(ceil(${position})) + 1)`;
  return `if(${n} = 0, NULL, ${low} + (${high} - ${low}) * (${position} - floor(${position})))`;
}

function aggregateExpression(aggregate: Aggregate): string {
  switch (aggregate.fn) {
    case 'count':
      return 'toFloat64(count())';
    case 'count_distinct':
      return `toFloat64(ifNull(uniqExact(${column(aggregate.field)}), 0))`;
    case 'ratio':
      // A condition on a property the event lacks is NULL: not a match, as on DuckDB. Without ifNull,
      // countIf over only such events is NULL (ClickHouse's aggregates of Nullable), not 0.
      return `countIf(ifNull(${conjunction(aggregate.match)}, 0)) / count()`;
    case 'quantile':
      return quantileExpression(aggregate.of, Number(aggregate.q));
    case 'mean':
      return `if(count(${column(aggregate.of)}) = 0, NULL, avg(${column(aggregate.of)}))`;
    case 'sum':
      return `toFloat64(ifNull(sum(${column(aggregate.of)}), 0))`;
    case 'max':
    case 'min':
      return `if(count(${column(aggregate.of)}) = 0, NULL, toFloat64(${aggregate.fn}(${column(aggregate.of)})))`;
    case 'nps': {
      const of = column(aggregate.of);
      return `if(count(${of}) = 0, NULL, 100 * (toFloat64(countIf(${of} >= 9)) - toFloat64(countIf(${of} <= 6))) / count(${of}))`;
    }
  }
}

function valueExpression(query: EventAggregateQuery): string {
  switch (query.shape) {
    case 'share':
      return query.distinct === undefined ? 'toFloat64(count())' : `toFloat64(ifNull(uniqExact(${column(query.distinct)}), 0))`;
    case 'aggregate':
      return aggregateExpression(query.aggregate);
    case 'per':
      return `if(ifNull(uniqExact(${column(query.per)}), 0) = 0, NULL, ${aggregateExpression(query.aggregate)} / uniqExact(${column(query.per)}))`;
  }
}

function aggregateFields(aggregate: Aggregate): string[] {
  switch (aggregate.fn) {
    case 'count':
      return [];
    case 'count_distinct':
      return [aggregate.field];
    case 'ratio':
      return filterFields(aggregate.match);
    case 'quantile':
    case 'mean':
    case 'sum':
    case 'max':
    case 'min':
    case 'nps':
      return [aggregate.of];
  }
}

/** Every field the query reads. */
export function queryFields(query: EventAggregateQuery): string[] {
  const fields = [...filterFields(query.where), ...groupFields(query)];
  if (query.shape !== 'share') fields.push(...aggregateFields(query.aggregate));
  if (query.shape === 'share' && query.distinct !== undefined) fields.push(query.distinct);
  if (query.shape === 'per') fields.push(query.per);
  return fields;
}

function rangeCondition(range: TimeRange): string {
  return `ts >= ${int64Literal(range.from)} AND ts <= ${int64Literal(range.to)}`;
}

function from(query: EventAggregateQuery, range: TimeRange, duplicates: readonly string[]): string {
  return `${source(query.source.events, queryFields(query), duplicates, rangeCondition(range))} WHERE ${rangeCondition(range)} AND ${conjunction(query.where)}`;
}

/**
 * The measure for the whole and per group in one query: groups as rows, the
 * whole as WITH TOTALS (read as JSON). Columns: the group fields, `value`, `n`.
 */
export function measureQuery(query: EventAggregateQuery, range: TimeRange, duplicates: readonly string[]): string {
  const groups = groupFields(query).map(column);
  const select = `SELECT ${[...groups, `${valueExpression(query)} AS value`, 'count() AS n'].join(', ')} FROM ${from(query, range, duplicates)}`;
  return groups.length ? `${select} GROUP BY ${groups.join(', ')} WITH TOTALS` : select;
}

/**
 * The measure per bucket, `bucket` = (ts − from) div step: for the whole
 * (`grouped` false) or per group. Columns: bucket, the group fields, value, n.
 */
export function seriesQuery(query: EventAggregateQuery, range: TimeRange, stepMs: number, duplicates: readonly string[], grouped: boolean): string {
  const groups = grouped ? groupFields(query).map(column) : [];
  const bucket = `intDiv(ts - ${int64Literal(range.from)}, ${int64Literal(stepMs)}) AS bucket`;
  const select = [bucket, ...groups, `${valueExpression(query)} AS value`, 'count() AS n'].join(', ');
  return `SELECT ${select} FROM ${from(query, range, duplicates)} GROUP BY ${['bucket', ...groups].join(', ')} ORDER BY bucket`;
}
