/**
 * Releases, baselines and the backlog on PostgreSQL: one row per release,
 * baseline or item, its JSON body beside the columns queries sort on;
 * backlog ids from a sequence.
 */
import type { BacklogItem } from '../../backlog/types.js';
import type { Baseline } from '../../baselines/types.js';
import type { Release } from '../../releases/types.js';
import type { BacklogStore } from '../backlog.js';
import type { BaselineStore } from '../baselines.js';
import type { ReleaseStore } from '../releases.js';
import { ms, type PgDatabase } from './database.js';

export class PgReleaseStore implements ReleaseStore {
  constructor(private readonly db: PgDatabase) {}

  async addRelease(release: Release): Promise<'added' | 'exists'> {
    const { rows } = await this.db.query(
      'INSERT INTO releases (version, released_at, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING version',
      [release.version, ms(release.at), JSON.stringify(release)],
    );
    return rows.length === 1 ? 'added' : 'exists';
  }

  async release(version: string): Promise<Release | undefined> {
    return (await this.db.query<{ body: Release }>('SELECT body FROM releases WHERE version = $1', [version])).rows[0]?.body;
  }

  async releases(): Promise<Release[]> {
    return (await this.db.query<{ body: Release }>('SELECT body FROM releases ORDER BY released_at, version')).rows.map((r) => r.body);
  }
}

export class PgBaselineStore implements BaselineStore {
  constructor(private readonly db: PgDatabase) {}

  async putBaseline(baseline: Baseline): Promise<void> {
    await this.db.query(
      'INSERT INTO baselines (name, taken_at, body) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at, body = excluded.body',
      [baseline.name, ms(baseline.takenAt), JSON.stringify(baseline)],
    );
  }

  async baseline(name: string): Promise<Baseline | undefined> {
    return (await this.db.query<{ body: Baseline }>('SELECT body FROM baselines WHERE name = $1', [name])).rows[0]?.body;
  }

  async baselines(): Promise<Baseline[]> {
    return (await this.db.query<{ body: Baseline }>('SELECT body FROM baselines ORDER BY name')).rows.map((r) => r.body);
  }
}

export class PgBacklogStore implements BacklogStore {
  constructor(private readonly db: PgDatabase) {}

  async nextBacklogId(): Promise<string> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT nextval('backlog_ids') AS n`);
    return `BL-${rows[0]?.n}`;
  }

  async putBacklogItem(item: BacklogItem): Promise<void> {
    await this.db.query(
      'INSERT INTO backlog_items (id, created_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, body = excluded.body',
      [item.id, ms(item.createdAt), JSON.stringify(item)],
    );
  }

  async backlogItem(id: string): Promise<BacklogItem | undefined> {
    return (await this.db.query<{ body: BacklogItem }>('SELECT body FROM backlog_items WHERE id = $1', [id])).rows[0]?.body;
  }

  async backlogItems(): Promise<BacklogItem[]> {
    const sql = `SELECT body FROM backlog_items
                 ORDER BY created_at, (CASE WHEN substr(id, 4) ~ '^[0-9]{1,18}$' THEN substr(id, 4)::bigint END) NULLS LAST, id`;
    return (await this.db.query<{ body: BacklogItem }>(sql)).rows.map((r) => r.body);
  }
}
