/**
 * The events half of privacy on ClickHouse (PrivacyEventStore): access and
 * erasure for users, expiry by age, over every event type stored (also types
 * the plan no longer declares). Each call is idempotent: a second run finds
 * nothing and deletes nothing.
 *
 * ALTER TABLE ... DELETE is a mutation, run asynchronously by ClickHouse
 * (18.16 included; `mutations_sync` exists only from 19.x): the call waits
 * until system.mutations says every mutation of the table is done, so the
 * events are gone when it returns.
 */
import type { PrivacyEventStore, RowCounts, StoredEvent } from '../privacy.js';
import type { ClickHouseConnection } from './connection.js';
import type { Consistency } from './consistency.js';
import { countEvents, scalarOf } from './events.js';
import { int64Literal, stringLiteral } from './literal.js';
import { readLayouts } from './schema.js';
import { columnName, source } from './sql.js';

const MUTATION_POLL_MS = 50;
const MUTATION_TIMEOUT_MS = 600_000;

export class ClickHousePrivacyEvents implements PrivacyEventStore {
  constructor(
    private readonly db: ClickHouseConnection,
    private readonly consistency: Consistency,
  ) {}

  async userEvents(userIds: readonly string[]): Promise<StoredEvent[]> {
    if (userIds.length === 0) return [];
    const layouts = await readLayouts(this.db);
    const users = `user_id IN (${userIds.map(stringLiteral).join(', ')})`;
    const events = await this.consistency.read([...layouts.keys()], async (duplicates) => {
      const found: StoredEvent[] = [];
      for (const [type, layout] of layouts) {
        const properties = [...layout.keys()];
        const rows = await this.db.rows(`SELECT * FROM ${source(type, ['user_id', 'session_id', ...properties], duplicates.get(type) ?? [], users, true)} WHERE ${users}`);
        for (const row of rows) {
          found.push({
            type,
            id: String(row.id),
            ts: Number(row.ts),
            userId: row.user_id === null ? null : String(row.user_id),
            sessionId: row.session_id === null || row.session_id === undefined ? null : String(row.session_id),
            properties: Object.fromEntries(properties.map((p) => [p, scalarOf(row[columnName(p)], layout.get(p))])),
          });
        }
      }
      return found;
    });
    return events.sort((a, b) => a.ts - b.ts || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  }

  deleteUserEvents(userIds: readonly string[]): Promise<RowCounts> {
    if (userIds.length === 0) return Promise.resolve({});
    return this.deleteWhere(`user_id IN (${userIds.map(stringLiteral).join(', ')})`);
  }

  deleteEventsBefore(before: number): Promise<RowCounts> {
    return this.deleteWhere(`ts < ${int64Literal(Math.round(before))}`);
  }

  /** Counts what matches (each id once), deletes it, and waits for the mutation to finish. */
  private async deleteWhere(where: string): Promise<RowCounts> {
    const types = [...(await readLayouts(this.db)).keys()];
    if (types.length === 0) return {};
    const counts = await this.consistency.read(types, (duplicates) => countEvents(this.db, types, where, duplicates));
    if (Object.keys(counts).length === 0) return {};
    await this.db.run(`ALTER TABLE lw_events DELETE WHERE ${where}`);
    await this.mutationsDone();
    return counts;
  }

  private async mutationsDone(): Promise<void> {
    const deadline = Date.now() + MUTATION_TIMEOUT_MS;
    for (;;) {
      const [row] = await this.db.rows(`SELECT count() AS n FROM system.mutations WHERE database = ${stringLiteral(this.db.database)} AND table = 'lw_events' AND is_done = 0`);
      if (Number(row?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error('ClickHouse did not finish deleting the events within 10 minutes (see system.mutations)');
      await new Promise((resolve) => setTimeout(resolve, MUTATION_POLL_MS));
    }
  }
}
