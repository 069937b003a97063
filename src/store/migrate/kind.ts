/**
 * One kind of record a migration copies: where its rows are in the DuckDB
 * file, the key they are read in order of (a run resumes after the last key
 * copied), how a batch is written to the target, and how its rows are counted
 * on both sides for the check at the end.
 *
 * A batch written with parametrised SQL goes in the transaction that records
 * the progress, so it is stored exactly once; a batch written through a store
 * port (an upsert by the record's key) or to ClickHouse (deduplicated by id)
 * may be written again by a run that resumes, and is still stored once.
 */
import type { Queryable } from '../postgres/database.js';
import type { Key } from './progress.js';
import type { Source, SourceRow } from './source.js';
import type { Target } from './target.js';

export interface RecordKind {
  /** The name in the progress table and in the count check, e.g. `notifications` or `events command`. */
  readonly name: string;
  /** The select over the DuckDB file, one row per record; its output columns include the key's. */
  readonly select: string;
  /** Output columns of `select` the rows are read in order of (compared as a row: `(a, b) > ($1, $2)`). */
  readonly key: readonly string[];
  /** Writes a batch; `tx` is the PostgreSQL transaction the progress is saved in. */
  write(rows: readonly SourceRow[], tx: Queryable, target: Target): Promise<void>;
  /** Records in the source, for the check. */
  sourceCount(source: Source): Promise<number>;
  /** Records in the target, for the check. */
  targetCount(target: Target): Promise<number>;
  /** After the last batch, in every run: e.g. an identity sequence moved past the copied numbers. */
  finish?(target: Target): Promise<void>;
}

/** The rows after `after` (none: from the start), in key order: read as one stream. */
export function batchQuery(kind: RecordKind, after: Key | undefined): string {
  const keys = kind.key.join(', ');
  const where = after ? ` WHERE (${keys}) > (${kind.key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
  return `SELECT * FROM (${kind.select}) AS r${where} ORDER BY ${keys}`;
}

/** The key of a row, as recorded in the progress table. */
export function keyOf(kind: RecordKind, row: SourceRow): Key {
  return kind.key.map((k) => {
    const value = row[k];
    return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : String(value);
  });
}

// Values as DuckDB hands them (BIGINT as bigint, TIMESTAMP read through epoch_ms), for the writers.

export const num = (value: unknown): number => Number(value);
export const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
export const text = (value: unknown): string => String(value);
export const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const parsed = <T>(value: unknown): T => JSON.parse(String(value)) as T;

/** Rows of a DuckDB table or select. */
export async function countSource(source: Source, from: string): Promise<number> {
  const [row] = await source.rows(`SELECT count(*) AS n FROM ${from}`);
  return Number(row?.n ?? 0);
}

/** Rows of a PostgreSQL table (a name of launchwatch's own schema, never input). */
export async function countTarget(target: Target, table: string): Promise<number> {
  const { rows } = await target.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}

/** A kind whose table has the same name on both sides, counted as rows. */
export function sameTable(table: string, kind: Omit<RecordKind, 'name' | 'sourceCount' | 'targetCount'>): RecordKind {
  return { name: table, sourceCount: (s) => countSource(s, table), targetCount: (t) => countTarget(t, table), ...kind };
}

/** Moves an identity column's sequence past the largest number copied into it, so new rows never take one. */
export async function identityPast(target: Target, table: string, column: string): Promise<void> {
  await target.db.query(`SELECT setval(pg_get_serial_sequence($1, $2), max(${column})) FROM ${table} HAVING max(${column}) IS NOT NULL`, [table, column]);
}
