/**
 * The ev_<type> tables as stored: their columns, and the one-time migration
 * from the first layout, whose `id` column was a PRIMARY KEY (an ART index that
 * cost most of each commit and three quarters of the file). Deduplication is
 * the event writer's now (event-writer.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PropertyType } from '../../plan/types.js';
import { inTransaction, queryRows } from './database.js';
import { quote } from './sql.js';

const ENVELOPE = ['id', 'ts', 'user_id', 'session_id'] as const;

/** The stored property columns of one event table after the envelope, in table order. */
export interface StoredLayout {
  readonly properties: readonly string[];
  readonly types: readonly PropertyType[];
}

function propertyType(sqlType: string): PropertyType {
  return sqlType === 'DOUBLE' ? 'number' : sqlType === 'BOOLEAN' ? 'boolean' : 'string';
}

interface Column {
  readonly table: string;
  readonly name: string;
  readonly type: string;
}

async function eventColumns(connection: DuckDBConnection): Promise<Map<string, Column[]>> {
  const rows = await queryRows(
    connection,
    `SELECT table_name AS "table", column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main' AND starts_with(table_name, 'ev_') ORDER BY table_name, column_index`,
  );
  const tables = new Map<string, Column[]>();
  for (const row of rows) {
    const column = { table: String(row.table), name: String(row.name), type: String(row.type) };
    tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
  }
  // Only tables that start with the envelope are event tables.
  for (const [table, columns] of tables) {
    if (!ENVELOPE.every((name, i) => columns[i]?.name === name)) tables.delete(table);
  }
  return tables;
}

/** Every event table's stored layout, by event type. */
export async function storedLayouts(connection: DuckDBConnection): Promise<Map<string, StoredLayout>> {
  const layouts = new Map<string, StoredLayout>();
  for (const [table, columns] of await eventColumns(connection)) {
    const properties = columns.slice(ENVELOPE.length).filter((c) => c.name.startsWith('p_'));
    layouts.set(table.slice(3), { properties: properties.map((c) => c.name.slice(2)), types: properties.map((c) => propertyType(c.type)) });
  }
  return layouts;
}

/**
 * Rewrites every event table that still has a primary key into one without,
 * keeping its columns, their order and their rows. Runs once per table, at startup.
 * Returns the tables it migrated.
 */
export async function migrateEventTables(connection: DuckDBConnection): Promise<string[]> {
  const keyed = await queryRows(
    connection,
    `SELECT DISTINCT table_name AS "table" FROM duckdb_constraints()
     WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY' AND starts_with(table_name, 'ev_')`,
  );
  const tables = await eventColumns(connection);
  const migrated: string[] = [];
  for (const row of keyed) {
    const table = String(row.table);
    const columns = tables.get(table);
    if (!columns) continue;
    const next = `${table}__migrating`;
    const definitions = columns.map((c) => `${quote(c.name)} ${c.type}${c.name === 'id' || c.name === 'ts' ? ' NOT NULL' : ''}`);
    await inTransaction(connection, async () => {
      await connection.run(`DROP TABLE IF EXISTS ${quote(next)}`);
      await connection.run(`CREATE TABLE ${quote(next)} (${definitions.join(', ')})`);
      await connection.run(`INSERT INTO ${quote(next)} SELECT * FROM ${quote(table)} ORDER BY ts`);
      await connection.run(`DROP TABLE ${quote(table)}`);
      await connection.run(`ALTER TABLE ${quote(next)} RENAME TO ${quote(table)}`);
    });
    migrated.push(table);
  }
  // Give the index's blocks back to the file.
  if (migrated.length > 0) await connection.run('CHECKPOINT');
  return migrated;
}
