/**
 * The PostgreSQL state schema as versioned migrations. `migrate` applies, in
 * one transaction under a transaction-scoped advisory lock, every migration
 * not yet recorded in `launchwatch_schema_migrations`; replicas that start
 * together against a fresh database wait for that lock in turn, and the ones
 * after the first find nothing left to do.
 *
 * A change of schema is a new entry at the end of MIGRATIONS (the next
 * version, a name, its statements); an applied migration is never edited.
 * Migrations only add (tables, columns, indexes), so a replica still running
 * the previous release keeps working during a rolling upgrade.
 */
import type { PgDatabase, Queryable } from './database.js';
import { SCHEMA_V1 } from './schema.js';
import { TALK_SCHEMA_V4 } from './talk.js';

export interface Migration {
  /** 1, 2, 3, ... in order, never reused. */
  readonly version: number;
  readonly name: string;
  /** Statements run in order, inside the migration's transaction. */
  readonly statements: readonly string[];
}

/** The key of the advisory lock migrations run under (a constant of launchwatch's own; other locks use other keys). */
export const MIGRATION_LOCK_KEY = 0x4c574d49; // "LWMI"

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'state tables', statements: SCHEMA_V1 },
  {
    version: 2,
    name: 'migrate progress',
    // `launchwatch migrate` (src/store/migrate/): per table copied from an embedded installation, the last key copied.
    statements: [
      `CREATE TABLE launchwatch_migrate_progress (
         name text COLLATE "C" PRIMARY KEY, last_key text NOT NULL, rows bigint NOT NULL, updated_at bigint NOT NULL)`,
    ],
  },
  {
    version: 3,
    name: 'replicas',
    // src/cluster/: the leader lease (lease.ts) and the replicas' heartbeats (replica.ts).
    statements: [
      `CREATE TABLE launchwatch_leader (name text PRIMARY KEY, holder text NOT NULL, url text NOT NULL, epoch bigint NOT NULL, expires_at timestamptz NOT NULL)`,
      `CREATE TABLE launchwatch_replicas (holder text PRIMARY KEY, url text NOT NULL, seen_at timestamptz NOT NULL)`,
    ],
  },
  // src/store/postgres/talk.ts: the talk log, the status page's subscribers, the maintenance windows.
  { version: 4, name: 'incident talk and status page', statements: TALK_SCHEMA_V4 },
  {
    version: 5,
    name: 'on-call overrides and handoff notices',
    // src/store/postgres/oncall.ts: the overrides made at run time, the handoff notices sent.
    statements: [
      `CREATE TABLE oncall_overrides (
         id text COLLATE "C" PRIMARY KEY, schedule text NOT NULL, person text NOT NULL,
         starts_at bigint NOT NULL, ends_at bigint NOT NULL, created_at bigint NOT NULL, created_by text NOT NULL)`,
      `CREATE TABLE oncall_handoff_notices (key text COLLATE "C" PRIMARY KEY, sent_at bigint NOT NULL)`,
    ],
  },
];

/** What is wrong with a list of migrations: versions must be 1, 2, 3, ... in order, names given. */
export function migrationProblems(migrations: readonly Migration[]): string[] {
  return migrations.flatMap((m, i) => [
    ...(m.version === i + 1 ? [] : [`migration "${m.name}" has version ${m.version}, expected ${i + 1}`]),
    ...(m.name.trim() === '' ? [`migration ${m.version} has no name`] : []),
    ...(m.statements.length === 0 ? [`migration ${m.version} has no statements`] : []),
  ]);
}

/** Applies the pending migrations; resolves with the versions this call applied (none when another replica did). */
export async function migrate(db: PgDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const problems = migrationProblems(migrations);
  if (problems.length > 0) throw new Error(`invalid migrations: ${problems.join('; ')}`);
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS launchwatch_schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM launchwatch_schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await apply(client, migration);
      applied.push(migration.version);
    }
    return applied;
  });
}

async function apply(client: Queryable, migration: Migration): Promise<void> {
  for (const statement of migration.statements) await client.query(statement);
  await client.query('INSERT INTO launchwatch_schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
}

/** The recorded migrations, oldest first. */
export async function appliedMigrations(db: Queryable): Promise<{ version: number; name: string }[]> {
  return (await db.query<{ version: number; name: string }>('SELECT version, name FROM launchwatch_schema_migrations ORDER BY version')).rows;
}
