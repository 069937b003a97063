/**
 * DigestStore on DuckDB: one row per digest run. A run and its notifications
 * (the outbox table of alerts.ts, in the same row format) are written in one
 * transaction, after checking that no run with that slot or a later one is
 * recorded, so a digest slot is never sent twice.
 */
import type { NotificationRequest } from '../../alerting/types.js';
import type { DigestKind } from '../../plan/report-types.js';
import type { DigestRun, DigestStore } from '../digests.js';
import { exec, inTransaction, queryRows, type DuckDB } from './database.js';
import type { Param } from './sql.js';

export const DIGEST_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS digest_runs (
     digest VARCHAR NOT NULL, slot TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, period VARCHAR,
     recorded_at TIMESTAMP NOT NULL, notifications INTEGER NOT NULL, PRIMARY KEY (digest, slot))`,
];

const ts = (ms: number): Param => ({ timestampMs: ms });

const COLUMNS = `digest, epoch_ms(slot) AS slot, kind, period, epoch_ms(recorded_at) AS recorded_at, notifications`;

function toRun(row: Record<string, unknown>): DigestRun {
  return {
    digest: String(row.digest) as DigestKind,
    slot: Number(row.slot),
    kind: String(row.kind) as DigestRun['kind'],
    period: row.period === null ? null : String(row.period),
    recordedAt: Number(row.recorded_at),
    notifications: Number(row.notifications),
  };
}

export class DuckDBDigestStore implements DigestStore {
  private constructor(private readonly db: DuckDB) {}

  /** Opens the store, creating its table. Open after the StateStore, which creates the outbox. */
  static async open(db: DuckDB): Promise<DuckDBDigestStore> {
    await db.write(async (connection) => {
      for (const statement of DIGEST_SCHEMA) await exec(connection, statement);
    });
    return new DuckDBDigestStore(db);
  }

  async lastDigestRun(digest: DigestKind): Promise<DigestRun | undefined> {
    return (await this.digestRuns(digest, 1))[0];
  }

  async digestRuns(digest: DigestKind, limit = 100): Promise<DigestRun[]> {
    const rows = await this.db.read((c) => queryRows(c, `SELECT ${COLUMNS} FROM digest_runs WHERE digest = $1 ORDER BY slot DESC LIMIT $2`, [digest, limit]));
    return rows.map(toRun);
  }

  async recordDigestRun(run: DigestRun, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    let outcome: 'recorded' | 'exists' = 'exists';
    await this.db.write((connection) =>
      inTransaction(connection, async () => {
        const later = await queryRows(connection, 'SELECT count(*) AS n FROM digest_runs WHERE digest = $1 AND slot >= $2', [run.digest, ts(run.slot)]);
        if (Number(later[0]?.n ?? 0) > 0) return;
        await exec(connection, 'INSERT INTO digest_runs VALUES ($1, $2, $3, $4, $5, $6)', [run.digest, ts(run.slot), run.kind, run.period, ts(run.recordedAt), run.notifications]);
        for (const n of notifications) {
          await exec(connection, `INSERT INTO notifications VALUES ($1, $2, $3, 'pending', 0, $4, $5, NULL, NULL)`, [n.id, n.channel, JSON.stringify(n), ts(n.createdAt), ts(n.createdAt)]);
        }
        outcome = 'recorded';
      }),
    );
    return outcome;
  }
}
