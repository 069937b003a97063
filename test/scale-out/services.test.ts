/** The test servers that test/services.ts starts answer at the URLs it provides. */
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';

describe('test services', () => {
  it('PostgreSQL 15 answers at postgresUrl', async () => {
    const client = new pg.Client({ connectionString: inject('postgresUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      expect(rows[0]?.server_version).toMatch(/^15\./);
    } finally {
      await client.end();
    }
  });

  it('ClickHouse answers at clickhouseUrl', async () => {
    const url = new URL(inject('clickhouseUrl'));
    const response = await fetch(`${url.origin}/?query=${encodeURIComponent('SELECT 1 + 1')}`);
    expect((await response.text()).trim()).toBe('2');
  });
});
