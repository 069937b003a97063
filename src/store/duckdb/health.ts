/** HealthStore on DuckDB: the outbox counted by state, and the file sizes. */
import { stat } from 'node:fs/promises';
import type { NotificationStatus } from '../../alerting/types.js';
import type { HealthStore } from '../health.js';
import { queryRows, type DuckDB } from './database.js';

async function fileBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 0;
    throw error;
  }
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

  async sizeBytes(): Promise<number | null> {
    if (this.path === ':memory:') return null;
    return (await fileBytes(this.path)) + (await fileBytes(`${this.path}.wal`));
  }
}
