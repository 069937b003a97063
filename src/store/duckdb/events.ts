/**
 * EventStore on DuckDB: one table per declared event type (ev_<type>), typed
 * columns per property (p_<name>). Writing (deduplication, the durable ingest
 * log, loading it into the tables) is event-writer.ts; this module reads. Every
 * read first loads the log, so it sees every event whose append has resolved.
 * A metric is compiled to its query (src/metrics/compile.ts) and answered by
 * the query's shape, never by its kind.
 */
import { compile } from '../../metrics/compile.js';
import { groupFields, shareFraction, valueOverNoEvents, type MetricQuery } from '../../metrics/query.js';
import type { EventSpec, MetricSpec, Scalar } from '../../plan/types.js';
import type { AdmittedEvent, AppendResult, EventStore, GroupKey, Measurement, Series, SeriesPoint, StorageProblem, TimeRange } from '../types.js';
import { queryRows, type DuckDB } from './database.js';
import { EventWriter } from './event-writer.js';
import type { EncodedAppend, EncodedEvents, LogEncoding } from './log-format.js';
import { funnelSeries, measureFunnel } from './funnel.js';
import { havingSeries, measureHaving } from './having.js';
import { measureRetention, retentionSeries } from './retention.js';
import { columnName, eventTable, measureQuery, seriesQuery } from './sql.js';

export class DuckDBEventStore implements EventStore, EncodedAppend {
  private readonly writer: EventWriter;
  /** The event types of the plan last prepared. */
  private planned: string[] = [];

  constructor(private readonly db: DuckDB) {
    this.writer = new EventWriter(db);
  }

  async prepare(events: Readonly<Record<string, EventSpec>>): Promise<void> {
    await this.writer.prepare(events);
    this.planned = Object.values(events).map((e) => e.name);
  }

  check(events: Readonly<Record<string, EventSpec>>, metrics: readonly MetricSpec[]): Promise<StorageProblem[]> {
    return this.writer.check(events, metrics);
  }

  append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    return this.writer.append(events);
  }

  /** Called with each ingest-log segment DuckDB could not read, once it is moved to the quarantine. */
  onQuarantine(listener: (quarantined: { readonly path: string; readonly error: string }) => void): void {
    this.writer.onQuarantine(listener);
  }

  /** How ingest encodes events for appendEncoded (log-format.ts); fixed once the store is prepared. */
  encoding(): LogEncoding {
    return this.writer.encoding();
  }

  appendEncoded(batches: readonly EncodedEvents[]): Promise<AppendResult> {
    return this.writer.appendEncoded(batches);
  }

  async measure(metric: MetricSpec, range: TimeRange): Promise<Measurement> {
    const compiled = fromEvents(metric, compile(metric));
    if (compiled.shape === 'retention') return measureRetention(this.db, compiled, range);
    if (compiled.shape === 'having') return measureHaving(this.db, compiled, range, groupOf);
    if (compiled.shape === 'funnel') return measureFunnel(this.db, compiled, range);
    const query = measureQuery(compiled, range);
    const rows = await this.db.read((connection) => queryRows(connection, query.sql, query.params));
    const whole = rows.find((row) => Number(row.grouped) === 0);
    const total = Number(whole?.n ?? 0);
    const fields = groupFields(compiled);
    let groups = rows
      .filter((row) => Number(row.grouped) === 1)
      .map((row) => ({ group: groupOf(fields, row), value: numberOrNull(row.value), events: Number(row.n) }));
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
    if (compiled.shape === 'retention') return retentionSeries(this.db, compiled, range, stepMs);
    if (compiled.shape === 'having') return havingSeries(this.db, compiled, range, stepMs, groupOf);
    if (compiled.shape === 'funnel') return funnelSeries(this.db, compiled, range, stepMs);
    // Buckets cover [from, to): an event at exactly `to` opens no bucket of its own.
    const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
    const query = seriesQuery(compiled, { from: range.from, to: range.from + buckets * stepMs - 1 }, stepMs);
    const rows = await this.db.read((connection) => queryRows(connection, query.sql, query.params));
    const empty = valueOverNoEvents(compiled);
    const fields = groupFields(compiled);
    const fill = (values: Map<number, number | null>): SeriesPoint[] =>
      Array.from({ length: buckets }, (_, i) => ({ t: range.from + i * stepMs, value: values.has(i) ? (values.get(i) ?? null) : empty }));

    const totals = new Map<number, number>();
    const whole = new Map<number, number | null>();
    const grouped = new Map<string, { group: GroupKey; values: Map<number, number | null>; counts: Map<number, number> }>();
    for (const row of rows) {
      const bucket = Number(row.bucket);
      if (Number(row.grouped) === 0) {
        whole.set(bucket, numberOrNull(row.value));
        totals.set(bucket, Number(row.n));
        continue;
      }
      const group = groupOf(fields, row);
      const key = JSON.stringify(group);
      let entry = grouped.get(key);
      if (!entry) grouped.set(key, (entry = { group, values: new Map(), counts: new Map() }));
      entry.values.set(bucket, numberOrNull(row.value));
      entry.counts.set(bucket, Number(row.n));
    }
    if (compiled.shape === 'share') {
      for (const [key, entry] of grouped) {
        if (Object.values(entry.group).some((v) => v === null)) {
          grouped.delete(key);
          continue;
        }
        for (const [bucket, n] of entry.counts) {
          const all = { value: whole.get(bucket) ?? null, events: totals.get(bucket) ?? n };
          entry.values.set(bucket, shareFraction(compiled, { value: entry.values.get(bucket) ?? null, events: n }, all));
        }
      }
    }
    const shareEmpty = compiled.shape === 'share';
    return {
      points: shareEmpty ? [] : fill(whole),
      groups: [...grouped.values()].map((entry) => ({ group: entry.group, points: fill(entry.values) })),
    };
  }

  async counts(): Promise<Readonly<Record<string, number>>> {
    const types = this.planned;
    if (types.length === 0) return {};
    const sql = types.map((type, i) => `SELECT $${i + 1} AS type, count(*) AS n FROM ${eventTable(type)}`).join(' UNION ALL ');
    const rows = await this.db.read((connection) => queryRows(connection, sql, types));
    return Object.fromEntries(rows.map((row) => [String(row.type), Number(row.n)]));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** The query, when the events answer it; a figure (incidents, GitHub issues) is its figure source's (src/metrics/figure-source.ts). */
function fromEvents(metric: MetricSpec, query: MetricQuery): Exclude<MetricQuery, { shape: 'figure' }> {
  if (query.shape === 'figure') throw new Error(`metric ${metric.id} is a ${query.source} figure, not measured from events`);
  return query;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function groupOf(fields: readonly string[], row: Record<string, unknown>): GroupKey {
  const group: Record<string, Scalar | null> = {};
  for (const field of fields) {
    const value = row[columnName(field)];
    group[field] = value === null || value === undefined ? null : typeof value === 'bigint' ? Number(value) : (value as Scalar);
  }
  return group;
}
