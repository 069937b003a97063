/**
 * Fresh ClickHouse databases for the tests of the ClickHouse events backend:
 * one `lw_<random>` database per call on the test server (test/services.ts),
 * all dropped by dropTestDatabases().
 */
import { randomBytes } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { inject } from 'vitest';

const created: string[] = [];

/** The URL of a new, empty database on the test server. */
export function freshDatabaseUrl(): string {
  const name = `lw_${randomBytes(6).toString('hex')}`;
  created.push(name);
  const url = new URL(inject('clickhouseUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the test server, outside any launchwatch code (to inspect or to set up). */
export async function onServer<T = Record<string, unknown>>(sql: string, database = 'default'): Promise<T[]> {
  const client = createClient({ url: new URL(inject('clickhouseUrl')).origin, database });
  try {
    if (!/^\s*(SELECT|WITH)\b/i.test(sql)) {
      await client.command({ query: sql });
      return [];
    }
    return await (await client.query({ query: sql, format: 'JSONEachRow' })).json<T>();
  } finally {
    await client.close();
  }
}

export async function dropTestDatabases(): Promise<void> {
  for (const name of created.splice(0)) await onServer(`DROP DATABASE IF EXISTS ${name}`);
}
