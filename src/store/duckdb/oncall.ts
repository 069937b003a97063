/** OnCallStore on DuckDB: one row per run-time override, and per handoff notice sent (with its outbox rows, in one transaction). Open after the StateStore, which creates the outbox. */
import type { OnCallStore, StoredOverride } from '../oncall.js';
import type { NotificationRequest } from '../../alerting/types.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';
import type { Param } from './sql.js';

export const ONCALL_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS oncall_overrides (
     id VARCHAR PRIMARY KEY, schedule VARCHAR NOT NULL, person VARCHAR NOT NULL,
     starts_at TIMESTAMP NOT NULL, ends_at TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS oncall_handoff_notices (key VARCHAR PRIMARY KEY, sent_at TIMESTAMP NOT NULL)`,
];

const ts = (ms: number): Param => ({ timestampMs: ms });

export class DuckDBOnCallStore implements OnCallStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBOnCallStore> {
    await db.write(async (connection) => {
      for (const statement of ONCALL_SCHEMA) await exec(connection, statement);
    });
    return new DuckDBOnCallStore(db);
  }

  async putOverride(o: StoredOverride): Promise<void> {
    await this.db.write((c) =>
      exec(
        c,
        `INSERT INTO oncall_overrides VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET schedule = excluded.schedule, person = excluded.person, starts_at = excluded.starts_at,
           ends_at = excluded.ends_at, created_at = excluded.created_at, created_by = excluded.created_by`,
        [o.id, o.schedule, o.person, ts(o.from), ts(o.to), ts(o.createdAt), o.createdBy],
      ),
    );
  }

  async deleteOverride(id: string): Promise<boolean> {
    let deleted = false;
    await this.db.write(async (c) => {
      deleted = (await queryRows(c, 'DELETE FROM oncall_overrides WHERE id = $1 RETURNING id', [id])).length > 0;
    });
    return deleted;
  }

  async overrides(): Promise<StoredOverride[]> {
    const rows = await this.db.read((c) =>
      queryRows(
        c,
        `SELECT id, schedule, person, epoch_ms(starts_at) AS starts_at, epoch_ms(ends_at) AS ends_at, epoch_ms(created_at) AS created_at, created_by
         FROM oncall_overrides ORDER BY starts_at, id`,
      ),
    );
    return rows.map((r) => ({
      id: String(r.id),
      schedule: String(r.schedule),
      person: String(r.person),
      from: Number(r.starts_at),
      to: Number(r.ends_at),
      createdAt: Number(r.created_at),
      createdBy: String(r.created_by),
    }));
  }

  async recordHandoffNotice(key: string, at: number, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    let outcome: 'recorded' | 'exists' = 'exists';
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        if ((await queryRows(connection, 'SELECT 1 FROM oncall_handoff_notices WHERE key = $1', [key])).length > 0) return;
        await exec(connection, 'INSERT INTO oncall_handoff_notices VALUES ($1, $2)', [key, ts(at)]);
        for (const n of notifications) {
          await exec(connection, `INSERT INTO notifications VALUES ($1, $2, $3, 'pending', 0, $4, $5, NULL, NULL)`, [n.id, n.channel, JSON.stringify(n), ts(n.createdAt), ts(n.createdAt)]);
        }
        outcome = 'recorded';
      }),
    );
    return outcome;
  }
}
