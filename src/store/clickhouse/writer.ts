/**
 * The write side of the ClickHouse event store. One append at a time per
 * process:
 *
 * 1. repeats within the batch are not stored (the first one is);
 * 2. the append is marked started in `lw_appends` (this process's next sequence number);
 * 3. the ids already stored are looked up (by the table's key, (type, id)) and
 *    not stored again, so `stored` says per event whether it is new, across
 *    replicas too;
 * 4. the new events go in as one INSERT ... VALUES, answered once the server
 *    has stored them (synchronous insert): a resolved append is read by the
 *    next query;
 * 5. the (type, id) of the batch that the table now holds twice (a replica
 *    stored the same id at the same moment) are listed in `lw_duplicates`;
 * 6. the append is marked finished.
 *
 * Readers deduplicate what step 5 lists, exactly (consistency.ts); merges of
 * the ReplacingMergeTree keep, of the copies of an id, the one with the highest
 * `ver`, a hash of the row's content, which is also the copy readers count.
 */
import { randomUUID } from 'node:crypto';
import { LaunchwatchError } from '../../errors.js';
import type { PropertyType, Scalar } from '../../plan/types.js';
import type { AdmittedEvent, AppendResult } from '../types.js';
import type { ClickHouseConnection, Row } from './connection.js';
import { booleanLiteral, floatLiteral, identifier, int64Literal, stringLiteral } from './literal.js';
import type { Layouts } from './schema.js';
import { propertyColumn } from './schema.js';

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function keyOf(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

function valueLiteral(value: Scalar | null | undefined, type: PropertyType): string {
  if (value === null || value === undefined) return 'NULL';
  if (type === 'string') return stringLiteral(String(value));
  if (type === 'number') return floatLiteral(Number(value));
  return booleanLiteral(Boolean(value));
}

/** A 52-bit hash of a row's text (FNV-1a, twice): the `ver` that orders copies of one id the same way in reads and in merges. */
export function contentVersion(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return (a & 0xfffff) * 2 ** 32 + b;
}

/** Per writer, the last append started and finished, as lw_appends says. */
type AppendMarks = ReadonlyMap<string, string>;

export class ClickHouseWriter {
  private readonly replica = randomUUID();
  /** The writer's own ClickHouse session, where the batch's keys are staged in a temporary table. */
  private readonly session = `launchwatch-writer-${this.replica}`;
  private seq = 0;
  /** Rows this writer has put in lw_duplicates; told with each mark, so readers know how many they must see. */
  private listed = 0;
  private readonly lock = new Mutex();

  constructor(private readonly db: ClickHouseConnection) {}

  append(events: readonly AdmittedEvent[], layouts: Layouts): Promise<AppendResult> {
    for (const event of events) {
      if (!layouts.has(event.type)) throw new LaunchwatchError('unknown_event', `event type "${event.type}" is not prepared`);
    }
    return this.lock.run(() => this.appendLocked(events, layouts));
  }

  private async appendLocked(events: readonly AdmittedEvent[], layouts: Layouts): Promise<AppendResult> {
    const stored = new Array<boolean>(events.length).fill(true);
    const seen = new Set<string>();
    events.forEach((e, i) => {
      const key = keyOf(e.type, e.id);
      if (seen.has(key)) stored[i] = false;
      seen.add(key);
    });
    if (events.length === 0) return { stored };
    const seq = ++this.seq;
    await this.mark(0, seq);
    let existing: Set<string>;
    let before: AppendMarks;
    try {
      before = await this.others();
      await this.stage(events.filter((_, i) => stored[i]));
      existing = await this.keys('SELECT DISTINCT type, id FROM lw_events WHERE (type, id) IN (SELECT type, id FROM lw_keys)');
    } catch (error: unknown) {
      await this.mark(1, seq); // nothing was inserted
      throw error;
    }
    events.forEach((e, i) => {
      if (existing.has(keyOf(e.type, e.id))) stored[i] = false;
    });
    const fresh = events.filter((_, i) => stored[i]);
    let failure: { error: unknown } | undefined;
    if (fresh.length > 0) {
      try {
        await this.db.insert(insertStatement(fresh, layouts));
      } catch (error: unknown) {
        failure = { error };
      }
      // Also after a failed insert (it may be stored though the answer was lost). Should this fail too, the append
      // stays unfinished and a reader takes it over after the lease (consistency.ts).
      if (overlapped(before, await this.others())) await this.listDuplicates();
    }
    await this.mark(1, seq);
    if (failure) throw failure.error;
    return { stored };
  }

  private async mark(state: 0 | 1, seq: number): Promise<void> {
    await this.db.insert(`INSERT INTO lw_appends (replica, state, seq, listed, at) VALUES (${stringLiteral(this.replica)}, ${state}, ${int64Literal(seq)}, ${int64Literal(this.listed)}, ${int64Literal(Date.now())})`);
  }

  /** The other writers' marks: "started/finished". */
  private async others(): Promise<AppendMarks> {
    const rows = await this.db.rows(
      `SELECT replica, maxIf(seq, state = 0) AS started, maxIf(seq, state = 1) AS done FROM lw_appends WHERE replica != ${stringLiteral(this.replica)} GROUP BY replica`,
    );
    return new Map(rows.map((row) => [String(row.replica), `${String(row.started)}/${String(row.done)}`]));
  }

  /** The batch's keys into the session's temporary table lw_keys (the Values format streams; a literal IN list would be parsed as SQL). */
  private async stage(events: readonly AdmittedEvent[]): Promise<void> {
    await this.db.run('DROP TEMPORARY TABLE IF EXISTS lw_keys', this.session);
    await this.db.run('CREATE TEMPORARY TABLE lw_keys (type String, id String) ENGINE = Memory', this.session);
    if (events.length === 0) return;
    const rows = events.map((e) => `(${stringLiteral(e.type)}, ${stringLiteral(e.id)})`);
    await this.db.insert(`INSERT INTO lw_keys (type, id) VALUES ${rows.join(', ')}`, this.session);
  }

  private async keys(sql: string): Promise<Set<string>> {
    const rows: Row[] = await this.db.rows(sql, this.session);
    return new Set(rows.map((row) => keyOf(String(row.type), String(row.id))));
  }

  /** The staged keys the table now holds twice, into lw_duplicates. */
  private async listDuplicates(): Promise<void> {
    const doubled = await this.keys('SELECT type, id FROM lw_events WHERE (type, id) IN (SELECT type, id FROM lw_keys) GROUP BY type, id HAVING count() > 1');
    if (doubled.size === 0) return;
    const at = int64Literal(Date.now());
    const rows = [...doubled].map((key) => {
      const [type = '', id = ''] = key.split('\u0000');
      return `(${stringLiteral(this.replica)}, ${stringLiteral(type)}, ${stringLiteral(id)}, ${at})`;
    });
    await this.db.insert(`INSERT INTO lw_duplicates (replica, type, id, at) VALUES ${rows.join(', ')}`);
    this.listed += rows.length;
  }
}

/**
 * Whether another writer's append may have run at the same time as this one
 * (between the marks read before the lookup and after the insert): one in
 * progress at either read, or one started or finished in between. Only then
 * can the table hold a key of this batch twice; without it, any earlier
 * append was seen by the lookup, and any later one will see this batch.
 */
function overlapped(before: AppendMarks, after: AppendMarks): boolean {
  const busy = (marks: string | undefined) => marks !== undefined && marks.split('/')[0] !== marks.split('/')[1];
  for (const [replica, marks] of after) if (busy(marks) || busy(before.get(replica)) || before.get(replica) !== marks) return true;
  for (const marks of before.values()) if (busy(marks)) return true;
  return false;
}

/** One INSERT for the batch: the envelope, `ver`, and the property columns of every type in it (NULL for another type's). */
export function insertStatement(events: readonly AdmittedEvent[], layouts: Layouts): string {
  const columns: { type: string; property: string; kind: PropertyType }[] = [];
  for (const type of new Set(events.map((e) => e.type))) {
    for (const [property, kind] of layouts.get(type) ?? []) columns.push({ type, property, kind });
  }
  const names = ['type', 'id', 'ts', 'user_id', 'session_id', ...columns.map((c) => identifier(propertyColumn(c.type, c.property))), 'ver'];
  const rows = events.map((e) => {
    const values = [
      stringLiteral(e.type),
      stringLiteral(e.id),
      int64Literal(Math.round(e.ts)),
      e.userId === null ? 'NULL' : stringLiteral(e.userId),
      e.sessionId === null ? 'NULL' : stringLiteral(e.sessionId),
      ...columns.map((c) => (c.type === e.type ? valueLiteral(e.properties[c.property], c.kind) : 'NULL')),
    ].join(', ');
    return `(${values}, ${int64Literal(contentVersion(values))})`;
  });
  return `INSERT INTO lw_events (${names.join(', ')}) VALUES ${rows.join(', ')}`;
}
