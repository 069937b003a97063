/**
 * TalkStore on PostgreSQL (the tables of migration 4): the talk log, one row
 * per key, written with its notifications (the outbox of alerts.ts) in one
 * transaction, the key's primary key deciding which of two replicas records
 * it; the status page's subscribers; the maintenance windows. Times are
 * bigint epoch ms.
 */
import type { NotificationRequest } from '../../alerting/types.js';
import type { MaintenanceWindow, Subscriber, TalkKind, TalkRecord, TalkStore } from '../talk.js';
import { insertNotifications } from './alerts.js';
import { ms, type PgDatabase, type PgParam } from './database.js';

export const TALK_SCHEMA_V4 = [
  `CREATE TABLE talk_log (
     key text COLLATE "C" PRIMARY KEY, kind text NOT NULL, incident_id text NOT NULL, about_at bigint NOT NULL,
     recorded_at bigint NOT NULL, notifications integer NOT NULL)`,
  `CREATE INDEX talk_log_incident ON talk_log (incident_id, about_at)`,
  `CREATE TABLE status_subscribers (
     id text COLLATE "C" PRIMARY KEY, address text NOT NULL, confirmed_at bigint, created_at bigint NOT NULL, body jsonb NOT NULL)`,
  `CREATE INDEX status_subscribers_address ON status_subscribers (address)`,
  `CREATE TABLE maintenance_windows (id text COLLATE "C" PRIMARY KEY, starts_at bigint NOT NULL, ends_at bigint NOT NULL, body jsonb NOT NULL)`,
];

interface LogRow {
  key: string;
  kind: TalkKind;
  incident_id: string;
  about_at: number;
  recorded_at: number;
  notifications: number;
}

const toRecord = (r: LogRow): TalkRecord => ({ key: r.key, kind: r.kind, incidentId: r.incident_id, at: r.about_at, recordedAt: r.recorded_at, notifications: r.notifications });
const LOG_COLUMNS = 'key, kind, incident_id, about_at, recorded_at, notifications';

export class PgTalkStore implements TalkStore {
  constructor(private readonly db: PgDatabase) {}

  async recordTalk(record: TalkRecord, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    return this.db.transaction(async (client) => {
      const inserted = await client.query(`INSERT INTO talk_log (${LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING`, [
        record.key,
        record.kind,
        record.incidentId,
        ms(record.at),
        ms(record.recordedAt),
        record.notifications,
      ]);
      if (inserted.rowCount === 0) return 'exists';
      await insertNotifications(client, notifications);
      return 'recorded';
    });
  }

  async talkRecord(key: string): Promise<TalkRecord | undefined> {
    const { rows } = await this.db.query<LogRow>(`SELECT ${LOG_COLUMNS} FROM talk_log WHERE key = $1`, [key]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async talkRecords(incidentId: string, kind?: TalkKind): Promise<TalkRecord[]> {
    const { rows } =
      kind === undefined
        ? await this.db.query<LogRow>(`SELECT ${LOG_COLUMNS} FROM talk_log WHERE incident_id = $1 ORDER BY about_at DESC, key`, [incidentId])
        : await this.db.query<LogRow>(`SELECT ${LOG_COLUMNS} FROM talk_log WHERE incident_id = $1 AND kind = $2 ORDER BY about_at DESC, key`, [incidentId, kind]);
    return rows.map(toRecord);
  }

  async putSubscriber(s: Subscriber): Promise<void> {
    await this.db.query(
      `INSERT INTO status_subscribers (id, address, confirmed_at, created_at, body) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (id) DO UPDATE SET address = excluded.address, confirmed_at = excluded.confirmed_at, created_at = excluded.created_at, body = excluded.body`,
      [s.id, s.address, s.confirmedAt === null ? null : ms(s.confirmedAt), ms(s.createdAt), JSON.stringify(s)],
    );
  }

  async subscriber(id: string): Promise<Subscriber | undefined> {
    const { rows } = await this.db.query<{ body: Subscriber }>('SELECT body FROM status_subscribers WHERE id = $1', [id]);
    return rows[0]?.body;
  }

  async subscribers(query: { confirmed?: boolean; address?: string }): Promise<Subscriber[]> {
    const where: string[] = [];
    const params: PgParam[] = [];
    if (query.confirmed !== undefined) where.push(query.confirmed ? 'confirmed_at IS NOT NULL' : 'confirmed_at IS NULL');
    if (query.address !== undefined) where.push(`address = $${params.push(query.address)}`);
    const { rows } = await this.db.query<{ body: Subscriber }>(`SELECT body FROM status_subscribers${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, params);
    return rows.map((r) => r.body);
  }

  async deleteSubscribers(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.db.query('DELETE FROM status_subscribers WHERE id = ANY($1::text[])', [ids])).rowCount;
  }

  async expireUnconfirmed(before: number): Promise<number> {
    return (await this.db.query('DELETE FROM status_subscribers WHERE confirmed_at IS NULL AND created_at < $1', [ms(before)])).rowCount;
  }

  async putMaintenance(w: MaintenanceWindow): Promise<void> {
    await this.db.query(
      `INSERT INTO maintenance_windows (id, starts_at, ends_at, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, body = excluded.body`,
      [w.id, ms(w.from), ms(w.to), JSON.stringify(w)],
    );
  }

  async maintenanceWindows(from: number): Promise<MaintenanceWindow[]> {
    const { rows } = await this.db.query<{ body: MaintenanceWindow }>('SELECT body FROM maintenance_windows WHERE ends_at > $1 ORDER BY starts_at, id', [ms(from)]);
    return rows.map((r) => r.body);
  }

  async deleteMaintenance(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM maintenance_windows WHERE id = $1', [id])).rowCount > 0;
  }
}
