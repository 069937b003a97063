/**
 * The state half of privacy on PostgreSQL (PrivacyStateStore): the ingest
 * switch (one row), the audit log, expiry of samples and alerting records,
 * and erasures as resumable steps (requested → completed), each written with
 * its audit entry in one transaction. The events half lives with the events.
 */
import { LaunchwatchError } from '../../errors.js';
import type { AuditEntry, IngestSwitch, PendingErasure, PrivacyStateStore, RowCounts } from '../privacy.js';
import { ms, type PgDatabase, type Queryable } from './database.js';

async function insertAudit(client: Queryable, entry: AuditEntry): Promise<void> {
  await client.query('INSERT INTO privacy_audit (happened_at, action, actor, subject, details) VALUES ($1, $2, $3, $4, $5)', [
    ms(entry.at),
    entry.action,
    entry.actor,
    entry.subject ?? null,
    JSON.stringify(entry.details),
  ]);
}

interface ErasureRow {
  id: string;
  user_ids: string[];
  requested_at: number;
  actor: string;
  subject: string;
}

export class PgPrivacyStateStore implements PrivacyStateStore {
  constructor(private readonly db: PgDatabase) {}

  async ingestSwitch(): Promise<IngestSwitch | undefined> {
    const { rows } = await this.db.query<{ paused: boolean; reason: string | null; changed_by: string; changed_at: number }>(
      'SELECT paused, reason, changed_by, changed_at FROM privacy_switch WHERE id = 1',
    );
    const row = rows[0];
    if (!row) return undefined;
    return { paused: row.paused, ...(row.reason !== null ? { reason: row.reason } : {}), by: row.changed_by, at: row.changed_at };
  }

  async setIngestSwitch(state: IngestSwitch, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO privacy_switch (id, paused, reason, changed_by, changed_at) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
        [state.paused, state.reason ?? null, state.by, ms(state.at)],
      );
      await insertAudit(client, audit);
    });
  }

  async expireSamples(before: number, audit: (deleted: number) => AuditEntry): Promise<number> {
    return this.db.transaction(async (client) => {
      const { rowCount } = await client.query('DELETE FROM metric_samples WHERE ts < $1', [ms(before)]);
      await insertAudit(client, audit(rowCount));
      return rowCount;
    });
  }

  async expireAlerting(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    return this.db.transaction(async (client) => {
      const at = [ms(before)];
      const counts = {
        history: (await client.query('DELETE FROM alert_history WHERE happened_at < $1', at)).rowCount,
        notifications: (await client.query("DELETE FROM notifications WHERE status IN ('sent', 'failed') AND created_at < $1", at)).rowCount,
        silences: (await client.query('DELETE FROM silences WHERE ends_at < $1', at)).rowCount,
      };
      await insertAudit(client, audit(counts));
      return counts;
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await insertAudit(this.db, entry);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<{ happened_at: number; action: AuditEntry['action']; actor: string; subject: string | null; details: Record<string, unknown> }>(
      'SELECT happened_at, action, actor, subject, details FROM privacy_audit ORDER BY seq DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ at: r.happened_at, action: r.action, actor: r.actor, ...(r.subject !== null ? { subject: r.subject } : {}), details: r.details }));
  }

  /** Records the erasure and its audit entry; a second request with the same id writes nothing. */
  async requestErasure(erasure: PendingErasure, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO privacy_erasures (id, user_ids, requested_at, actor, subject) VALUES ($1, $2::text[], $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [erasure.id, erasure.userIds, ms(erasure.requestedAt), erasure.actor, erasure.subject],
      );
      if (rowCount === 1) await insertAudit(client, audit);
    });
  }

  async pendingErasures(): Promise<PendingErasure[]> {
    const { rows } = await this.db.query<ErasureRow>(
      'SELECT id, user_ids, requested_at, actor, subject FROM privacy_erasures WHERE completed_at IS NULL ORDER BY requested_at, id',
    );
    return rows.map((r) => ({ id: r.id, userIds: r.user_ids, requestedAt: r.requested_at, actor: r.actor, subject: r.subject }));
  }

  /** Completes a pending erasure (its ids forgotten) with its audit entry; completing it again writes nothing; an unknown id is not_found. */
  async completeErasure(id: string, audit: AuditEntry): Promise<void> {
    await this.db.transaction(async (client) => {
      const { rowCount } = await client.query('UPDATE privacy_erasures SET completed_at = $2, user_ids = NULL WHERE id = $1 AND completed_at IS NULL', [id, ms(audit.at)]);
      if (rowCount === 1) {
        await insertAudit(client, audit);
        return;
      }
      const known = await client.query('SELECT 1 FROM privacy_erasures WHERE id = $1', [id]);
      if (known.rows.length === 0) throw new LaunchwatchError('not_found', `no erasure with id "${id}"`);
    });
  }
}
