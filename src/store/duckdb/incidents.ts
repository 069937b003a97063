/**
 * Incidents on DuckDB: the incident (a JSON body with the columns queries
 * filter on), its timeline and its action items. An incident change and its
 * timeline entries are written in one transaction; ids come from sequences,
 * which DuckDB keeps in the file, so an id is never handed out twice.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ActionItem, Incident, TimelineEntry } from '../../incidents/types.js';
import type { IncidentQuery } from '../types.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';
import type { Param } from './sql.js';

export const INCIDENT_SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS incident_ids START 1`,
  `CREATE SEQUENCE IF NOT EXISTS incident_timeline_seq START 1`,
  `CREATE SEQUENCE IF NOT EXISTS action_item_ids START 1`,
  `CREATE TABLE IF NOT EXISTS incidents (
     id VARCHAR PRIMARY KEY, status VARCHAR NOT NULL,
     declared_at TIMESTAMP NOT NULL, resolved_at TIMESTAMP, body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS incident_timeline (
     seq BIGINT NOT NULL DEFAULT nextval('incident_timeline_seq'), incident_id VARCHAR NOT NULL,
     happened_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, is_public BOOLEAN NOT NULL, body VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS incident_action_items (
     id VARCHAR PRIMARY KEY, incident_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, body VARCHAR NOT NULL)`,
];

const ts = (ms: number): Param => ({ timestampMs: ms });

async function insertEntries(connection: DuckDBConnection, entries: readonly TimelineEntry[]): Promise<void> {
  for (const e of entries) {
    await exec(connection, 'INSERT INTO incident_timeline (incident_id, happened_at, kind, is_public, body) VALUES ($1, $2, $3, $4, $5)', [
      e.incidentId, ts(e.at), e.kind, e.public, JSON.stringify(e),
    ]);
  }
}

export class DuckDBIncidentState {
  constructor(private readonly db: DuckDB) {}

  async nextIncidentId(): Promise<string> {
    const rows = await this.db.write((c) => queryRows(c, `SELECT nextval('incident_ids') AS n`));
    return `INC-${Number(rows[0]?.n)}`;
  }

  async nextActionItemId(): Promise<string> {
    const rows = await this.db.write((c) => queryRows(c, `SELECT nextval('action_item_ids') AS n`));
    return `AI-${Number(rows[0]?.n)}`;
  }

  async putIncident(incident: Incident, entries: readonly TimelineEntry[]): Promise<void> {
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        await exec(connection, 'INSERT OR REPLACE INTO incidents VALUES ($1, $2, $3, $4, $5)', [
          incident.id,
          incident.status,
          ts(incident.declaredAt),
          incident.resolvedAt === null ? null : ts(incident.resolvedAt),
          JSON.stringify(incident),
        ]);
        await insertEntries(connection, entries);
      }),
    );
  }

  async incident(id: string): Promise<Incident | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM incidents WHERE id = $1', [id]));
    const row = rows[0];
    return row ? (JSON.parse(String(row.body)) as Incident) : undefined;
  }

  async incidents(query: IncidentQuery): Promise<Incident[]> {
    const where: string[] = [];
    const params: Param[] = [];
    if (query.status === 'open') where.push(`status <> 'resolved'`);
    else if (query.status !== undefined) where.push(`status = $${params.push(query.status)}`);
    if (query.to !== undefined) where.push(`declared_at <= $${params.push(ts(query.to))}`);
    if (query.from !== undefined) where.push(`(resolved_at IS NULL OR resolved_at >= $${params.push(ts(query.from))})`);
    const sql = `SELECT body FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY declared_at DESC, TRY_CAST(substr(id, 5) AS BIGINT) DESC, id DESC`;
    const rows = await this.db.read((c) => queryRows(c, sql, params));
    return rows.map((row) => JSON.parse(String(row.body)) as Incident);
  }

  async appendTimeline(entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.write((connection) => inTransaction(connection, () => insertEntries(connection, entries)));
  }

  async timeline(incidentId: string, options: { publicOnly?: boolean } = {}): Promise<TimelineEntry[]> {
    const sql = `SELECT body FROM incident_timeline WHERE incident_id = $1 ${options.publicOnly ? 'AND is_public' : ''} ORDER BY happened_at, seq`;
    const rows = await this.db.read((c) => queryRows(c, sql, [incidentId]));
    return rows.map((row) => JSON.parse(String(row.body)) as TimelineEntry);
  }

  async putActionItem(item: ActionItem, entries: readonly TimelineEntry[] = []): Promise<void> {
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        await exec(connection, 'INSERT OR REPLACE INTO incident_action_items VALUES ($1, $2, $3, $4)', [item.id, item.incidentId, ts(item.createdAt), JSON.stringify(item)]);
        await insertEntries(connection, entries);
      }),
    );
  }

  async actionItems(incidentId: string): Promise<ActionItem[]> {
    const rows = await this.db.read((c) =>
      queryRows(c, 'SELECT body FROM incident_action_items WHERE incident_id = $1 ORDER BY created_at, TRY_CAST(substr(id, 4) AS BIGINT), id', [incidentId]),
    );
    return rows.map((row) => JSON.parse(String(row.body)) as ActionItem);
  }
}
