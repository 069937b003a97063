/** OnCallStore on PostgreSQL: one row per run-time override, and per handoff notice sent with its outbox rows (migration 5). */
import type { OnCallStore, StoredOverride } from '../oncall.js';
import type { NotificationRequest } from '../../alerting/types.js';
import { insertNotifications } from './alerts.js';
import { ms, type PgDatabase } from './database.js';

interface OverrideRow {
  id: string;
  schedule: string;
  person: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
  created_by: string;
}

export class PgOnCallStore implements OnCallStore {
  constructor(private readonly db: PgDatabase) {}

  async putOverride(o: StoredOverride): Promise<void> {
    await this.db.query(
      `INSERT INTO oncall_overrides (id, schedule, person, starts_at, ends_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET schedule = excluded.schedule, person = excluded.person, starts_at = excluded.starts_at,
         ends_at = excluded.ends_at, created_at = excluded.created_at, created_by = excluded.created_by`,
      [o.id, o.schedule, o.person, ms(o.from), ms(o.to), ms(o.createdAt), o.createdBy],
    );
  }

  async deleteOverride(id: string): Promise<boolean> {
    const { rows } = await this.db.query<{ id: string }>('DELETE FROM oncall_overrides WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  async overrides(): Promise<StoredOverride[]> {
    const { rows } = await this.db.query<OverrideRow>('SELECT id, schedule, person, starts_at, ends_at, created_at, created_by FROM oncall_overrides ORDER BY starts_at, id');
    return rows.map((r) => ({ id: r.id, schedule: r.schedule, person: r.person, from: r.starts_at, to: r.ends_at, createdAt: r.created_at, createdBy: r.created_by }));
  }

  async recordHandoffNotice(key: string, at: number, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    return this.db.transaction(async (client) => {
      const inserted = await client.query('INSERT INTO oncall_handoff_notices (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key', [key, ms(at)]);
      if (inserted.rows.length === 0) return 'exists';
      await insertNotifications(client, notifications);
      return 'recorded';
    });
  }
}
