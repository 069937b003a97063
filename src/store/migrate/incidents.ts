/**
 * Incidents (IncidentStore.putIncident, an upsert by id), their action items
 * (putActionItem), their timelines (SQL: each entry keeps its sequence number,
 * which orders entries at the same moment), and the id counters: INC-, AI- and
 * BL- numbers handed out by the embedded installation are never handed out
 * again by the scale-out one.
 */
import type { ActionItem, Incident } from '../../incidents/types.js';
import { LaunchwatchError } from '../../errors.js';
import { identityPast, num, parsed, sameTable, text, type RecordKind } from './kind.js';
import type { Source } from './source.js';
import type { Target } from './target.js';

export function incidents(): RecordKind {
  return sameTable('incidents', {
    select: 'SELECT id, body FROM incidents',
    key: ['id'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.state.putIncident(parsed<Incident>(row.body), []);
    },
  });
}

export function actionItems(): RecordKind {
  return sameTable('incident_action_items', {
    select: 'SELECT id, body FROM incident_action_items',
    key: ['id'],
    write: async (rows, _tx, target) => {
      for (const row of rows) await target.state.state.putActionItem(parsed<ActionItem>(row.body), []);
    },
  });
}

export function incidentTimeline(): RecordKind {
  return sameTable('incident_timeline', {
    select: 'SELECT seq, incident_id, epoch_ms(happened_at) AS happened_at, kind, is_public, body FROM incident_timeline',
    key: ['seq'],
    write: async (rows, tx) => {
      await tx.query(
        `INSERT INTO incident_timeline (seq, incident_id, happened_at, kind, is_public, body) OVERRIDING SYSTEM VALUE
         SELECT seq, incident_id, happened_at, kind, is_public, body::json
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::boolean[], $6::text[]) AS e(seq, incident_id, happened_at, kind, is_public, body)
         ON CONFLICT (seq) DO NOTHING`,
        [rows.map((r) => num(r.seq)), rows.map((r) => text(r.incident_id)), rows.map((r) => num(r.happened_at)), rows.map((r) => text(r.kind)), rows.map((r) => Boolean(r.is_public)), rows.map((r) => text(r.body))],
      );
    },
    finish: (target) => identityPast(target, 'incident_timeline', 'seq'),
  });
}

/** The sequences behind INC-<n>, AI-<n> and BL-<n> (the same names on both sides), and the ids they number. */
export const COUNTERS = ['incident_ids', 'action_item_ids', 'backlog_ids'] as const;
export type Counter = (typeof COUNTERS)[number];
const NUMBERED: Record<Counter, { table: string; prefix: string }> = {
  incident_ids: { table: 'incidents', prefix: 'INC-' },
  action_item_ids: { table: 'incident_action_items', prefix: 'AI-' },
  backlog_ids: { table: 'backlog_items', prefix: 'BL-' },
};

/**
 * The next number each counter of the DuckDB file hands out. In a file opened afresh, where no number was
 * drawn yet, duckdb_sequences() reports as last_value the value the sequence stores, which is the next one
 * (nextval gives it); and never less than one past the largest id stored.
 */
export async function sourceCounters(source: Source): Promise<Record<Counter, number>> {
  const rows = await source.rows('SELECT sequence_name AS name, last_value FROM duckdb_sequences() WHERE database_name = current_database()');
  const stored = new Map(rows.map((r) => [String(r.name), r.last_value === null ? 1 : Number(r.last_value)]));
  const next: Partial<Record<Counter, number>> = {};
  for (const counter of COUNTERS) {
    const { table, prefix } = NUMBERED[counter];
    const [row] = await source.rows(`SELECT max(TRY_CAST(substr(id, ${prefix.length + 1}) AS BIGINT)) AS n FROM ${table} WHERE starts_with(id, $1)`, [prefix]);
    next[counter] = Math.max(stored.get(counter) ?? 1, Number(row?.n ?? 0) + 1);
  }
  return next as Record<Counter, number>;
}

/** The next number each counter of the PostgreSQL state would hand out. */
export async function targetCounters(target: Target): Promise<Record<Counter, number>> {
  const next: Partial<Record<Counter, number>> = {};
  for (const counter of COUNTERS) {
    const { rows } = await target.db.query<{ n: number | null }>('SELECT pg_sequence_last_value($1::regclass) AS n', [counter]);
    next[counter] = (rows[0]?.n ?? 0) + 1;
  }
  return next as Record<Counter, number>;
}

/** Moves each PostgreSQL counter up to the DuckDB one (never down): idempotent. */
export async function copyCounters(source: Source, target: Target): Promise<void> {
  const wanted = await sourceCounters(source);
  for (const counter of COUNTERS) {
    const next = wanted[counter];
    if (!Number.isSafeInteger(next)) throw new LaunchwatchError('internal', `counter ${counter} is not a number`);
    if (next <= 1) continue;
    await target.db.query(`SELECT setval($1::regclass, GREATEST($2::bigint, COALESCE(pg_sequence_last_value($1::regclass), 0)))`, [counter, next - 1]);
  }
}
