/**
 * Alerting state on DuckDB: alert instances, their history, aggregation
 * groups, the notification outbox and silences. A state change and the
 * notifications it owes are written in one transaction (commitAlerting).
 */
import type { NotificationQuery } from '../ports.js';
import type { AggregationGroup, AlertInstance, NotificationRecord, NotificationStatus, Silence, Transition } from '../../alerting/types.js';
import { BIGINT, DOUBLE, INTEGER, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { AlertingChange, DeliveryOutcome, HistoryQuery } from '../types.js';
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

/** A list parameter, typed: DuckDB unnests it into rows. */
interface ListParam {
  readonly value: DuckDBValue;
  readonly type: DuckDBType;
}
const texts = (items: readonly (string | null)[]): ListParam => ({ value: listValue([...items]), type: LIST(VARCHAR) });
const doubles = (items: readonly (number | null)[]): ListParam => ({ value: listValue([...items]), type: LIST(DOUBLE) });
const integers = (items: readonly number[]): ListParam => ({ value: listValue([...items]), type: LIST(INTEGER) });
const bigints = (items: readonly number[]): ListParam => ({ value: listValue(items.map((ms) => BigInt(Math.round(ms)))), type: LIST(BIGINT) });

/** One statement over list parameters. */
async function bulk(connection: DuckDBConnection, sql: string, params: readonly ListParam[]): Promise<void> {
  await connection.run(
    sql,
    params.map((p) => p.value),
    params.map((p) => p.type),
  );
}

/** The last of each key, in first-seen order: an upsert may not name one key twice. */
function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** Upserts go in slices of this many rows: one statement per slice keeps the peak memory of a large change down. */
const UPSERT_ROWS = 5_000;
function* chunks<T>(items: readonly T[]): Generator<readonly T[]> {
  for (let offset = 0; offset < items.length; offset += UPSERT_ROWS) yield items.slice(offset, offset + UPSERT_ROWS);
}

const isEmpty = (c: AlertingChange): boolean =>
  c.instances.length + c.removedInstances.length + c.transitions.length + c.groups.length + c.removedGroups.length + c.notifications.length === 0;

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

  /**
   * The change in one transaction, one statement per table whatever its size (lists bound as
   * parameters and unnested): a tick that changes 10 000 alerts costs a few statements, not 10 000.
   */
  async commitAlerting(change: AlertingChange): Promise<void> {
    if (isEmpty(change)) return;
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        if (change.removedInstances.length > 0) {
          await bulk(connection, 'DELETE FROM alert_instances WHERE fingerprint IN (SELECT unnest($1))', [texts(change.removedInstances)]);
        }
        for (const latest of chunks(lastOfEach(change.instances, (i) => i.fingerprint))) {
          await bulk(connection, 'INSERT OR REPLACE INTO alert_instances SELECT unnest($1), unnest($2)', [
            texts(latest.map((i) => i.fingerprint)),
            texts(latest.map((i) => JSON.stringify(i))),
          ]);
        }
        if (change.transitions.length > 0) {
          const t = change.transitions;
          await bulk(
            connection,
            `INSERT INTO alert_history SELECT epoch_ms(unnest($1)), unnest($2), unnest($3), unnest($4), unnest($5), unnest($6), unnest($7), unnest($8)`,
            [bigints(t.map((x) => x.at)), texts(t.map((x) => x.fingerprint)), texts(t.map((x) => x.rule)), texts(t.map((x) => x.from)), texts(t.map((x) => x.to)), texts(t.map((x) => x.severity)), doubles(t.map((x) => x.value)), texts(t.map((x) => x.reason))],
          );
        }
        if (change.removedGroups.length > 0) {
          await bulk(connection, 'DELETE FROM alert_groups WHERE key IN (SELECT unnest($1))', [texts(change.removedGroups)]);
        }
        for (const latest of chunks(lastOfEach(change.groups, (g) => g.key))) {
          await bulk(connection, 'INSERT OR REPLACE INTO alert_groups SELECT unnest($1), unnest($2)', [texts(latest.map((g) => g.key)), texts(latest.map((g) => JSON.stringify(g)))]);
        }
        if (change.notifications.length > 0) {
          const n = change.notifications;
          const created = bigints(n.map((x) => x.createdAt));
          await bulk(
            connection,
            `INSERT INTO notifications SELECT unnest($1), unnest($2), unnest($3), 'pending', 0, epoch_ms(unnest($4)), epoch_ms(unnest($4)), NULL, NULL`,
            [texts(n.map((x) => x.id)), texts(n.map((x) => x.channel)), texts(n.map((x) => JSON.stringify(x))), created],
          );
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

  /**
   * The outcomes of many delivery attempts in one transaction: one UPDATE per kind of outcome.
   * Each outcome's `attempts` is the count after it (a wait behind another notification adds none).
   */
  async recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const sent = outcomes.filter((o) => o.kind === 'sent');
    const retry = outcomes.filter((o) => o.kind === 'retry');
    const failed = outcomes.filter((o) => o.kind === 'failed');
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        if (sent.length > 0) {
          await bulk(
            connection,
            `UPDATE notifications SET status = 'sent', sent_at = epoch_ms(o.at), attempts = o.attempts, last_error = NULL
             FROM (SELECT unnest($1) AS id, unnest($2) AS at, unnest($3) AS attempts) AS o WHERE notifications.id = o.id`,
            [texts(sent.map((o) => o.id)), bigints(sent.map((o) => o.at)), integers(sent.map((o) => o.attempts))],
          );
        }
        for (const [status, list] of [['pending', retry], ['failed', failed]] as const) {
          if (list.length === 0) continue;
          await bulk(
            connection,
            `UPDATE notifications SET status = '${status}', next_attempt_at = epoch_ms(o.at), attempts = o.attempts, last_error = o.error
             FROM (SELECT unnest($1) AS id, unnest($2) AS at, unnest($3) AS attempts, unnest($4) AS error) AS o WHERE notifications.id = o.id`,
            [texts(list.map((o) => o.id)), bigints(list.map((o) => o.at)), integers(list.map((o) => o.attempts)), texts(list.map((o) => o.error ?? ''))],
          );
        }
      }),
    );
  }

  async markSent(id: string, at: number): Promise<void> {
    // attempts + 1, read in the same statement: the one-outcome form of recordDeliveries.
    await this.db.write((c) => exec(c, `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id, ts(at)]));
  }

  markRetry(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.recordDeliveries([{ kind: 'retry', id, at, attempts, error }]);
  }

  markFailed(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.recordDeliveries([{ kind: 'failed', id, at, attempts, error }]);
  }

  async notifications(query: NotificationQuery): Promise<NotificationRecord[]> {
    const params: Param[] = [];
    const conditions = [
      ...(query.status ? [`status = $${params.push(query.status)}`] : []),
      ...(query.from !== undefined ? [`created_at >= $${params.push(ts(query.from))}`] : []),
      ...(query.to !== undefined ? [`created_at <= $${params.push(ts(query.to))}`] : []),
    ];
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
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
