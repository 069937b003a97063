/** Privacy by allowlist: a property the plan does not declare never reaches the data file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createLaunchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { fixturePlan } from './helpers/plan.js';
import { INGEST_KEY } from './helpers/app.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe('undeclared properties', () => {
  it('are dropped before storage: no column, no value in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-allow-'));
    const secret = 'find /Users/alice -name secret-query-text';
    const app = await createLaunchwatch({ plan: await fixturePlan(), dataDir: dir, port: 0, logger: createLogger('silent'), scheduler: false });
    const url = await app.start();
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` },
      body: JSON.stringify([
        { id: 'x1', type: 'command_generation', timestamp: Date.now(), properties: { backend: 'static', success: true, duration_ms: 3, query: secret } },
      ]),
    });
    expect(await response.json()).toMatchObject({ accepted: 1, dropped: { 'properties.query': 1 } });
    await app.stop();

    const instance = await DuckDBInstance.create(join(dir, 'launchwatch.duckdb'));
    const connection = await instance.connect();
    const columns = (await connection.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'ev_command_generation'`)).getRowsJS().map((r) => String(r[0]));
    expect(columns.sort()).toEqual(['id', 'p_backend', 'p_duration_ms', 'p_error_category', 'p_success', 'session_id', 'ts', 'user_id']);
    connection.closeSync();
    instance.closeSync();
    expect(readFileSync(join(dir, 'launchwatch.duckdb')).includes(Buffer.from('secret-query-text'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
