/**
 * The state side of the store ports on PostgreSQL: the StateStore and the
 * other state ports on one pool, the schema brought up to date by versioned
 * migrations at open (migrations.ts). The events side lives elsewhere; a
 * backend composes the two into `Stores`.
 */
import type pg from 'pg';
import type { NotificationStatus } from '../../alerting/types.js';
import type { BacklogStore } from '../backlog.js';
import type { BaselineStore } from '../baselines.js';
import type { DigestStore } from '../digests.js';
import type { GithubStore } from '../github.js';
import type { OnCallStore } from '../oncall.js';
import type { PrivacyStateStore } from '../privacy.js';
import type { ReleaseStore } from '../releases.js';
import type { TalkStore } from '../talk.js';
import type { StateStore } from '../types.js';
import { PgDatabase } from './database.js';
import { PgDigestStore } from './digests.js';
import { PgGithubStore } from './github.js';
import { PgOnCallStore } from './oncall.js';
import { PgBacklogStore, PgBaselineStore, PgReleaseStore } from './impact.js';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';
import { PgPrivacyStateStore } from './privacy.js';
import { PgStateStore } from './state.js';
import { PgTalkStore } from './talk.js';
import { checkPostgresUrl } from './url.js';

export { MIGRATION_LOCK_KEY, MIGRATIONS, migrate, appliedMigrations, type Migration } from './migrations.js';
export { redactedUrl } from './url.js';

export interface PostgresState {
  readonly state: StateStore;
  readonly releases: ReleaseStore;
  readonly baselines: BaselineStore;
  readonly backlog: BacklogStore;
  readonly github: GithubStore;
  readonly digests: DigestStore;
  readonly oncall: OnCallStore;
  readonly privacy: PrivacyStateStore;
  readonly talk: TalkStore;
  /** Notifications in the outbox by state; every state present. */
  notificationCounts(): Promise<Record<NotificationStatus, number>>;
  /** Bytes the database takes on the server (pg_database_size). */
  sizeBytes(): Promise<number>;
  /** The pool every store here uses, e.g. for leader election. */
  readonly pool: pg.Pool;
  /** Ends the pool; `state.close()` does the same. Idempotent. */
  close(): Promise<void>;
}

export interface PostgresStateOptions {
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** The migrations to apply (default MIGRATIONS); for tests. */
  readonly migrations?: readonly Migration[];
}

/**
 * Connects, applies the pending migrations (safe when several replicas start at once) and opens every
 * state store. The password comes from the URL or PGPASSWORD; errors name the server, never the password.
 */
export async function openPostgresState(url: string, options: PostgresStateOptions = {}): Promise<PostgresState> {
  checkPostgresUrl(url);
  const db = PgDatabase.create(url, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
  try {
    await migrate(db, options.migrations ?? MIGRATIONS);
  } catch (error: unknown) {
    await db.close().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= db.close());
  return {
    state: new PgStateStore(db, close),
    releases: new PgReleaseStore(db),
    baselines: new PgBaselineStore(db),
    backlog: new PgBacklogStore(db),
    github: new PgGithubStore(db),
    digests: new PgDigestStore(db),
    oncall: new PgOnCallStore(db),
    privacy: new PgPrivacyStateStore(db),
    talk: new PgTalkStore(db),
    notificationCounts: () => notificationCounts(db),
    sizeBytes: async () => (await db.query<{ n: number }>('SELECT pg_database_size(current_database()) AS n')).rows[0]?.n ?? 0,
    pool: db.pool,
    close,
  };
}

async function notificationCounts(db: PgDatabase): Promise<Record<NotificationStatus, number>> {
  const { rows } = await db.query<{ status: string; n: number }>('SELECT status, count(*) AS n FROM notifications GROUP BY status');
  const counts: Record<NotificationStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) {
    if (row.status === 'pending' || row.status === 'sent' || row.status === 'failed') counts[row.status] = row.n;
  }
  return counts;
}
