/**
 * PrivacyStore on DuckDB: the ingest switch (one row), the audit log, and
 * erasure, access and expiry over every ev_<type> table in the file (also
 * tables of event types the plan no longer declares). Reads go through
 * db.read first, which loads whatever the event store still holds in its
 * ingest log, so a purge or an expiry sees every acknowledged event.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Scalar } from '../../plan/types.js';
import type { AuditEntry, IngestSwitch, PrivacyStore, RowCounts, StoredEvent } from '../privacy.js';
import { exec, inTransaction, queryRows, toDuckValue, type DuckDB } from './database.js';
import { quote, type Param } from './sql.js';

export const PRIVACY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS privacy_switch (id INTEGER PRIMARY KEY, paused BOOLEAN NOT NULL, reason VARCHAR, changed_by VARCHAR NOT NULL, changed_at TIMESTAMP NOT NULL)`,
  `CREATE SEQUENCE IF NOT EXISTS privacy_audit_seq START 1`,
  `CREATE TABLE IF NOT EXISTS privacy_audit (
     seq BIGINT PRIMARY KEY DEFAULT nextval('privacy_audit_seq'),
     happened_at TIMESTAMP NOT NULL, action VARCHAR NOT NULL, actor VARCHAR NOT NULL, subject VARCHAR, details VARCHAR NOT NULL
   )`,
];

const EVENT_TABLE = /^ev_[a-z][a-z0-9_]{0,62}$/;

interface EventTable {
  readonly type: string;
  readonly table: string;
  /** Property names, from the p_<name> columns. */
  readonly properties: readonly string[];
}

/** Every event table in the file, from the catalog; names are checked before they are quoted into SQL. */
async function eventTables(connection: DuckDBConnection): Promise<EventTable[]> {
  const rows = await queryRows(
    connection,
    `SELECT table_name AS t, column_name AS c FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main' AND starts_with(table_name, 'ev_') ORDER BY table_name, column_index`,
  );
  const tables = new Map<string, string[]>();
  for (const row of rows) {
    const table = String(row.t);
    if (!EVENT_TABLE.test(table)) continue;
    const columns = tables.get(table) ?? [];
    const column = String(row.c);
    if (column.startsWith('p_')) columns.push(column.slice(2));
    tables.set(table, columns);
  }
  return [...tables].map(([table, properties]) => ({ type: table.slice(3), table: quote(table), properties }));
}

/** Runs a DELETE and gives the number of rows it removed. */
async function deleted(connection: DuckDBConnection, sql: string, params: readonly Param[]): Promise<number> {
  const result = await connection.run(sql, params.map(toDuckValue));
  return Number(result.rowsChanged);
}

function inList(values: readonly string[], offset = 0): string {
  return values.map((_, i) => `$${i + 1 + offset}`).join(', ');
}

function scalar(value: unknown): Scalar | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

async function insertAudit(connection: DuckDBConnection, entry: AuditEntry): Promise<void> {
  await exec(connection, 'INSERT INTO privacy_audit (happened_at, action, actor, subject, details) VALUES ($1, $2, $3, $4, $5)', [
    { timestampMs: entry.at },
    entry.action,
    entry.actor,
    entry.subject ?? null,
    JSON.stringify(entry.details),
  ]);
}

export class DuckDBPrivacyStore implements PrivacyStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBPrivacyStore> {
    await db.write(async (c) => {
      for (const statement of PRIVACY_SCHEMA) await exec(c, statement);
    });
    return new DuckDBPrivacyStore(db);
  }

  async ingestSwitch(): Promise<IngestSwitch | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT paused, reason, changed_by, epoch_ms(changed_at) AS changed FROM privacy_switch WHERE id = 1'));
    const row = rows[0];
    if (!row) return undefined;
    return { paused: Boolean(row.paused), ...(row.reason !== null ? { reason: String(row.reason) } : {}), by: String(row.changed_by), at: Number(row.changed) };
  }

  async setIngestSwitch(state: IngestSwitch, audit: AuditEntry): Promise<void> {
    await this.db.write((c) =>
      inTransaction(c, async () => {
        await exec(c, 'INSERT OR REPLACE INTO privacy_switch VALUES (1, $1, $2, $3, $4)', [state.paused, state.reason ?? null, state.by, { timestampMs: state.at }]);
        await insertAudit(c, audit);
      }),
    );
  }

  async userEvents(userIds: readonly string[]): Promise<StoredEvent[]> {
    if (userIds.length === 0) return [];
    return this.db.read(async (c) => {
      const events: StoredEvent[] = [];
      for (const t of await eventTables(c)) {
        const columns = ['id', 'epoch_ms(ts) AS ts', 'user_id', 'session_id', ...t.properties.map((p) => quote(`p_${p}`))];
        const rows = await queryRows(c, `SELECT ${columns.join(', ')} FROM ${t.table} WHERE user_id IN (${inList(userIds)}) ORDER BY ts, id`, userIds);
        for (const row of rows) {
          events.push({
            type: t.type,
            id: String(row.id),
            ts: Number(row.ts),
            userId: row.user_id === null ? null : String(row.user_id),
            sessionId: row.session_id === null ? null : String(row.session_id),
            properties: Object.fromEntries(t.properties.map((p) => [p, scalar(row[`p_${p}`])])),
          });
        }
      }
      return events.sort((a, b) => a.ts - b.ts || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
    });
  }

  purgeUser(userIds: readonly string[], audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    return this.deleteEvents(`user_id IN (${inList(userIds)})`, userIds, audit);
  }

  expireEvents(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    return this.deleteEvents('ts < $1', [{ timestampMs: before }], audit);
  }

  async expireSamples(before: number, audit: (deleted: number) => AuditEntry): Promise<number> {
    await this.loadPending();
    return this.db.write(async (c) => {
      let count = 0;
      await inTransaction(c, async () => {
        const exists = await queryRows(c, "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'metric_samples'");
        if (exists.length > 0) {
          count = await deleted(c, 'DELETE FROM metric_samples WHERE ts < $1', [{ timestampMs: before }]);
        }
        await insertAudit(c, audit(count));
      });
      return count;
    });
  }

  async expireAlerting(before: number, audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    return this.db.write(async (c) => {
      const counts: Record<string, number> = { history: 0, notifications: 0, silences: 0 };
      await inTransaction(c, async () => {
        const tables = new Set(
          (await queryRows(c, "SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND table_name IN ('alert_history', 'notifications', 'silences')")).map((r) => String(r.name)),
        );
        const at = [{ timestampMs: before }];
        if (tables.has('alert_history')) counts.history = await deleted(c, 'DELETE FROM alert_history WHERE happened_at < $1', at);
        if (tables.has('notifications')) counts.notifications = await deleted(c, "DELETE FROM notifications WHERE status IN ('sent', 'failed') AND created_at < $1", at);
        if (tables.has('silences')) counts.silences = await deleted(c, 'DELETE FROM silences WHERE ends_at < $1', at);
        await insertAudit(c, audit(counts));
      });
      return counts;
    });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.db.write((c) => insertAudit(c, entry));
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.read((c) =>
      queryRows(c, 'SELECT epoch_ms(happened_at) AS happened, action, actor, subject, details FROM privacy_audit ORDER BY seq DESC LIMIT $1', [limit]),
    );
    return rows.map((row) => ({
      at: Number(row.happened),
      action: String(row.action) as AuditEntry['action'],
      actor: String(row.actor),
      ...(row.subject !== null ? { subject: String(row.subject) } : {}),
      details: JSON.parse(String(row.details)) as Record<string, unknown>,
    }));
  }

  /** A read loads the event store's ingest log into the tables (DuckDB.onBeforeRead). */
  private async loadPending(): Promise<void> {
    await this.db.read(async () => undefined);
  }

  private async deleteEvents(where: string, params: readonly Param[], audit: (deleted: RowCounts) => AuditEntry): Promise<RowCounts> {
    await this.loadPending();
    return this.db.write(async (c) => {
      const counts: Record<string, number> = {};
      await inTransaction(c, async () => {
        for (const t of await eventTables(c)) {
          const n = await deleted(c, `DELETE FROM ${t.table} WHERE ${where}`, params);
          if (n > 0) counts[t.type] = n;
        }
        await insertAudit(c, audit(counts));
      });
      return counts;
    });
  }
}
