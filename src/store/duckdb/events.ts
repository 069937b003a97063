/**
 * EventStore on DuckDB: one table per declared event type (ev_<type>), typed
 * columns per property (p_<name>), primary key on the event id so that a
 * retried event is stored once. A batch is appended into per-connection
 * staging tables and moved in one transaction: it is durable when append() resolves.
 */
import { BOOLEAN, DOUBLE, DuckDBDataChunk, TIMESTAMP, VARCHAR, timestampValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { EventSpec, MetricSpec, PropertyType, Scalar } from '../../plan/types.js';
import { LaunchwatchError } from '../../errors.js';
import type { AdmittedEvent, AppendResult, EventStore, GroupKey, Measurement, Series, SeriesPoint, TimeRange } from '../types.js';
import { inTransaction, queryRows, type DuckDB } from './database.js';
import { SQL_TYPE, columnName, eventTable, measureQuery, quote, seriesQuery } from './sql.js';

const CHUNK_ROWS = 2048;
const ENVELOPE = ['id', 'ts', 'user_id', 'session_id'] as const;

interface TableLayout {
  /** Property names in column order after the envelope. */
  readonly properties: readonly string[];
  readonly types: readonly DuckDBType[];
}

const DUCK_TYPE: Record<PropertyType, DuckDBType> = { string: VARCHAR, number: DOUBLE, boolean: BOOLEAN };

function micros(ms: number): DuckDBValue {
  return timestampValue(BigInt(Math.round(ms)) * 1000n);
}

export class DuckDBEventStore implements EventStore {
  private layouts = new Map<string, TableLayout>();

  constructor(private readonly db: DuckDB) {}

  async prepare(events: Readonly<Record<string, EventSpec>>): Promise<void> {
    await this.db.write(async (connection) => {
      const layouts = new Map<string, TableLayout>();
      for (const event of Object.values(events)) {
        layouts.set(event.name, await this.prepareTable(connection, event));
      }
      this.layouts = layouts;
    });
  }

  private async prepareTable(connection: DuckDBConnection, event: EventSpec): Promise<TableLayout> {
    const table = eventTable(event.name);
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${table} (id VARCHAR PRIMARY KEY, ts TIMESTAMP NOT NULL, user_id VARCHAR, session_id VARCHAR)`,
    );
    const existing = await queryRows(
      connection,
      `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
      [`ev_${event.name}`],
    );
    const stored = new Map(existing.map((row) => [String(row.name), String(row.type)]));
    for (const [property, spec] of Object.entries(event.properties)) {
      const name = columnName(property);
      const storedType = stored.get(name);
      const wanted = SQL_TYPE[spec.type];
      if (storedType === undefined) {
        await connection.run(`ALTER TABLE ${table} ADD COLUMN ${quote(name)} ${wanted}`);
        stored.set(name, wanted);
      } else if (storedType !== wanted) {
        throw new LaunchwatchError(
          'plan_conflict',
          `property "${property}" of event "${event.name}" is stored as ${storedType.toLowerCase()} but the plan now declares ${spec.type}; give the property a new name instead of changing its type`,
        );
      }
    }
    // Columns in table order: envelope first, then every stored property (declared now or earlier).
    const properties = [...stored.keys()].filter((name) => !(ENVELOPE as readonly string[]).includes(name)).map((name) => name.slice(2));
    const types = properties.map((p) => {
      const spec = event.properties[p];
      if (spec) return DUCK_TYPE[spec.type];
      const storedType = stored.get(columnName(p));
      return storedType === 'DOUBLE' ? DOUBLE : storedType === 'BOOLEAN' ? BOOLEAN : VARCHAR;
    });
    const stage = quote(`stage_${event.name}`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${table} LIMIT 0`);
    return { properties, types: [VARCHAR, TIMESTAMP, VARCHAR, VARCHAR, ...types] };
  }

  async append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    const stored = events.map(() => true);
    const byType = new Map<string, AdmittedEvent[]>();
    const positions = new Map<string, number>();
    const slot = (event: AdmittedEvent): string => `${event.type}\u0000${event.id}`;
    events.forEach((event, i) => {
      if (positions.has(slot(event))) {
        stored[i] = false;
        return;
      }
      positions.set(slot(event), i);
      let list = byType.get(event.type);
      if (!list) byType.set(event.type, (list = []));
      list.push(event);
    });
    if (byType.size === 0) return { stored };
    await this.db.write(async (connection) => {
      for (const [type, list] of byType) await this.stage(connection, type, list);
      try {
        await inTransaction(connection, async () => {
          for (const [type, list] of byType) {
            const stage = quote(`stage_${type}`);
            const inserted = await queryRows(connection, `INSERT INTO ${eventTable(type)} SELECT * FROM ${stage} ON CONFLICT DO NOTHING RETURNING id`);
            if (inserted.length === list.length) continue;
            const insertedIds = new Set(inserted.map((row) => String(row.id)));
            for (const event of list) {
              const position = positions.get(slot(event));
              if (!insertedIds.has(event.id) && position !== undefined) stored[position] = false;
            }
          }
        });
      } finally {
        for (const type of byType.keys()) await connection.run(`DELETE FROM ${quote(`stage_${type}`)}`);
      }
    });
    return { stored };
  }

  private async stage(connection: DuckDBConnection, type: string, events: readonly AdmittedEvent[]): Promise<void> {
    const layout = this.layouts.get(type);
    if (!layout) throw new LaunchwatchError('unknown_event', `event type "${type}" is not prepared`);
    // Empty first: a batch that failed before its transaction may have left rows behind.
    await connection.run(`DELETE FROM ${quote(`stage_${type}`)}`);
    const appender = await connection.createAppender(`stage_${type}`, 'main', 'temp');
    try {
      for (let offset = 0; offset < events.length; offset += CHUNK_ROWS) {
        const slice = events.slice(offset, offset + CHUNK_ROWS);
        const columns: DuckDBValue[][] = [
          slice.map((e) => e.id),
          slice.map((e) => micros(e.ts)),
          slice.map((e) => e.userId),
          slice.map((e) => e.sessionId),
          ...layout.properties.map((p) => slice.map((e) => e.properties[p] ?? null)),
        ];
        const chunk = DuckDBDataChunk.create(layout.types, slice.length);
        chunk.setColumns(columns);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async measure(metric: MetricSpec, range: TimeRange): Promise<Measurement> {
    const query = measureQuery(metric, range);
    const rows = await this.db.read((connection) => queryRows(connection, query.sql, query.params));
    const whole = rows.find((row) => Number(row.grouped) === 0);
    const total = Number(whole?.n ?? 0);
    let groups = rows
      .filter((row) => Number(row.grouped) === 1)
      .map((row) => ({ group: groupOf(metric, row), value: numberOrNull(row.value), events: Number(row.n) }));
    if (metric.measure.kind === 'share') {
      groups = groups
        .filter((g) => Object.values(g.group).every((v) => v !== null))
        .map((g) => ({ ...g, value: total > 0 ? g.events / total : null }));
    }
    groups.sort((a, b) => b.events - a.events || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
    const value = metric.measure.kind === 'share' ? null : total === 0 ? emptyValue(metric) : numberOrNull(whole?.value);
    return { value, events: total, groups };
  }

  async series(metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
    // Buckets cover [from, to): an event at exactly `to` opens no bucket of its own.
    const buckets = Math.max(1, Math.ceil((range.to - range.from) / stepMs));
    const query = seriesQuery(metric, { from: range.from, to: range.from + buckets * stepMs - 1 }, stepMs);
    const rows = await this.db.read((connection) => queryRows(connection, query.sql, query.params));
    const empty = emptyValue(metric);
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
      const group = groupOf(metric, row);
      const key = JSON.stringify(group);
      let entry = grouped.get(key);
      if (!entry) grouped.set(key, (entry = { group, values: new Map(), counts: new Map() }));
      entry.values.set(bucket, numberOrNull(row.value));
      entry.counts.set(bucket, Number(row.n));
    }
    if (metric.measure.kind === 'share') {
      for (const [key, entry] of grouped) {
        if (Object.values(entry.group).some((v) => v === null)) {
          grouped.delete(key);
          continue;
        }
        for (const [bucket, n] of entry.counts) entry.values.set(bucket, n / (totals.get(bucket) ?? n));
      }
    }
    const shareEmpty = metric.measure.kind === 'share';
    return {
      points: shareEmpty ? [] : fill(whole),
      groups: [...grouped.values()].map((entry) => ({ group: entry.group, points: fill(entry.values) })),
    };
  }

  async counts(): Promise<Readonly<Record<string, number>>> {
    const types = [...this.layouts.keys()];
    if (types.length === 0) return {};
    const sql = types.map((type, i) => `SELECT $${i + 1} AS type, count(*) AS n FROM ${eventTable(type)}`).join(' UNION ALL ');
    const rows = await this.db.read((connection) => queryRows(connection, sql, types));
    return Object.fromEntries(rows.map((row) => [String(row.type), Number(row.n)]));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** Count-like measures are zero over no events; the others have no value. */
function emptyValue(metric: MetricSpec): number | null {
  const kind = metric.measure.kind;
  return metric.per === undefined && (kind === 'count' || kind === 'distinct' || kind === 'sum') ? 0 : null;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function groupOf(metric: MetricSpec, row: Record<string, unknown>): GroupKey {
  const group: Record<string, Scalar | null> = {};
  for (const field of metric.by) {
    const value = row[columnName(field)];
    group[field] = value === null || value === undefined ? null : typeof value === 'bigint' ? Number(value) : (value as Scalar);
  }
  return group;
}
