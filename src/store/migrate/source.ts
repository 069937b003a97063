/**
 * The embedded installation being copied: its DuckDB file, opened the way the
 * server opens it (the tables created when missing, the ingest log loaded into
 * the event tables, so every acknowledged event is read), then checkpointed, so
 * that row ids stay as they are for a run that resumes this one.
 *
 * A server still running on the data directory holds DuckDB's lock on the file:
 * that is refused, naming the directory, before anything is read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LaunchwatchError } from '../../errors.js';
import type { PropertyType } from '../../plan/types.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDB, queryRows, toDuckValue } from '../duckdb/database.js';
import { DuckDBDigestStore } from '../duckdb/digests.js';
import { storedLayouts } from '../duckdb/event-tables.js';
import { DuckDBEventStore } from '../duckdb/events.js';
import { DuckDBGithubStore } from '../duckdb/github.js';
import { DuckDBOnCallStore } from '../duckdb/oncall.js';
import { DuckDBTalkStore } from '../duckdb/talk.js';
import { openImpactStores } from '../duckdb/impact.js';
import { DuckDBPrivacyStore } from '../duckdb/privacy.js';
import type { Param } from '../duckdb/sql.js';
import { DuckDBStateStore } from '../duckdb/state.js';

export type SourceRow = Record<string, unknown>;

export interface Source {
  /** Rows of a query on the DuckDB file, as plain JS values. */
  rows(sql: string, params?: readonly Param[]): Promise<SourceRow[]>;
  /**
   * A query's rows streamed in batches of `size` (the last one may be smaller) to `each`, which returns
   * false to stop: one query over a whole table, read as it is written elsewhere. Values as DuckDB gives
   * them (BIGINT as bigint).
   */
  scan(sql: string, params: readonly Param[], size: number, each: (rows: SourceRow[]) => Promise<boolean>): Promise<void>;
  /** Every event table in the file: its type and its properties with their stored types, in column order. */
  readonly eventTables: ReadonlyMap<string, ReadonlyMap<string, PropertyType>>;
  close(): Promise<void>;
}

/** What DuckDB says when another process has the file open. */
const LOCKED = /Could not set lock on file/i;

export async function openSource(dataDir: string): Promise<Source> {
  const path = join(dataDir, 'launchwatch.duckdb');
  if (!existsSync(path)) throw new LaunchwatchError('not_found', `no embedded installation in ${dataDir}: ${path} does not exist`);
  let db: DuckDB;
  try {
    db = await DuckDB.open({ path });
  } catch (error: unknown) {
    if (error instanceof Error && LOCKED.test(error.message)) {
      throw new LaunchwatchError('conflict', `the data directory ${dataDir} is in use by a running launchwatch: stop the embedded server, then migrate`);
    }
    throw error;
  }
  try {
    const events = new DuckDBEventStore(db);
    await DuckDBStateStore.open(db);
    await openImpactStores(db);
    await DuckDBPrivacyStore.open(db);
    await DuckDBDigestStore.open(db);
    await DuckDBGithubStore.open(db);
    await DuckDBTalkStore.open(db);
    await DuckDBOnCallStore.open(db);
    // Loads what the ingest log still holds (a server killed before loading it), creating no table.
    await events.prepare({});
    await db.write((connection) => connection.run('CHECKPOINT'));
    const layouts = await db.read((connection) => storedLayouts(connection));
    const eventTables = new Map([...layouts].map(([type, layout]) => [type, new Map(layout.properties.map((p, i) => [p, layout.types[i] ?? 'string']))]));
    return {
      rows: (sql, params = []) => db.read((connection) => queryRows(connection, sql, params)),
      scan: (sql, params, size, each) => db.read((connection) => scan(connection, sql, params, size, each)),
      eventTables,
      close: () => db.close(),
    };
  } catch (error: unknown) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function scan(connection: DuckDBConnection, sql: string, params: readonly Param[], size: number, each: (rows: SourceRow[]) => Promise<boolean>): Promise<void> {
  const result = await connection.stream(sql, params.map(toDuckValue));
  const names = result.deduplicatedColumnNames();
  let pending: SourceRow[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    pending = pending.concat(chunk.getRowObjects(names));
    while (pending.length >= size) {
      if (!(await each(pending.splice(0, size)))) return;
    }
  }
  if (pending.length > 0) await each(pending);
}
