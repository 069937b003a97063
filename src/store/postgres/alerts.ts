/**
 * Alerting state on PostgreSQL: alert instances, their history, aggregation
 * groups, the notification outbox and silences. A change and the
 * notifications it owes are written in one transaction (commitAlerting), each
 * table by a few set statements over array parameters (unnest; JSON bodies as
 * one JSON array, database.ts jsonArray), in slices.
 */
import type { NotificationQuery } from '../ports.js';
import type { AggregationGroup, AlertInstance, NotificationRecord, NotificationRequest, NotificationStatus, Silence, Transition } from '../../alerting/types.js';
import type { AlertingChange, DeliveryOutcome, HistoryQuery } from '../types.js';
import { jsonArray, ms, type PgDatabase, type PgParam, type Queryable } from './database.js';

/** Rows per statement: one statement per slice keeps a large change's parameters and memory bounded. */
const SLICE = 5_000;
function* slices<T>(items: readonly T[]): Generator<readonly T[]> {
  for (let offset = 0; offset < items.length; offset += SLICE) yield items.slice(offset, offset + SLICE);
}

/** The last of each key, in first-seen order: an upsert may not name one key twice. */
export function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

const isEmpty = (c: AlertingChange): boolean =>
  c.instances.length + c.removedInstances.length + c.transitions.length + c.groups.length + c.removedGroups.length + c.notifications.length === 0;

interface NotificationRow {
  body: Omit<NotificationRecord, 'delivery' | 'attempts' | 'nextAttemptAt' | 'sentAt' | 'lastError'>;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}

const NOTIFICATION_COLUMNS = 'body, status, attempts, next_attempt_at, sent_at, last_error';

function toRecord(row: NotificationRow): NotificationRecord {
  return { ...row.body, delivery: row.status, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, sentAt: row.sent_at, lastError: row.last_error };
}

/** Writes new outbox rows (pending, never attempted), shared with the digest store. Fails on an id already written. */
export async function insertNotifications(client: Queryable, notifications: readonly NotificationRequest[]): Promise<void> {
  for (const n of slices(notifications)) {
    await client.query(
      `INSERT INTO notifications (id, channel, body, status, attempts, next_attempt_at, created_at)
       SELECT id, channel, body, 'pending', 0, created, created
       FROM ROWS FROM (unnest($1::text[], $2::text[], $3::bigint[]), json_array_elements($4::json)) AS n(id, channel, created, body)`,
      [n.map((x) => x.id), n.map((x) => x.channel), n.map((x) => ms(x.createdAt)), jsonArray(n.map((x) => JSON.stringify(x)))],
    );
  }
}

async function upsertBodies(client: Queryable, table: 'alert_instances' | 'alert_groups', key: 'fingerprint' | 'key', rows: readonly { key: string; body: string }[]): Promise<void> {
  for (const slice of slices(rows)) {
    await client.query(
      `INSERT INTO ${table} (${key}, body) SELECT * FROM ROWS FROM (unnest($1::text[]), json_array_elements($2::json))
       ON CONFLICT (${key}) DO UPDATE SET body = excluded.body`,
      [slice.map((r) => r.key), jsonArray(slice.map((r) => r.body))],
    );
  }
}

async function insertTransitions(client: Queryable, transitions: readonly Transition[]): Promise<void> {
  for (const t of slices(transitions)) {
    await client.query(
      `INSERT INTO alert_history (happened_at, fingerprint, rule, from_state, to_state, severity, value, reason)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[])`,
      [t.map((x) => ms(x.at)), t.map((x) => x.fingerprint), t.map((x) => x.rule), t.map((x) => x.from), t.map((x) => x.to), t.map((x) => x.severity), t.map((x) => x.value), t.map((x) => x.reason)],
    );
  }
}

async function deleteKeys(client: Queryable, table: 'alert_instances' | 'alert_groups', key: 'fingerprint' | 'key', keys: readonly string[]): Promise<void> {
  for (const slice of slices(keys)) await client.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::text[])`, [slice]);
}

export class PgAlertState {
  constructor(private readonly db: PgDatabase) {}

  async loadAlerting(): Promise<{ instances: AlertInstance[]; groups: AggregationGroup[] }> {
    const instances = await this.db.query<{ body: AlertInstance }>('SELECT body FROM alert_instances ORDER BY fingerprint');
    const groups = await this.db.query<{ body: AggregationGroup }>('SELECT body FROM alert_groups ORDER BY key');
    return { instances: instances.rows.map((r) => r.body), groups: groups.rows.map((r) => r.body) };
  }

  /** The change in one transaction: removals, then upserts (the last of a repeated key winning), history, and the outbox rows. */
  async commitAlerting(change: AlertingChange): Promise<void> {
    if (isEmpty(change)) return;
    await this.db.transaction(async (client) => {
      await deleteKeys(client, 'alert_instances', 'fingerprint', change.removedInstances);
      const instances = lastOfEach(change.instances, (i) => i.fingerprint).map((i) => ({ key: i.fingerprint, body: JSON.stringify(i) }));
      await upsertBodies(client, 'alert_instances', 'fingerprint', instances);
      await insertTransitions(client, change.transitions);
      await deleteKeys(client, 'alert_groups', 'key', change.removedGroups);
      await upsertBodies(client, 'alert_groups', 'key', lastOfEach(change.groups, (g) => g.key).map((g) => ({ key: g.key, body: JSON.stringify(g) })));
      await insertNotifications(client, change.notifications);
    });
  }

  async alertHistory(query: HistoryQuery): Promise<Transition[]> {
    const where: string[] = [];
    const params: PgParam[] = [];
    if (query.fingerprint !== undefined) where.push(`fingerprint = $${params.push(query.fingerprint)}`);
    if (query.from !== undefined) where.push(`happened_at >= $${params.push(ms(query.from))}`);
    if (query.to !== undefined) where.push(`happened_at <= $${params.push(ms(query.to))}`);
    const sql = `SELECT happened_at, fingerprint, rule, from_state, to_state, severity, value, reason FROM alert_history
                 ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY happened_at DESC, seq DESC LIMIT $${params.push(query.limit ?? 500)}`;
    const { rows } = await this.db.query<{
      happened_at: number;
      fingerprint: string;
      rule: string;
      from_state: Transition['from'];
      to_state: Transition['to'];
      severity: Transition['severity'];
      value: number | null;
      reason: Transition['reason'];
    }>(sql, params);
    return rows.map((r) => ({ at: r.happened_at, fingerprint: r.fingerprint, rule: r.rule, from: r.from_state, to: r.to_state, severity: r.severity, value: r.value, reason: r.reason }));
  }

  // The outbox. Only the leader drains it, so `due` is a plain read.

  async due(now: number, limit: number): Promise<NotificationRecord[]> {
    const { rows } = await this.db.query<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2`,
      [ms(now), limit],
    );
    return rows.map(toRecord);
  }

  /** The outcomes of many attempts in one transaction: one UPDATE per kind of outcome, over array parameters. */
  async recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const sent = outcomes.filter((o) => o.kind === 'sent');
    const retry = outcomes.filter((o) => o.kind === 'retry');
    const failed = outcomes.filter((o) => o.kind === 'failed');
    await this.db.transaction(async (client) => {
      for (const s of slices(sent)) {
        await client.query(
          `UPDATE notifications SET status = 'sent', sent_at = o.at, attempts = o.attempts, last_error = NULL
           FROM unnest($1::text[], $2::bigint[], $3::int[]) AS o(id, at, attempts) WHERE notifications.id = o.id`,
          [s.map((o) => o.id), s.map((o) => ms(o.at)), s.map((o) => o.attempts)],
        );
      }
      for (const [status, list] of [['pending', retry], ['failed', failed]] as const) {
        for (const s of slices(list)) {
          await client.query(
            `UPDATE notifications SET status = $5, next_attempt_at = o.at, attempts = o.attempts, last_error = o.error
             FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[]) AS o(id, at, attempts, error) WHERE notifications.id = o.id`,
            [s.map((o) => o.id), s.map((o) => ms(o.at)), s.map((o) => o.attempts), s.map((o) => o.error ?? ''), status],
          );
        }
      }
    });
  }

  async markSent(id: string, at: number): Promise<void> {
    await this.db.query(`UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id, ms(at)]);
  }

  markRetry(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.recordDeliveries([{ kind: 'retry', id, at, attempts, error }]);
  }

  markFailed(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.recordDeliveries([{ kind: 'failed', id, at, attempts, error }]);
  }

  async notifications(query: NotificationQuery): Promise<NotificationRecord[]> {
    const params: PgParam[] = [];
    const conditions = [
      ...(query.status ? [`status = $${params.push(query.status)}`] : []),
      ...(query.from !== undefined ? [`created_at >= $${params.push(ms(query.from))}`] : []),
      ...(query.to !== undefined ? [`created_at <= $${params.push(ms(query.to))}`] : []),
    ];
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sql = `SELECT ${NOTIFICATION_COLUMNS} FROM notifications ${where} ORDER BY created_at DESC, id LIMIT $${params.push(query.limit ?? 200)}`;
    return (await this.db.query<NotificationRow>(sql, params)).rows.map(toRecord);
  }

  async retrying(): Promise<NotificationRecord[]> {
    const sql = `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE status = 'pending' AND attempts > 0 ORDER BY created_at, id`;
    return (await this.db.query<NotificationRow>(sql)).rows.map(toRecord);
  }

  // Silences.

  async putSilence(silence: Silence): Promise<void> {
    await this.db.query('INSERT INTO silences (id, body, ends_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET body = excluded.body, ends_at = excluded.ends_at', [
      silence.id,
      JSON.stringify(silence),
      ms(silence.endsAt),
    ]);
  }

  async silences(): Promise<Silence[]> {
    return (await this.db.query<{ body: Silence }>('SELECT body FROM silences ORDER BY id')).rows.map((r) => r.body);
  }
}
