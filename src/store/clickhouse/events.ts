/**
 * EventStore on ClickHouse: one table for every event (schema.ts), written by
 * writer.ts, read through consistency.ts so that an id stored twice by two
 * replicas counts once, exactly, at any time. A metric is compiled to its
 * query (src/metrics/compile.ts) and answered by the query's shape; the
 * answers are the embedded store's, row for row (src/store/duckdb/events.ts).
 */
import { compile } from '../../metrics/compile.js';
import { groupFields, shareFraction, valueOverNoEvents, type EventAggregateQuery, type MetricQuery } from '../../metrics/query.js';
import type { EventSpec, MetricSpec, PropertyType, Scalar } from '../../plan/types.js';
import type { AdmittedEvent, AppendResult, EventStore, GroupKey, Measurement, Series, SeriesPoint, StorageProblem, TimeRange } from '../types.js';
import type { ClickHouseConnection, Row } from './connection.js';
import { Consistency, type Duplicates } from './consistency.js';
import { stringLiteral } from './literal.js';
import { funnelSeries, measureFunnel } from './funnel.js';
import { havingSeries, measureHaving } from './having.js';
import { measureRetention, retentionSeries } from './retention.js';
import { prepareEvents, readLayouts, typeConflicts, type Layouts } from './schema.js';
import { columnName, measureQuery, queryFields, seriesQuery } from './sql.js';
import { ClickHouseWriter } from './writer.js';

export class ClickHouseEventStore implements EventStore {
  private layouts: Layouts = new Map();
  private planned: string[] = [];
  private readonly writer: ClickHouseWriter;

  constructor(
    private readonly db: ClickHouseConnection,
    readonly consistency: Consistency,
  ) {
    this.writer = new ClickHouseWriter(db);
  }

  /** The stored property types by event type, as last prepared. */
  storedLayouts(): Layouts {
    return this.layouts;
  }

  async prepare(events: Readonly<Record<string, EventSpec>>): Promise<void> {
    this.layouts = await prepareEvents(this.db, Object.values(events));
    this.planned = Object.values(events).map((e) => e.name);
  }

  /**
   * What prepare(events) would refuse, and the metrics whose query fails on the
   * stored events, changing nothing. A metric that reads a property the plan
   * adds (no column yet) is not run: prepare adds its column.
   */
  async check(events: Readonly<Record<string, EventSpec>>, metrics: readonly MetricSpec[]): Promise<StorageProblem[]> {
    const layouts = await readLayouts(this.db);
    const problems = Object.values(events).flatMap((event) => typeConflicts(event, layouts));
    if (problems.length > 0) return problems;
    for (const metric of metrics) {
      const query = compile(metric);
      if (query.shape === 'figure' || query.shape === 'retention' || query.shape === 'having' || query.shape === 'funnel') continue;
      const stored = layouts.get(query.source.events);
      if (!stored || !queryFields(query).every((f) => f === 'user_id' || f === 'session_id' || stored.has(f))) continue;
      try {
        await this.db.rows(`${measureQuery(query, { from: 0, to: -1 }, [])} LIMIT 0`);
      } catch (error: unknown) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
        problems.push({ kind: 'metric', metric: metric.id, message: `metric "${metric.id}" cannot be computed from the stored events: ${reason}` });
      }
    }
    return problems;
  }

  append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    return this.writer.append(events, this.layouts);
  }

  async measure(metric: MetricSpec, range: TimeRange): Promise<Measurement> {
    const compiled = fromEvents(metric, compile(metric));
    if (compiled.shape === 'retention') return measureRetention(this.db, this.consistency, compiled, range);
    if (compiled.shape === 'having') return measureHaving(this.db, this.consistency, compiled, range, (fields, row) => this.groupOf(compiled.source.events, fields, row));
    if (compiled.shape === 'funnel') return measureFunnel(this.db, this.consistency, compiled, range);
    const type = compiled.source.events;
    const fields = groupFields(compiled);
    const { rows, whole } = await this.consistency.read([type], async (duplicates) => {
      const sql = measureQuery(compiled, range, duplicates.get(type) ?? []);
      if (fields.length === 0) return { rows: [], whole: (await this.db.rows(sql))[0] };
      const result = await this.db.withTotals(sql);
      return { rows: result.data, whole: result.totals };
    });
    const total = Number(whole?.n ?? 0);
    let groups = rows.map((row) => ({ group: this.groupOf(type, fields, row), value: numberOrNull(row.value), events: Number(row.n) }));
    if (compiled.shape === 'share') {
      const all = { value: numberOrNull(whole?.value), events: total };
      groups = groups.filter((g) => Object.values(g.group).every((v) => v !== null)).map((g) => ({ ...g, value: shareFraction(compiled, g, all) }));
    }
    groups.sort((a, b) => b.events - a.events || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
    const value = compiled.shape === 'share' ? null : total === 0 ? valueOverNoEvents(compiled) : numberOrNull(whole?.value);
    return { value, events: total, groups };
  }

  async series(metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
    const compiled = fromEvents(metric, compile(metric));
    if (compiled.shape === 'retention') return retentionSeries(this.db, this.consistency, compiled, range, stepMs);
    if (compiled.shape === 'having') return havingSeries(this.db, this.consistency, compiled, range, stepMs, (fields, row) => this.groupOf(compiled.source.events, fields, row));
    if (compiled.shape === 'funnel') return funnelSeries(this.db, this.consistency, compiled, range, stepMs);
    // Buckets cover [from, to): an event at exactly `to` opens no bucket of its own.
    const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
    const covered = { from: range.from, to: range.from + buckets * stepMs - 1 };
    const type = compiled.source.events;
    const fields = groupFields(compiled);
    const [wholeRows, groupRows] = await this.consistency.read([type], async (duplicates) => {
      const ids = duplicates.get(type) ?? [];
      const whole = await this.db.rows(seriesQuery(compiled, covered, stepMs, ids, false));
      return [whole, fields.length > 0 ? await this.db.rows(seriesQuery(compiled, covered, stepMs, ids, true)) : []] as const;
    });
    return this.seriesFrom(compiled, range, stepMs, buckets, wholeRows, groupRows);
  }

  private seriesFrom(query: EventAggregateQuery, range: TimeRange, stepMs: number, buckets: number, wholeRows: readonly Row[], groupRows: readonly Row[]): Series {
    const empty = valueOverNoEvents(query);
    const fields = groupFields(query);
    const fill = (values: Map<number, number | null>): SeriesPoint[] =>
      Array.from({ length: buckets }, (_, i) => ({ t: range.from + i * stepMs, value: values.has(i) ? (values.get(i) ?? null) : empty }));
    const totals = new Map(wholeRows.map((row) => [Number(row.bucket), Number(row.n)]));
    const whole = new Map(wholeRows.map((row) => [Number(row.bucket), numberOrNull(row.value)]));
    const grouped = new Map<string, { group: GroupKey; values: Map<number, number | null>; counts: Map<number, number> }>();
    for (const row of groupRows) {
      const group = this.groupOf(query.source.events, fields, row);
      const key = JSON.stringify(group);
      let entry = grouped.get(key);
      if (!entry) grouped.set(key, (entry = { group, values: new Map(), counts: new Map() }));
      entry.values.set(Number(row.bucket), numberOrNull(row.value));
      entry.counts.set(Number(row.bucket), Number(row.n));
    }
    if (query.shape === 'share') {
      for (const [key, entry] of grouped) {
        if (Object.values(entry.group).some((v) => v === null)) {
          grouped.delete(key);
          continue;
        }
        for (const [bucket, n] of entry.counts) {
          const all = { value: whole.get(bucket) ?? null, events: totals.get(bucket) ?? n };
          entry.values.set(bucket, shareFraction(query, { value: entry.values.get(bucket) ?? null, events: n }, all));
        }
      }
    }
    return {
      points: query.shape === 'share' ? [] : fill(whole),
      groups: [...grouped.values()].map((entry) => ({ group: entry.group, points: fill(entry.values) })),
    };
  }

  async counts(): Promise<Readonly<Record<string, number>>> {
    const types = this.planned;
    if (types.length === 0) return {};
    const counted = await this.consistency.read(types, (duplicates) => countEvents(this.db, types, '1', duplicates));
    return Object.fromEntries(types.map((type) => [type, counted[type] ?? 0]));
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private groupOf(type: string, fields: readonly string[], row: Row): GroupKey {
    const kinds = this.layouts.get(type);
    const group: Record<string, Scalar | null> = {};
    for (const field of fields) group[field] = scalarOf(row[columnName(field)], kinds?.get(field));
    return group;
  }
}

/** Events by type that match `where` (over the stored columns), each duplicated id once; types without any are left out. */
export async function countEvents(db: ClickHouseConnection, types: readonly string[], where: string, duplicates: Duplicates): Promise<Record<string, number>> {
  const doubled = types
    .filter((t) => (duplicates.get(t) ?? []).length > 0)
    .map((t) => `(type = ${stringLiteral(t)} AND id IN (${(duplicates.get(t) ?? []).map(stringLiteral).join(', ')}))`);
  const dup = doubled.length > 0 ? doubled.join(' OR ') : '0';
  const rows = await db.rows(
    `SELECT type, count() - countIf(${dup}) + uniqExactIf(id, ${dup}) AS n FROM lw_events WHERE type IN (${types.map(stringLiteral).join(', ')}) AND (${where}) GROUP BY type`,
  );
  return Object.fromEntries(rows.map((row) => [String(row.type), Number(row.n)]).filter(([, n]) => Number(n) > 0));
}

/** A stored value as the plan's scalar: booleans are stored as UInt8, 64-bit integers arrive as text. */
export function scalarOf(value: unknown, kind: PropertyType | undefined): Scalar | null {
  if (value === null || value === undefined) return null;
  if (kind === 'boolean') return Number(value) === 1;
  if (kind === 'number') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function fromEvents(metric: MetricSpec, query: MetricQuery): Exclude<MetricQuery, { shape: 'figure' }> {
  if (query.shape === 'figure') throw new Error(`metric ${metric.id} is a ${query.source} figure, not measured from events`);
  return query;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
