/**
 * TalkStore on DuckDB: the talk log (one row per key, written in one
 * transaction with its notifications in the outbox table of alerts.ts),
 * the status page's subscribers and the maintenance windows, each a row with
 * its JSON body and the columns it is looked up by. Times are epoch ms.
 */
import type { NotificationRequest } from '../../alerting/types.js';
import type { MaintenanceWindow, Subscriber, TalkKind, TalkRecord, TalkStore } from '../talk.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';
import type { Param } from './sql.js';

export const TALK_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS talk_log (
     key VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, incident_id VARCHAR NOT NULL, about_at BIGINT NOT NULL,
     recorded_at BIGINT NOT NULL, notifications INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS status_subscribers (
     id VARCHAR PRIMARY KEY, address VARCHAR NOT NULL, confirmed_at BIGINT, created_at BIGINT NOT NULL, body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS maintenance_windows (id VARCHAR PRIMARY KEY, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, body VARCHAR NOT NULL)`,
];

const ts = (ms: number): Param => ({ timestampMs: ms });

function toRecord(row: Record<string, unknown>): TalkRecord {
  return {
    key: String(row.key),
    kind: String(row.kind) as TalkKind,
    incidentId: String(row.incident_id),
    at: Number(row.about_at),
    recordedAt: Number(row.recorded_at),
    notifications: Number(row.notifications),
  };
}

export class DuckDBTalkStore implements TalkStore {
  private constructor(private readonly db: DuckDB) {}

  /** Opens the store, creating its tables. Open after the StateStore, which creates the outbox. */
  static async open(db: DuckDB): Promise<DuckDBTalkStore> {
    await db.write(async (connection) => {
      for (const statement of TALK_SCHEMA) await exec(connection, statement);
    });
    return new DuckDBTalkStore(db);
  }

  async recordTalk(record: TalkRecord, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    let outcome: 'recorded' | 'exists' = 'exists';
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        const there = await queryRows(connection, 'SELECT 1 FROM talk_log WHERE key = $1', [record.key]);
        if (there.length > 0) return;
        await exec(connection, 'INSERT INTO talk_log VALUES ($1, $2, $3, $4, $5, $6)', [record.key, record.kind, record.incidentId, record.at, record.recordedAt, record.notifications]);
        for (const n of notifications) {
          await exec(connection, `INSERT INTO notifications VALUES ($1, $2, $3, 'pending', 0, $4, $5, NULL, NULL)`, [n.id, n.channel, JSON.stringify(n), ts(n.createdAt), ts(n.createdAt)]);
        }
        outcome = 'recorded';
      }),
    );
    return outcome;
  }

  async talkRecord(key: string): Promise<TalkRecord | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT * FROM talk_log WHERE key = $1', [key]));
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async talkRecords(incidentId: string, kind?: TalkKind): Promise<TalkRecord[]> {
    const rows = await this.db.read((c) =>
      kind === undefined
        ? queryRows(c, 'SELECT * FROM talk_log WHERE incident_id = $1 ORDER BY about_at DESC, key', [incidentId])
        : queryRows(c, 'SELECT * FROM talk_log WHERE incident_id = $1 AND kind = $2 ORDER BY about_at DESC, key', [incidentId, kind]),
    );
    return rows.map(toRecord);
  }

  async putSubscriber(s: Subscriber): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT OR REPLACE INTO status_subscribers VALUES ($1, $2, $3, $4, $5)', [s.id, s.address, s.confirmedAt, s.createdAt, JSON.stringify(s)]));
  }

  async subscriber(id: string): Promise<Subscriber | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM status_subscribers WHERE id = $1', [id]));
    return rows[0] ? (JSON.parse(String(rows[0].body)) as Subscriber) : undefined;
  }

  async subscribers(query: { confirmed?: boolean; address?: string }): Promise<Subscriber[]> {
    const where: string[] = [];
    const params: Param[] = [];
    if (query.confirmed !== undefined) where.push(query.confirmed ? 'confirmed_at IS NOT NULL' : 'confirmed_at IS NULL');
    if (query.address !== undefined) where.push(`address = $${params.push(query.address)}`);
    const sql = `SELECT body FROM status_subscribers${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    const rows = await this.db.read((c) => queryRows(c, sql, params));
    return rows.map((r) => JSON.parse(String(r.body)) as Subscriber);
  }

  async deleteSubscribers(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    if (ids.length === 0) return 0;
    await this.db.write(async (c) => {
      for (const id of ids) {
        const rows = await queryRows(c, 'DELETE FROM status_subscribers WHERE id = $1 RETURNING id', [id]);
        deleted += rows.length;
      }
    });
    return deleted;
  }

  async expireUnconfirmed(before: number): Promise<number> {
    const rows = await this.db.write((c) => queryRows(c, 'DELETE FROM status_subscribers WHERE confirmed_at IS NULL AND created_at < $1 RETURNING id', [before]));
    return rows.length;
  }

  async putMaintenance(w: MaintenanceWindow): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT OR REPLACE INTO maintenance_windows VALUES ($1, $2, $3, $4)', [w.id, w.from, w.to, JSON.stringify(w)]));
  }

  async maintenanceWindows(from: number): Promise<MaintenanceWindow[]> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM maintenance_windows WHERE ends_at > $1 ORDER BY starts_at, id', [from]));
    return rows.map((r) => JSON.parse(String(r.body)) as MaintenanceWindow);
  }

  async deleteMaintenance(id: string): Promise<boolean> {
    const rows = await this.db.write((c) => queryRows(c, 'DELETE FROM maintenance_windows WHERE id = $1 RETURNING id', [id]));
    return rows.length > 0;
  }
}
