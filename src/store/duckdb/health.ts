/** HealthStore on DuckDB: the outbox counted by state, and the size of the data directory. */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { NotificationStatus } from '../../alerting/types.js';
import type { HealthStore } from '../health.js';
import type { DiskFullState } from '../disk-full.js';
import { queryRows, type DuckDB } from './database.js';
import { QUARANTINE } from './ingest-log.js';

const missing = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'ENOENT';

/** Bytes of every file under `dir`: the data file, its write-ahead log and the ingest log's segments. */
async function directoryBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error: unknown) {
    if (missing(error)) return 0;
    throw error;
  }
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += await stat(path).then((s) => s.size, (error: unknown) => (missing(error) ? 0 : Promise.reject(error)));
  }
  return total;
}

export class DuckDBHealthStore implements HealthStore {
  /** `path` is the data file, or ':memory:'. */
  constructor(
    private readonly db: DuckDB,
    private readonly path: string,
  ) {}

  async notificationCounts(): Promise<Record<NotificationStatus, number>> {
    const rows = await this.db.read((c) => queryRows(c, 'SELECT status, count(*) AS n FROM notifications GROUP BY status'));
    const counts: Record<NotificationStatus, number> = { pending: 0, sent: 0, failed: 0 };
    for (const row of rows) {
      const status = String(row.status);
      if (status === 'pending' || status === 'sent' || status === 'failed') counts[status] = Number(row.n);
    }
    return counts;
  }

  async quarantinedSegments(): Promise<number> {
    try {
      return (await readdir(join(this.db.logDir, QUARANTINE))).filter((name) => name.endsWith('.csv')).length;
    } catch (error: unknown) {
      if (missing(error)) return 0;
      throw error;
    }
  }

  diskFull(): DiskFullState | undefined {
    return this.db.diskFull.state();
  }

  onDiskFull(listener: (state: DiskFullState | undefined) => void): void {
    this.db.diskFull.onChange(listener);
  }

  async sizeBytes(): Promise<number | null> {
    if (this.path === ':memory:') return null;
    return directoryBytes(dirname(this.path));
  }
}
