/**
 * DigestStore on PostgreSQL: one row per digest run. A run and its
 * notifications (the outbox of alerts.ts) are written in one transaction,
 * after checking that no run with that slot or a later one is recorded;
 * the check holds under a per-digest advisory lock, so two replicas never
 * both record a slot.
 */
import type { NotificationRequest } from '../../alerting/types.js';
import type { DigestKind } from '../../plan/report-types.js';
import type { DigestRun, DigestStore } from '../digests.js';
import { insertNotifications } from './alerts.js';
import { ms, type PgDatabase } from './database.js';

/** The first key of the two-key advisory locks digest runs take (the second is the digest's hash). */
export const DIGEST_LOCK_CLASS = 0x4c574447; // "LWDG"

interface RunRow {
  digest: DigestKind;
  slot: number;
  kind: DigestRun['kind'];
  period: string | null;
  recorded_at: number;
  notifications: number;
}

const toRun = (r: RunRow): DigestRun => ({ digest: r.digest, slot: r.slot, kind: r.kind, period: r.period, recordedAt: r.recorded_at, notifications: r.notifications });

export class PgDigestStore implements DigestStore {
  constructor(private readonly db: PgDatabase) {}

  async lastDigestRun(digest: DigestKind): Promise<DigestRun | undefined> {
    return (await this.digestRuns(digest, 1))[0];
  }

  async digestRuns(digest: DigestKind, limit = 100): Promise<DigestRun[]> {
    const { rows } = await this.db.query<RunRow>(
      'SELECT digest, slot, kind, period, recorded_at, notifications FROM digest_runs WHERE digest = $1 ORDER BY slot DESC LIMIT $2',
      [digest, limit],
    );
    return rows.map(toRun);
  }

  async recordDigestRun(run: DigestRun, notifications: readonly NotificationRequest[]): Promise<'recorded' | 'exists'> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DIGEST_LOCK_CLASS, run.digest]);
      const later = await client.query('SELECT 1 FROM digest_runs WHERE digest = $1 AND slot >= $2 LIMIT 1', [run.digest, ms(run.slot)]);
      if (later.rows.length > 0) return 'exists';
      await client.query('INSERT INTO digest_runs (digest, slot, kind, period, recorded_at, notifications) VALUES ($1, $2, $3, $4, $5, $6)', [
        run.digest,
        ms(run.slot),
        run.kind,
        run.period,
        ms(run.recordedAt),
        run.notifications,
      ]);
      await insertNotifications(client, notifications);
      return 'recorded';
    });
  }
}
