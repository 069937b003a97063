/** The backlog on DuckDB: one row per item, the item as JSON; ids from a sequence kept in the file. */
import type { BacklogItem } from '../../backlog/types.js';
import type { BacklogStore } from '../backlog.js';
import { exec, queryRows, type DuckDB } from './database.js';

export const BACKLOG_SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS backlog_ids START 1`,
  `CREATE TABLE IF NOT EXISTS backlog_items (id VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL, body VARCHAR NOT NULL)`,
];

export class DuckDBBacklogStore implements BacklogStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBBacklogStore> {
    await db.write(async (c) => {
      for (const statement of BACKLOG_SCHEMA) await exec(c, statement);
    });
    return new DuckDBBacklogStore(db);
  }

  async nextBacklogId(): Promise<string> {
    const rows = await this.db.write((c) => queryRows(c, `SELECT nextval('backlog_ids') AS n`));
    return `BL-${Number(rows[0]?.n)}`;
  }

  async putBacklogItem(item: BacklogItem): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT OR REPLACE INTO backlog_items VALUES ($1, $2, $3)', [item.id, { timestampMs: item.createdAt }, JSON.stringify(item)]));
  }

  async backlogItem(id: string): Promise<BacklogItem | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM backlog_items WHERE id = $1', [id]));
    return rows[0] ? (JSON.parse(String(rows[0].body)) as BacklogItem) : undefined;
  }

  async backlogItems(): Promise<BacklogItem[]> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM backlog_items ORDER BY created_at, TRY_CAST(substr(id, 4) AS BIGINT), id'));
    return rows.map((row) => JSON.parse(String(row.body)) as BacklogItem);
  }
}
