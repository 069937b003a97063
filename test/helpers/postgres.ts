/**
 * Fresh PostgreSQL databases on the test server (`inject('postgresUrl')`, a
 * superuser on database `postgres`): `freshDatabase()` creates `lw_<random>`
 * and returns its URL. Every database this module created is dropped after
 * the test file (afterAll, registered on import); only names it created and
 * that match `lw_<hex>` are ever dropped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

const TEST_DATABASE = /^lw_[0-9a-f]{16}$/;
const created: string[] = [];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of the test server with another database. */
export function databaseUrl(name: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database and returns its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `lw_${randomBytes(8).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return databaseUrl(name);
}

/** Drops every database freshDatabase created in this file (closing what is still connected). */
export async function dropFreshDatabases(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  await admin(async (client) => {
    for (const name of names) {
      if (!TEST_DATABASE.test(name)) throw new Error(`refusing to drop ${name}: not a test database`);
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
}

afterAll(dropFreshDatabases);
