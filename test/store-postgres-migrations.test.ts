/**
 * The PostgreSQL state backend beyond the contract suites: migrations run once
 * however many replicas start together, appended migrations applied on the
 * next open, a failed migration leaving nothing behind, credentials from
 * PGPASSWORD, connection failures as clear errors without the password, and
 * the health figures.
 */
import { createServer } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LaunchwatchError } from '../src/errors.js';
import { PgDatabase } from '../src/store/postgres/database.js';
import { MIGRATIONS, migrate, openPostgresState, type Migration, type PostgresState } from '../src/store/postgres/index.js';
import { STATE_TABLES } from '../src/store/postgres/schema.js';
import { freshDatabase } from './helpers/postgres.js';

const opened: PostgresState[] = [];
afterEach(async () => {
  for (const state of opened.splice(0)) await state.close();
});

async function open(url: string, migrations?: readonly Migration[]): Promise<PostgresState> {
  const state = await openPostgresState(url, { poolSize: 2, ...(migrations ? { migrations } : {}) });
  opened.push(state);
  return state;
}

async function tables(state: PostgresState): Promise<string[]> {
  const { rows } = await state.pool.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  return rows.map((r) => r.name);
}

async function recorded(state: PostgresState): Promise<{ version: number; name: string }[]> {
  return (await state.pool.query<{ version: number; name: string }>('SELECT version, name FROM launchwatch_schema_migrations ORDER BY version')).rows;
}

const extra: Migration = { version: MIGRATIONS.length + 1, name: 'a test table', statements: ['CREATE TABLE test_extra (id integer PRIMARY KEY)'] };

/** Rejects with what `promise` threw. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('PostgreSQL state: migrations', () => {
  it('four replicas opening a fresh database at once: the schema complete, each migration recorded once', async () => {
    const url = await freshDatabase();
    const states = await Promise.all(Array.from({ length: 4 }, () => open(url)));
    expect(await recorded(states[0] as PostgresState)).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(await tables(states[3] as PostgresState)).toEqual(expect.arrayContaining([...STATE_TABLES, 'launchwatch_schema_migrations']));
    await (states[1] as PostgresState).state.nextIncidentId();
    expect(await (states[2] as PostgresState).state.nextIncidentId()).toBe('INC-2');
  });

  it('applies an appended migration once, on one of several replicas, keeping what was stored', async () => {
    const url = await freshDatabase();
    const first = await open(url);
    await first.state.putSilence({ id: 's1', matchers: [], startsAt: 0, endsAt: 1, createdBy: 'ops', comment: 'x', updatedAt: 0 });
    const dbs = Array.from({ length: 4 }, () => PgDatabase.create(url, { poolSize: 1 }));
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db, [...MIGRATIONS, extra])));
      expect(applied.flat()).toEqual([extra.version]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
    const again = await open(url, [...MIGRATIONS, extra]);
    expect((await recorded(again)).map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), extra.version]);
    expect((await again.state.silences()).map((s) => s.id)).toEqual(['s1']);
  });

  it('a migration that fails leaves nothing of the migrations of that open', async () => {
    const url = await freshDatabase();
    const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', statements: ['CREATE TABLE half_done (id integer)', 'SELECT no_such_function()'] };
    await expect(open(url, [...MIGRATIONS, broken])).rejects.toThrow(/no_such_function/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT to_regclass('half_done') AS a, to_regclass('launchwatch_schema_migrations') AS b, to_regclass('notifications') AS c`);
      expect(rows[0]).toEqual({ a: null, b: null, c: null });
    } finally {
      await client.end();
    }
    expect((await recorded(await open(url))).length).toBe(MIGRATIONS.length);
  });
});

describe('PostgreSQL state: connecting', () => {
  it('cannot reach a server: unavailable, naming host and port, without the password', async () => {
    const port = await closedPort();
    const error = await failure(openPostgresState(`postgres://lw:hunter2@127.0.0.1:${port}/lw`));
    expect(error).toBeInstanceOf(LaunchwatchError);
    expect((error as LaunchwatchError).code).toBe('unavailable');
    expect(error.message).toBe(`cannot reach PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a wrong password: unavailable, saying the login was refused, without the password', async () => {
    const url = new URL(await freshDatabase());
    url.password = 'hunter2-wrong';
    const error = await failure(openPostgresState(url.toString()));
    expect((error as LaunchwatchError).code).toBe('unavailable');
    expect(error.message).toMatch(new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${url.port} refused the login`));
    expect(error.message).not.toContain('hunter2');
  });

  it('carries on after the server closed every connection (a restart, a failover): the pool connects again', async () => {
    const url = await freshDatabase();
    const state = await open(url);
    await state.state.putSilence({ id: 's1', matchers: [], startsAt: 0, endsAt: 1, createdBy: 'ops', comment: 'x', updatedAt: 0 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // A call that meets a connection closed under it fails clearly; the ones after it succeed.
    const first = await state.state.silences().then(
      (silences) => silences.map((s) => s.id),
      (error: unknown) => error,
    );
    if (first instanceof Error) expect(first).toBeInstanceOf(LaunchwatchError);
    else expect(first).toEqual(['s1']);
    expect((await state.state.silences()).map((s) => s.id)).toEqual(['s1']);
    await state.state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] });
    expect(await state.state.nextIncidentId()).toBe('INC-1');
  });

  it('takes the password from PGPASSWORD when the URL has none', async () => {
    const url = new URL(await freshDatabase());
    const password = decodeURIComponent(url.password);
    url.password = '';
    const before = process.env.PGPASSWORD;
    process.env.PGPASSWORD = password;
    try {
      const state = await open(url.toString());
      expect(await state.state.nextIncidentId()).toBe('INC-1');
    } finally {
      if (before === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = before;
    }
  });
});

describe('PostgreSQL state: health', () => {
  it('counts notifications by state, every state present, and gives the database size', async () => {
    const state = await open(await freshDatabase());
    expect(await state.notificationCounts()).toEqual({ pending: 0, sent: 0, failed: 0 });
    const note = (id: string) => ({ id, channel: 'team', kind: 'alert' as const, groupKey: 'g', groupLabels: {}, status: 'firing' as const, alerts: [], createdAt: 0 });
    await state.state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [note('a'), note('b'), note('c')] });
    await state.state.markSent('a', 1);
    await state.state.markFailed('b', 1, 1, 'gave up');
    expect(await state.notificationCounts()).toEqual({ pending: 1, sent: 1, failed: 1 });
    expect(await state.sizeBytes()).toBeGreaterThan(1_000_000);
  });
});
