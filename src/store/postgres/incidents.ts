/**
 * Incidents on PostgreSQL: the incident (a JSON body beside the columns
 * queries filter on), its timeline and its action items. An incident change
 * and its timeline entries are written in one transaction; ids come from
 * sequences, so an id is never handed out twice, across restarts and
 * replicas.
 */
import type { ActionItem, Incident, TimelineEntry } from '../../incidents/types.js';
import type { IncidentQuery } from '../types.js';
import { jsonArray, ms, type PgDatabase, type PgParam, type Queryable } from './database.js';

/** Entries in the order given: the identity column numbers them in that order, which breaks ties of time. */
async function insertEntries(client: Queryable, entries: readonly TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `INSERT INTO incident_timeline (incident_id, happened_at, kind, is_public, body)
     SELECT incident_id, happened_at, kind, is_public, body
     FROM ROWS FROM (unnest($1::text[], $2::bigint[], $3::text[], $4::boolean[]), json_array_elements($5::json)) WITH ORDINALITY AS e(incident_id, happened_at, kind, is_public, body, n)
     ORDER BY n`,
    [entries.map((e) => e.incidentId), entries.map((e) => ms(e.at)), entries.map((e) => e.kind), entries.map((e) => e.public), jsonArray(entries.map((e) => JSON.stringify(e)))],
  );
}

/** The number of an id like INC-12 or AI-3 (by its prefix's length), for ordering; ids without one sort last. */
const idNumber = (prefixLength: number): string => `(CASE WHEN substr(id, ${prefixLength + 1}) ~ '^[0-9]{1,18}$' THEN substr(id, ${prefixLength + 1})::bigint END)`;

export class PgIncidentState {
  constructor(private readonly db: PgDatabase) {}

  async nextIncidentId(): Promise<string> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT nextval('incident_ids') AS n`);
    return `INC-${rows[0]?.n}`;
  }

  async nextActionItemId(): Promise<string> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT nextval('action_item_ids') AS n`);
    return `AI-${rows[0]?.n}`;
  }

  async putIncident(incident: Incident, entries: readonly TimelineEntry[]): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO incidents (id, status, declared_at, resolved_at, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, declared_at = excluded.declared_at, resolved_at = excluded.resolved_at, body = excluded.body`,
        [incident.id, incident.status, ms(incident.declaredAt), incident.resolvedAt === null ? null : ms(incident.resolvedAt), JSON.stringify(incident)],
      );
      await insertEntries(client, entries);
    });
  }

  async incident(id: string): Promise<Incident | undefined> {
    const { rows } = await this.db.query<{ body: Incident }>('SELECT body FROM incidents WHERE id = $1', [id]);
    return rows[0]?.body;
  }

  async incidents(query: IncidentQuery): Promise<Incident[]> {
    const where: string[] = [];
    const params: PgParam[] = [];
    if (query.status === 'open') where.push(`status <> 'resolved'`);
    else if (query.status !== undefined) where.push(`status = $${params.push(query.status)}`);
    if (query.to !== undefined) where.push(`declared_at <= $${params.push(ms(query.to))}`);
    if (query.from !== undefined) where.push(`(resolved_at IS NULL OR resolved_at >= $${params.push(ms(query.from))})`);
    const sql = `SELECT body FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY declared_at DESC, ${idNumber(4)} DESC NULLS LAST, id DESC`;
    return (await this.db.query<{ body: Incident }>(sql, params)).rows.map((r) => r.body);
  }

  async appendTimeline(entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.transaction((client) => insertEntries(client, entries));
  }

  async timeline(incidentId: string, options: { publicOnly?: boolean } = {}): Promise<TimelineEntry[]> {
    const sql = `SELECT body FROM incident_timeline WHERE incident_id = $1 ${options.publicOnly ? 'AND is_public' : ''} ORDER BY happened_at, seq`;
    return (await this.db.query<{ body: TimelineEntry }>(sql, [incidentId])).rows.map((r) => r.body);
  }

  async putActionItem(item: ActionItem, entries: readonly TimelineEntry[] = []): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO incident_action_items (id, incident_id, created_at, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, created_at = excluded.created_at, body = excluded.body`,
        [item.id, item.incidentId, ms(item.createdAt), JSON.stringify(item)],
      );
      await insertEntries(client, entries);
    });
  }

  async actionItems(incidentId: string): Promise<ActionItem[]> {
    const { rows } = await this.db.query<{ body: ActionItem }>(
      `SELECT body FROM incident_action_items WHERE incident_id = $1 ORDER BY created_at, ${idNumber(3)} NULLS LAST, id`,
      [incidentId],
    );
    return rows.map((r) => r.body);
  }
}
