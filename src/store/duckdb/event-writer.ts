/**
 * The write side of the DuckDB event store. append() decides duplicates in
 * memory (IdHashSet, hits confirmed against the stored rows), writes the new
 * events as one frame of the ingest log and fdatasyncs it: the batch is durable
 * when append() resolves. The log is loaded into the ev_<type> tables off the
 * request path, in large batches, by DuckDB's own CSV reader; every read of the
 * database first loads what the log holds (DuckDB.onBeforeRead), so readers see
 * every event whose append has resolved. A segment's rows and the number of the
 * last loaded segment are committed in one transaction, so a segment is never
 * loaded twice, also after a crash between that commit and deleting its file.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LaunchwatchError } from '../../errors.js';
import { compile } from '../../metrics/compile.js';
import type { EventSpec, MetricSpec, PropertyType } from '../../plan/types.js';
import type { AdmittedEvent, AppendResult, StorageProblem } from '../types.js';
import { isDiskFull } from '../disk-full.js';
import { Mutex, exec, inTransaction, queryRows, sqlString, toDuckValue, type DuckDB } from './database.js';
import { IdHashSet, hashId } from './id-set.js';
import { saveIdSet, takeIdSet, type IdSetStamp } from './id-file.js';
import { IngestLog, type Segment } from './ingest-log.js';
import { encodeBatch, idAt, lineAt, linesText, typeAt, type EncodedEvents, type LogEncoding } from './log-format.js';
import { SQL_TYPE, columnName, eventTable, measureQuery, quote, type Query } from './sql.js';
import { funnelQuery } from './funnel.js';
import { havingQuery } from './having.js';
import { migrateEventTables, storedLayouts, type StoredLayout } from './event-tables.js';

/** Load the log once this many events wait in it, without waiting for a reader or the timer. */
const LOAD_EVENTS = 200_000;
/** Otherwise load at the latest this long after an append. */
const LOAD_DELAY_MS = 1_000;
/** Ids per confirmation query. */
const CONFIRM_CHUNK = 1_000;
/** Rows whose ids one query of the id-set rebuild reads (about 30 MB of ids). */
const ID_RANGE = 1 << 20;

export class EventWriter {
  private layouts = new Map<string, StoredLayout>();
  private width = 0;
  private ids = new IdHashSet();
  private log: IngestLog | undefined;
  private readonly appendLock = new Mutex();
  /** Frames made durable, and frames whose rows DuckDB has committed. */
  private written = 0;
  private loaded = 0;
  private waiting = 0;
  private loading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Started on a full disk: the log's segments are not loaded yet, so the id set is not built. */
  private unloadedAtStart = false;
  /** The id set being read from the stored ids at the first prepare: reads go on meanwhile, appends wait for it. */
  private idsReady: Promise<void> | undefined;
  /** Whether `ids` holds every stored id (built or read from the saved file), so that it may be saved at close. */
  private idsComplete = false;
  private readonly quarantineListeners: ((quarantined: { readonly path: string; readonly error: string }) => void)[] = [];

  constructor(private readonly db: DuckDB) {
    db.onBeforeRead(() => this.flush());
    db.onBeforeClose(() => this.close());
  }

  /**
   * Loads what the log holds before the tables change. On a full disk the
   * start goes on without loading (the segments wait in the log, and reads
   * answer without them) as long as the plan needs no new table or column;
   * otherwise it cannot start until space is freed. False when the tables
   * are left as they are.
   */
  private async loadAtStart(events: Readonly<Record<string, EventSpec>>): Promise<boolean> {
    try {
      await this.flush();
      return true;
    } catch (error: unknown) {
      if (!isDiskFull(error)) throw error;
      const missing = Object.values(events).filter((event) => {
        const layout = this.layouts.get(event.name);
        return !layout || Object.keys(event.properties).some((p) => !layout.properties.includes(p));
      });
      if (missing.length > 0) {
        throw new LaunchwatchError(
          'insufficient_storage',
          `disk full: cannot load the ingest log and add the tables or columns of event "${missing[0]?.name ?? ''}" the plan declares; free space in the data directory and start again (${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''})`,
        );
      }
      return false;
    }
  }

  /** Event types that have a table, and their stored columns. */
  tables(): ReadonlyMap<string, StoredLayout> {
    return this.layouts;
  }

  /** Loads what an earlier run left in the log, then creates or extends the tables for the plan's events. */
  async prepare(events: Readonly<Record<string, EventSpec>>): Promise<void> {
    await this.appendLock.run(async () => {
      // Prepared again (a plan reload): the id set is kept current by every append, so it is read only once.
      const first = this.log === undefined;
      this.log ??= await IngestLog.open(this.db.logDir);
      await this.db.write(async (connection) => {
        await connection.run('CREATE TABLE IF NOT EXISTS ingest_log_state (loaded_segment BIGINT NOT NULL)');
        await migrateEventTables(connection);
        this.setLayouts(await storedLayouts(connection));
        this.log?.startAfter(await loadedSegment(connection));
      });
      // Rows in the log were written with the tables as they are now: load them before any column is added.
      if (!(await this.loadAtStart(events))) {
        // The id set is built once the log is loaded: until then, appends wait for room (appendEncoded).
        if (first) this.unloadedAtStart = true;
        return;
      }
      await this.db.write(async (connection) => {
        for (const event of Object.values(events)) await prepareTable(connection, event);
        this.setLayouts(await storedLayouts(connection));
      });
      if (first) await this.openIds();
    });
  }

  /**
   * The id set at the first prepare: the one saved at the last clean stop when
   * the store is as it was then; else built in the background (the server
   * answers reads and /healthz at once; the first append waits for it).
   */
  private async openIds(): Promise<void> {
    const file = this.db.idFile;
    const saved = file ? await takeIdSet(file, await this.stamp()).catch(() => undefined) : undefined;
    if (!saved) {
      this.buildIds();
      return;
    }
    this.ids = saved;
    this.idsComplete = true;
  }

  /** What the tables hold now, to compare with a saved id set's stamp. */
  private async stamp(): Promise<IdSetStamp> {
    return this.db.read(async (connection) => {
      let stored = 0;
      for (const type of this.layouts.keys()) stored += Number((await queryRows(connection, `SELECT count(*) AS n FROM ${eventTable(type)}`))[0]?.n ?? 0);
      return { loadedSegment: await loadedSegment(connection), stored };
    });
  }

  /** At a clean stop, once every event is loaded: the id set saved for the next start. A failure only costs that start a rebuild. */
  private async saveIds(): Promise<void> {
    const file = this.db.idFile;
    if (!file || !this.idsComplete || this.unloadedAtStart) return;
    await saveIdSet(file, this.ids, await this.stamp()).catch(() => undefined);
  }

  private buildIds(): void {
    const building = this.readIds().then((ids) => {
      this.ids = ids;
      this.idsComplete = true;
    });
    building.catch(() => undefined); // answered to the append that waits for it, which builds it again
    this.idsReady = building;
  }

  /** Waits for the id set; when reading it failed, the failure is this append's and the next one reads it again. */
  private async idsBuilt(): Promise<void> {
    try {
      await this.idsReady;
    } catch (error: unknown) {
      this.buildIds();
      throw error;
    }
  }

  /** After a start on a full disk: loads the log and builds the id set, so that deduplication sees every stored event. */
  private async finishStart(): Promise<void> {
    await this.flush();
    this.ids = await this.readIds();
    this.idsComplete = true;
    this.unloadedAtStart = false;
  }

  /**
   * What prepare(events) would refuse, changing nothing: the tables are
   * extended in a transaction that is rolled back, and each metric's query is
   * compiled against them there. One message per problem, naming the event
   * and property or the metric.
   */
  async check(events: Readonly<Record<string, EventSpec>>, metrics: readonly MetricSpec[]): Promise<StorageProblem[]> {
    return this.db.write(async (connection) => {
      const problems: StorageProblem[] = [];
      await connection.run('BEGIN TRANSACTION');
      try {
        for (const event of Object.values(events)) {
          const conflicts = typeConflicts(event, await storedColumns(connection, event.name));
          problems.push(...conflicts);
          if (conflicts.length === 0) await prepareTable(connection, event);
        }
        if (problems.length > 0) return problems;
        for (const metric of metrics) {
          const query = eventQuery(metric);
          if (!query) continue;
          try {
            await connection.run(`EXPLAIN ${query.sql}`, query.params.map(toDuckValue));
          } catch (error: unknown) {
            const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
            problems.push({ kind: 'metric', metric: metric.id, message: `metric "${metric.id}" cannot be computed from the stored events: ${reason}` });
          }
        }
        return problems;
      } finally {
        await connection.run('ROLLBACK');
      }
    });
  }

  /** How events are encoded for the log: plain data, for encoding off the main thread. */
  encoding(): LogEncoding {
    return { layouts: this.layouts, width: this.width };
  }

  append(events: readonly AdmittedEvent[]): Promise<AppendResult> {
    return this.appendEncoded([encodeBatch(events, this.encoding())]);
  }

  /**
   * Stores encoded batches as one frame of the log; `stored` runs over the
   * batches' events in order. The batches must have been encoded with this
   * writer's current encoding().
   */
  async appendEncoded(batches: readonly EncodedEvents[]): Promise<AppendResult> {
    return this.appendLock.run(async () => {
      const log = this.log;
      if (!log || this.closed) throw new Error('the event store is not prepared or is closed');
      if (this.unloadedAtStart) await this.finishStart();
      await this.idsBuilt();
      for (const batch of batches) {
        for (const type of batch.typeNames) {
          if (!this.layouts.has(type)) throw new LaunchwatchError('unknown_event', `event type "${type}" is not prepared`);
        }
      }
      const total = batches.reduce((n, b) => n + b.count, 0);
      const stored: boolean[] = new Array<boolean>(total).fill(true);
      const candidates = this.classify(batches, stored);
      if (candidates.length > 0) {
        const found = await this.storedKeys(candidates);
        for (const c of candidates) if (found.has(keyOf(c.type, c.id))) stored[c.at] = false;
      }
      const parts: Uint8Array[] = [];
      let fresh = 0;
      let at = 0;
      for (const batch of batches) {
        let kept = 0;
        for (let i = 0; i < batch.count; i++) if (stored[at + i]) kept++;
        // A batch encoded before a plan reload widened the lines gets the new columns empty: layouts only ever grow at their end.
        const pad = ','.repeat(Math.max(0, this.width - batch.width));
        if (kept === batch.count && pad === '') parts.push(batch.lines);
        else if (kept > 0) parts.push(keptLines(batch, stored, at, pad));
        fresh += kept;
        at += batch.count;
      }
      if (fresh === 0) return { stored };
      try {
        await log.append(parts);
      } catch (error: unknown) {
        this.db.diskFull.failed(error);
        throw error;
      }
      this.written++;
      this.waiting += fresh;
      at = 0;
      for (const batch of batches) {
        for (let i = 0; i < batch.count; i++) if (stored[at + i]) this.ids.add(batch.hashes[2 * i] ?? 0, batch.hashes[2 * i + 1] ?? 0);
        at += batch.count;
      }
      this.scheduleLoad();
      return { stored };
    });
  }

  /**
   * Marks the repeats within the batches as not stored and returns the events
   * whose hash is already in the set: stored before, or a collision. Repeats
   * are found by hash and confirmed by comparing the ids themselves.
   */
  private classify(batches: readonly EncodedEvents[], stored: boolean[]): Candidate[] {
    const total = stored.length;
    const seen = new IdHashSet(Math.ceil(total / 0.6));
    let exact: Set<string> | undefined;
    const candidates: Candidate[] = [];
    let at = 0;
    for (const batch of batches) {
      const hashes = batch.hashes;
      for (let i = 0; i < batch.count; i++, at++) {
        const hi = hashes[2 * i] ?? 0;
        const lo = hashes[2 * i + 1] ?? 0;
        const repeat = !seen.add(hi, lo);
        if (repeat || exact) {
          // From the first repeated hash on, keep the exact keys of what came before.
          exact ??= keysBefore(batches, at);
          const key = keyOf(typeAt(batch, i), idAt(batch, i));
          if (exact.has(key)) {
            stored[at] = false;
            continue;
          }
          exact.add(key);
        }
        if (this.ids.has(hi, lo)) candidates.push({ at, type: typeAt(batch, i), id: idAt(batch, i), ts: batch.ts[i] ?? 0 });
      }
    }
    return candidates;
  }

  /** Resolves once every event whose append had resolved when it was called is in the tables. */
  async flush(): Promise<void> {
    const target = this.written;
    while (this.loaded < target || (this.log?.pending.length ?? 0) > 0) {
      this.loading ??= this.loadOnce().finally(() => (this.loading = undefined));
      await this.loading;
    }
  }

  /** Loads everything and stops appending. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.appendLock.run(async () => {
      this.closed = true;
      clearTimeout(this.timer);
      await this.idsReady?.catch(() => undefined);
      await this.flush();
      await this.saveIds();
      await this.log?.close();
    });
  }

  private setLayouts(layouts: Map<string, StoredLayout>): void {
    this.layouts = layouts;
    this.width = Math.max(0, ...[...layouts.values()].map((l) => l.properties.length));
  }

  private scheduleLoad(): void {
    if (this.waiting >= LOAD_EVENTS) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush().catch(() => undefined); // a failed load is retried, and reported, by the next read
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, LOAD_DELAY_MS).unref();
  }

  /** Closes the segment being written and loads every closed segment into the tables. */
  private async loadOnce(): Promise<void> {
    const log = this.log;
    if (!log) return;
    const target = this.written;
    const waiting = this.waiting;
    const segments = [...(await log.rotate())];
    if (segments.length > 0) {
      await this.loadSegments(log, segments);
      this.db.diskFull.succeeded();
    }
    this.loaded = Math.max(this.loaded, target);
    this.waiting = Math.max(0, this.waiting - waiting);
  }

  /**
   * Loads the segments in one transaction. When DuckDB refuses their data (a
   * segment damaged on disk), loads them one at a time instead and moves each
   * one it refuses to the quarantine, so one bad file does not stop every
   * read; any other failure (memory, disk) is thrown, and retried by the next
   * read.
   */
  private async loadSegments(log: IngestLog, segments: readonly Segment[]): Promise<void> {
    try {
      await this.loadTogether(log, segments);
      return;
    } catch (error: unknown) {
      if (!refusedData(error)) throw error;
    }
    for (const segment of segments) {
      try {
        await this.loadTogether(log, [segment]);
      } catch (error: unknown) {
        if (!refusedData(error)) throw error;
        await this.db.write((connection) => markLoaded(connection, segment.seq));
        const path = await log.quarantine(segment);
        // DuckDB's first line names the problem; the lines after it may quote the stored data, which stays out of the logs.
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
        for (const listener of this.quarantineListeners) listener({ path, error: reason });
      }
    }
  }

  /** Called with each segment moved to the quarantine: where it is, and DuckDB's reason. */
  onQuarantine(listener: (quarantined: { readonly path: string; readonly error: string }) => void): void {
    this.quarantineListeners.push(listener);
  }

  private async loadTogether(log: IngestLog, segments: readonly Segment[]): Promise<void> {
    await this.db.write(async (connection) => {
      const done = await loadedSegment(connection);
      const todo = segments.filter((s) => s.seq > done);
      const last = todo.at(-1);
      if (last) {
        try {
          await inTransaction(connection, async () => {
            await this.loadRows(connection, todo);
            await setLoaded(connection, last.seq);
          });
        } finally {
          await connection.run('DROP TABLE IF EXISTS ingest_batch');
        }
      }
    });
    await log.remove(segments);
  }

  private async loadRows(connection: DuckDBConnection, segments: readonly Segment[]): Promise<void> {
    const columns = ["'type': 'VARCHAR'", "'id': 'VARCHAR'", "'ts': 'BIGINT'", "'user_id': 'VARCHAR'", "'session_id': 'VARCHAR'"];
    for (let i = 0; i < this.width; i++) columns.push(`'c${i}': 'VARCHAR'`);
    const files = `[${segments.map((s) => sqlString(s.path)).join(', ')}]`;
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ingest_batch AS SELECT * FROM read_csv(${files}, columns = {${columns.join(', ')}}, ` +
        `header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', comment = '#', allow_quoted_nulls = false, strict_mode = true)`,
    );
    for (const [type, layout] of this.layouts) {
      const targets = ['id', 'ts', 'user_id', 'session_id', ...layout.properties.map((p) => quote(columnName(p)))];
      const values = ['id', 'epoch_ms(ts)', 'user_id', 'session_id', ...layout.types.map((t, i) => cast(`c${i}`, t))];
      await exec(connection, `INSERT INTO ${eventTable(type)} (${targets.join(', ')}) SELECT ${values.join(', ')} FROM ingest_batch WHERE type = $1`, [type]);
    }
  }

  /** Which of these events' (type, id) are stored. Loads the log first, so the tables hold every stored event. */
  private async storedKeys(events: readonly Candidate[]): Promise<Set<string>> {
    await this.flush();
    const found = new Set<string>();
    const byType = new Map<string, Candidate[]>();
    for (const event of events) byType.set(event.type, [...(byType.get(event.type) ?? []), event]);
    for (const [type, list] of byType) {
      for (let offset = 0; offset < list.length; offset += CONFIRM_CHUNK) {
        const chunk = list.slice(offset, offset + CONFIRM_CHUNK);
        // A retry carries the same timestamp: looking within the chunk's time span first lets zone maps skip most of the table.
        const from = Math.min(...chunk.map((e) => Math.round(e.ts)));
        const to = Math.max(...chunk.map((e) => Math.round(e.ts)));
        for (const id of await this.storedIds(type, chunk, { from, to })) found.add(keyOf(type, id));
        const rest = chunk.filter((e) => !found.has(keyOf(type, e.id)));
        if (rest.length > 0) for (const id of await this.storedIds(type, rest)) found.add(keyOf(type, id));
      }
    }
    return found;
  }

  private async storedIds(type: string, events: readonly Candidate[], span?: { from: number; to: number }): Promise<string[]> {
    const ids = events.map((e) => e.id);
    const marks = ids.map((_, i) => `$${i + 1}`).join(', ');
    const within = span ? ` AND ts >= $${ids.length + 1} AND ts <= $${ids.length + 2}` : '';
    const params = span ? [...ids, { timestampMs: span.from }, { timestampMs: span.to }] : ids;
    const rows = await this.db.read((c) => queryRows(c, `SELECT id FROM ${eventTable(type)} WHERE id IN (${marks})${within}`, params));
    return rows.map((row) => String(row.id));
  }

  /** The hashes of every stored (type, id). */
  private async readIds(): Promise<IdHashSet> {
    const counts = await this.db.read(async (connection) => {
      const list: number[] = [];
      for (const type of this.layouts.keys()) {
        const rows = await queryRows(connection, `SELECT count(*) AS n FROM ${eventTable(type)}`);
        list.push(Number(rows[0]?.n ?? 0));
      }
      return list;
    });
    // Room for the stored ids and a million more before the first growth (8 MB at least).
    const ids = new IdHashSet(Math.max(1 << 20, Math.ceil((counts.reduce((a, b) => a + b, 0) + 1_000_000) / 0.7)));
    await this.db.read(async (connection) => {
      for (const type of this.layouts.keys()) {
        // Reading ids one by one through the JS API costs microseconds each; DuckDB joins them into a few large
        // strings instead. The rare id containing the separator (U+0000) is read on its own.
        // A range of rowids at a time: the aggregate holds its strings until it ends, and the whole
        // table's ids at once would not fit a small memory limit (10 M ids are 300 MB of text).
        const table = eventTable(type);
        const last = Number((await queryRows(connection, `SELECT max(rowid) AS n FROM ${table}`))[0]?.n ?? -1);
        for (let from = 0; from <= last; from += ID_RANGE) {
          const joined = await connection.stream(
            `SELECT string_agg(id, chr(0)) AS ids FROM ${table} WHERE rowid >= ${from} AND rowid < ${from + ID_RANGE} AND NOT contains(id, chr(0)) GROUP BY rowid // 65536`,
          );
          for (let chunk = await joined.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await joined.fetchChunk()) {
            const column = chunk.getColumnVector(0);
            for (let i = 0; i < chunk.rowCount; i++) ids.addJoined(type, String(column.getItem(i) ?? ''), 0);
          }
        }
        for (const row of await queryRows(connection, `SELECT id FROM ${table} WHERE contains(id, chr(0))`)) {
          const hash = new Uint32Array(2);
          hashId(type, String(row.id), hash, 0);
          ids.add(hash[0] ?? 0, hash[1] ?? 0);
        }
      }
    });
    return ids;
  }
}

/**
 * Whether DuckDB refused the log's data itself (a line it cannot read, a value
 * it cannot convert), as opposed to failing for want of memory or disk. The
 * error classes are DuckDB's own, at the start of its messages.
 */
function refusedData(error: unknown): boolean {
  return error instanceof Error && /^(Invalid Input Error|Conversion Error): /.test(error.message);
}

async function setLoaded(connection: DuckDBConnection, seq: number): Promise<void> {
  await connection.run('DELETE FROM ingest_log_state');
  await exec(connection, 'INSERT INTO ingest_log_state VALUES ($1)', [seq]);
}

/** Records a segment as done (without its rows) unless a later one already is. */
async function markLoaded(connection: DuckDBConnection, seq: number): Promise<void> {
  if ((await loadedSegment(connection)) < seq) await setLoaded(connection, seq);
}

/** The number of the last segment whose rows DuckDB committed (0: none yet). */
async function loadedSegment(connection: DuckDBConnection): Promise<number> {
  const rows = await queryRows(connection, 'SELECT max(loaded_segment) AS seq FROM ingest_log_state');
  return Number(rows[0]?.seq ?? 0);
}

/** The exact key of a stored event: its type and id, apart by a character no type name holds. */
function keyOf(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

/** An event whose (type, id) hash is in the set: stored before, or a collision. `at` is its place in the append. */
interface Candidate {
  readonly at: number;
  readonly type: string;
  readonly id: string;
  readonly ts: number;
}

/** The lines of the batch's events that are stored (`stored[at + i]` for event i), each with `pad` before its end. */
function keptLines(batch: EncodedEvents, stored: readonly boolean[], at: number, pad: string): Uint8Array {
  const text = linesText(batch);
  let out = '';
  for (let i = 0; i < batch.count; i++) {
    if (!stored[at + i]) continue;
    const line = lineAt(batch, text, i);
    out += pad === '' ? line : `${line.slice(0, -1)}${pad}\n`;
  }
  return Buffer.from(out, 'utf8');
}

/** The exact keys of the first `count` events of the batches. */
function keysBefore(batches: readonly EncodedEvents[], count: number): Set<string> {
  const keys = new Set<string>();
  let left = count;
  for (const batch of batches) {
    for (let i = 0; i < batch.count && left > 0; i++, left--) keys.add(keyOf(typeAt(batch, i), idAt(batch, i)));
  }
  return keys;
}

function cast(column: string, type: PropertyType): string {
  return type === 'string' ? column : `${column}::${SQL_TYPE[type]}`;
}

/** An event table's columns and their SQL types (none when it has no table yet). */
async function storedColumns(connection: DuckDBConnection, event: string): Promise<Map<string, string>> {
  const existing = await queryRows(
    connection,
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [`ev_${event}`],
  );
  return new Map(existing.map((row) => [String(row.name), String(row.type)]));
}

/** The event's properties whose stored type differs from the plan's: one problem each. */
function typeConflicts(event: EventSpec, stored: ReadonlyMap<string, string>): StorageProblem[] {
  const conflicts: StorageProblem[] = [];
  for (const [property, spec] of Object.entries(event.properties)) {
    const storedType = stored.get(columnName(property));
    if (storedType !== undefined && storedType !== SQL_TYPE[spec.type]) {
      const message = `property "${property}" of event "${event.name}" is stored as ${storedType.toLowerCase()} but the plan now declares ${spec.type}; give the property a new name instead of changing its type`;
      conflicts.push({ kind: 'property', event: event.name, property, message });
    }
  }
  return conflicts;
}

/** A metric's query over events, for check(); undefined for the shapes measured otherwise (figures, retention). */
function eventQuery(metric: MetricSpec): Query | undefined {
  const query = compile(metric);
  if (query.shape === 'figure' || query.shape === 'retention') return undefined;
  if (query.shape === 'having') return havingQuery(query, { from: 0, to: 0 }, 1);
  if (query.shape === 'funnel') return funnelQuery(query, { from: 0, to: 0 }, 1);
  return measureQuery(query, { from: 0, to: 0 });
}

async function prepareTable(connection: DuckDBConnection, event: EventSpec): Promise<void> {
  const table = eventTable(event.name);
  await connection.run(`CREATE TABLE IF NOT EXISTS ${table} (id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, user_id VARCHAR, session_id VARCHAR)`);
  const stored = await storedColumns(connection, event.name);
  const conflict = typeConflicts(event, stored)[0];
  if (conflict !== undefined) throw new LaunchwatchError('plan_conflict', conflict.message);
  for (const [property, spec] of Object.entries(event.properties)) {
    const name = columnName(property);
    if (!stored.has(name)) await connection.run(`ALTER TABLE ${table} ADD COLUMN ${quote(name)} ${SQL_TYPE[spec.type]}`);
  }
}
