/**
 * How far a migration has come, in PostgreSQL (`launchwatch_migrate_progress`,
 * migration 2): per table, the key of the last row copied (a JSON array of the
 * key's values) and the rows copied so far. A run resumes after that key.
 */
import type { Queryable } from '../postgres/database.js';

export type Key = readonly (string | number)[];

export interface Progress {
  readonly lastKey: Key;
  readonly rows: number;
}

export async function readProgress(db: Queryable): Promise<Map<string, Progress>> {
  const { rows } = await db.query<{ name: string; last_key: string; rows: number }>('SELECT name, last_key, rows FROM launchwatch_migrate_progress');
  return new Map(rows.map((r) => [r.name, { lastKey: JSON.parse(r.last_key) as Key, rows: r.rows }]));
}

/** Records the table's progress; in the transaction that wrote its rows, where there is one. */
export async function saveProgress(db: Queryable, name: string, progress: Progress, now: number): Promise<void> {
  await db.query(
    `INSERT INTO launchwatch_migrate_progress (name, last_key, rows, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET last_key = excluded.last_key, rows = excluded.rows, updated_at = excluded.updated_at`,
    [name, JSON.stringify(progress.lastKey), progress.rows, Math.round(now)],
  );
}
