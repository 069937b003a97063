/** Releases on DuckDB: one row per version, the release as JSON beside the columns queries sort on. */
import type { Release } from '../../releases/types.js';
import type { ReleaseStore } from '../releases.js';
import { exec, queryRows, type DuckDB } from './database.js';

export const RELEASE_SCHEMA = [`CREATE TABLE IF NOT EXISTS releases (version VARCHAR PRIMARY KEY, released_at TIMESTAMP NOT NULL, body VARCHAR NOT NULL)`];

export class DuckDBReleaseStore implements ReleaseStore {
  private constructor(private readonly db: DuckDB) {}

  static async open(db: DuckDB): Promise<DuckDBReleaseStore> {
    await db.write(async (c) => {
      for (const statement of RELEASE_SCHEMA) await exec(c, statement);
    });
    return new DuckDBReleaseStore(db);
  }

  async addRelease(release: Release): Promise<'added' | 'exists'> {
    const rows = await this.db.write((c) =>
      queryRows(c, 'INSERT INTO releases VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING version', [release.version, { timestampMs: release.at }, JSON.stringify(release)]),
    );
    return rows.length === 1 ? 'added' : 'exists';
  }

  async release(version: string): Promise<Release | undefined> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM releases WHERE version = $1', [version]));
    return rows[0] ? (JSON.parse(String(rows[0].body)) as Release) : undefined;
  }

  async releases(): Promise<Release[]> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT body FROM releases ORDER BY released_at, version'));
    return rows.map((row) => JSON.parse(String(row.body)) as Release);
  }
}
