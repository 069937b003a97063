/** Baselines on DuckDB: one row per name, the baseline as JSON. */
import type { Baseline } from '../../baselines/types.js';
import type { BaselineStore } from '../baselines.js';
import { exec, queryRows, type DuckDB } from './database.js';

export const BASELINE_SCHEMA = [`CREATE TABLE IF NOT EXISTS baselines (name VARCHAR PRIMARY KEY, taken_at TIMESTAMP NOT NULL, body VARCHAR NOT NULL)`];

export class DuckDBBaselineStore implements BaselineStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBBaselineStore> {
    await db.write(async (c) => {
      for (const statement of BASELINE_SCHEMA) await exec(c, statement);
    });
    return new DuckDBBaselineStore(db);
  }

  async putBaseline(baseline: Baseline): Promise<void> {
    await this.db.write((c) => exec(c, 'INSERT OR REPLACE INTO baselines VALUES ($1, $2, $3)', [baseline.name, { timestampMs: baseline.takenAt }, JSON.stringify(baseline)]));
  }

  async baseline(name: string): Promise<Baseline | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM baselines WHERE name = $1', [name]));
    return rows[0] ? (JSON.parse(String(rows[0].body)) as Baseline) : undefined;
  }

  async baselines(): Promise<Baseline[]> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM baselines ORDER BY name'));
    return rows.map((row) => JSON.parse(String(row.body)) as Baseline);
  }
}
