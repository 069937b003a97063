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

/** Keys per lookup query. */
const CHUNK = 5_000;

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

/** The OR of `type = … AND id IN (…)` over the keys, grouped by type. */
function keyCondition(keys: readonly { type: string; id: string }[]): string {
  const byType = new Map<string, string[]>();
  for (const k of keys) byType.set(k.type, [...(byType.get(k.type) ?? []), stringLiteral(k.id)]);
  return [...byType].map(([type, ids]) => `(type = ${stringLiteral(type)} AND id IN (${ids.join(', ')}))`).join(' OR ');
}

export class ClickHouseWriter {
  private readonly replica = randomUUID();
  private seq = 0;
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
    try {
      existing = await this.lookup(events.filter((_, i) => stored[i]), 'SELECT DISTINCT type, id FROM lw_events WHERE');
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
      await this.listDuplicates(fresh);
    }
    await this.mark(1, seq);
    if (failure) throw failure.error;
    return { stored };
  }

  private async mark(state: 0 | 1, seq: number): Promise<void> {
    await this.db.insert(`INSERT INTO lw_appends (replica, state, seq, at) VALUES (${stringLiteral(this.replica)}, ${state}, ${int64Literal(seq)}, ${int64Literal(Date.now())})`);
  }

  /** The (type, id) keys, of these events, that a query over lw_events starting with `select` returns. */
  private async lookup(events: readonly AdmittedEvent[], select: string, tail = ''): Promise<Set<string>> {
    const found = new Set<string>();
    for (let at = 0; at < events.length; at += CHUNK) {
      const chunk = events.slice(at, at + CHUNK);
      const rows: Row[] = await this.db.rows(`${select} ${keyCondition(chunk)}${tail}`);
      for (const row of rows) found.add(keyOf(String(row.type), String(row.id)));
    }
    return found;
  }

  private async listDuplicates(fresh: readonly AdmittedEvent[]): Promise<void> {
    const doubled = await this.lookup(fresh, 'SELECT type, id FROM lw_events WHERE', ' GROUP BY type, id HAVING count() > 1');
    if (doubled.size === 0) return;
    const at = int64Literal(Date.now());
    const rows = [...doubled].map((key) => {
      const [type = '', id = ''] = key.split('\u0000');
      return `(${stringLiteral(type)}, ${stringLiteral(id)}, ${at})`;
    });
    await this.db.insert(`INSERT INTO lw_duplicates (type, id, at) VALUES ${rows.join(', ')}`);
  }
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
