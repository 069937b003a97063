/**
 * Alerting state on DuckDB: alert instances, their history, aggregation
 * groups, the notification outbox and silences. A state change and the
 * notifications it owes are written in one transaction (commitAlerting).
 */
import type { AggregationGroup, AlertInstance, NotificationRecord, NotificationStatus, Silence, Transition } from '../../alerting/types.js';
import type { AlertingChange, HistoryQuery } from '../types.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';
import type { Param } from './sql.js';

export const ALERT_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS alert_instances (fingerprint VARCHAR PRIMARY KEY, body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alert_history (
     happened_at TIMESTAMP NOT NULL, fingerprint VARCHAR NOT NULL, rule VARCHAR NOT NULL,
     from_state VARCHAR NOT NULL, to_state VARCHAR NOT NULL, severity VARCHAR, value DOUBLE, reason VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alert_groups (key VARCHAR PRIMARY KEY, body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notifications (
     id VARCHAR PRIMARY KEY, channel VARCHAR NOT NULL, body VARCHAR NOT NULL,
     status VARCHAR NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TIMESTAMP NOT NULL,
     created_at TIMESTAMP NOT NULL, sent_at TIMESTAMP, last_error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS silences (id VARCHAR PRIMARY KEY, body VARCHAR NOT NULL, ends_at TIMESTAMP NOT NULL)`,
];

const ts = (ms: number): Param => ({ timestampMs: ms });

function toRecord(row: Record<string, unknown>): NotificationRecord {
  const body = JSON.parse(String(row.body)) as Omit<NotificationRecord, 'delivery' | 'attempts' | 'nextAttemptAt' | 'sentAt' | 'lastError'>;
  return {
    ...body,
    delivery: String(row.status) as NotificationStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    lastError: row.last_error === null ? null : String(row.last_error),
  };
}

const NOTIFICATION_COLUMNS = `id, body, status, attempts, epoch_ms(next_attempt_at) AS next_attempt_at, epoch_ms(sent_at) AS sent_at, last_error`;

export class DuckDBAlertState {
  constructor(private readonly db: DuckDB) {}

  async loadAlerting(): Promise<{ instances: AlertInstance[]; groups: AggregationGroup[] }> {
    return this.db.read(async (connection) => {
      const instances = await queryRows(connection, 'SELECT body FROM alert_instances ORDER BY fingerprint');
      const groups = await queryRows(connection, 'SELECT body FROM alert_groups ORDER BY key');
      return {
        instances: instances.map((row) => JSON.parse(String(row.body)) as AlertInstance),
        groups: groups.map((row) => JSON.parse(String(row.body)) as AggregationGroup),
      };
    });
  }

  async commitAlerting(change: AlertingChange): Promise<void> {
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        for (const instance of change.instances) {
          await exec(connection, 'INSERT OR REPLACE INTO alert_instances VALUES ($1, $2)', [instance.fingerprint, JSON.stringify(instance)]);
        }
        for (const fingerprint of change.removedInstances) await exec(connection, 'DELETE FROM alert_instances WHERE fingerprint = $1', [fingerprint]);
        for (const t of change.transitions) {
          await exec(connection, 'INSERT INTO alert_history VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
            ts(t.at), t.fingerprint, t.rule, t.from, t.to, t.severity, t.value, t.reason,
          ]);
        }
        for (const group of change.groups) await exec(connection, 'INSERT OR REPLACE INTO alert_groups VALUES ($1, $2)', [group.key, JSON.stringify(group)]);
        for (const key of change.removedGroups) await exec(connection, 'DELETE FROM alert_groups WHERE key = $1', [key]);
        for (const n of change.notifications) {
          await exec(connection, `INSERT INTO notifications VALUES ($1, $2, $3, 'pending', 0, $4, $5, NULL, NULL)`, [
            n.id, n.channel, JSON.stringify(n), ts(n.createdAt), ts(n.createdAt),
          ]);
        }
      }),
    );
  }

  async alertHistory(query: HistoryQuery): Promise<Transition[]> {
    const where: string[] = [];
    const params: Param[] = [];
    if (query.fingerprint !== undefined) where.push(`fingerprint = $${params.push(query.fingerprint)}`);
    if (query.from !== undefined) where.push(`happened_at >= $${params.push(ts(query.from))}`);
    if (query.to !== undefined) where.push(`happened_at <= $${params.push(ts(query.to))}`);
    const sql = `SELECT epoch_ms(happened_at) AS happened, fingerprint, rule, from_state, to_state, severity, value, reason FROM alert_history
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY happened_at DESC LIMIT $${params.push(query.limit ?? 500)}`;
    const rows = await this.db.read((connection) => queryRows(connection, sql, params));
    return rows.map((row) => ({
      at: Number(row.happened),
      fingerprint: String(row.fingerprint),
      rule: String(row.rule),
      from: String(row.from_state) as Transition['from'],
      to: String(row.to_state) as Transition['to'],
      severity: row.severity === null ? null : (String(row.severity) as Transition['severity']),
      value: row.value === null ? null : Number(row.value),
      reason: String(row.reason) as Transition['reason'],
    }));
  }

  // The outbox.

  async due(now: number, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.db.read((connection) =>
      queryRows(connection, `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2`, [ts(now), limit]),
    );
    return rows.map(toRecord);
  }

  async markSent(id: string, at: number): Promise<void> {
    await this.db.write((c) => exec(c, `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id, ts(at)]));
  }

  async markRetry(id: string, at: number, attempts: number, error: string): Promise<void> {
    await this.db.write((c) => exec(c, `UPDATE notifications SET next_attempt_at = $2, attempts = $3, last_error = $4 WHERE id = $1`, [id, ts(at), attempts, error]));
  }

  async markFailed(id: string, at: number, attempts: number, error: string): Promise<void> {
    await this.db.write((c) =>
      exec(c, `UPDATE notifications SET status = 'failed', next_attempt_at = $2, attempts = $3, last_error = $4 WHERE id = $1`, [id, ts(at), attempts, error]),
    );
  }

  async notifications(query: { status?: NotificationStatus; limit?: number }): Promise<NotificationRecord[]> {
    const params: Param[] = [];
    const where = query.status ? `WHERE status = $${params.push(query.status)}` : '';
    const sql = `SELECT ${NOTIFICATION_COLUMNS} FROM notifications ${where} ORDER BY created_at DESC, id LIMIT $${params.push(query.limit ?? 200)}`;
    const rows = await this.db.read((connection) => queryRows(connection, sql, params));
    return rows.map(toRecord);
  }

  async retrying(): Promise<NotificationRecord[]> {
    const sql = `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE status = 'pending' AND attempts > 0 ORDER BY created_at, id`;
    const rows = await this.db.read((connection) => queryRows(connection, sql));
    return rows.map(toRecord);
  }

  // Silences.

  async putSilence(silence: Silence): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT OR REPLACE INTO silences VALUES ($1, $2, $3)', [silence.id, JSON.stringify(silence), ts(silence.endsAt)]));
  }

  async silences(): Promise<Silence[]> {
    const rows = await this.db.read((connection) => queryRows(connection, 'SELECT body FROM silences ORDER BY id'));
    return rows.map((row) => JSON.parse(String(row.body)) as Silence);
  }
}
