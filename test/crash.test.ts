/**
 * A 2xx answer means the events are durable: SIGKILL the server while
 * clients are ingesting, restart it, and every acknowledged event is there.
 * At the kill, the acknowledged events are in the ingest log, in DuckDB, or
 * both; the restart loads the log, and a clean stop leaves it empty.
 * Half the clients send bodies large enough for the ingest worker thread
 * (src/ingest/admit-pool.ts), half small ones admitted on the request thread.
 */
import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { POOL_MIN_BODY } from '../src/server/routes/ingest.js';
import { startServerProcess } from './helpers/server-process.js';

const PLAN = new URL('./fixtures/plan.yaml', import.meta.url).pathname;
const KEY = 'test-ingest-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'lw-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function batch(client: number, n: number, size: number): { ids: string[]; body: string } {
  const now = Date.now();
  const events = Array.from({ length: size }, (_, i) => ({
    id: `c${client}-b${n}-${i}`,
    type: 'command_generation',
    timestamp: now - i,
    user_id: `u${i % 50}`,
    session_id: `s${n}`,
    properties: { backend: i % 3 ? 'static' : 'embedded', success: i % 9 !== 0, duration_ms: i % 200 },
  }));
  return { ids: events.map((e) => e.id), body: JSON.stringify({ events }) };
}

async function storedIds(): Promise<Set<string>> {
  const instance = await DuckDBInstance.create(join(dir, 'launchwatch.duckdb'));
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll('SELECT id FROM ev_command_generation');
  const ids = new Set(reader.getRowsJS().map((row) => String(row[0])));
  connection.closeSync();
  instance.closeSync();
  return ids;
}

describe('durability', () => {
  it('keeps every acknowledged event through a SIGKILL mid-ingestion', async () => {
    const server = await startServerProcess(['--plan', PLAN, '--data', dir]);
    const acknowledged: string[] = [];
    let killed = false;
    const client = async (c: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        const { ids, body } = batch(c, n, c % 2 === 0 ? 200 : 20);
        try {
          const response = await fetch(`${server.url}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
            body,
          });
          const answer = (await response.json()) as { accepted: number };
          if (response.status === 200 && answer.accepted === ids.length) acknowledged.push(...ids);
        } catch {
          return; // the server is gone
        }
      }
    };
    expect(Buffer.byteLength(batch(0, 0, 200).body)).toBeGreaterThanOrEqual(POOL_MIN_BODY);
    expect(Buffer.byteLength(batch(1, 0, 20).body)).toBeLessThan(POOL_MIN_BODY);
    const clients = Array.from({ length: 6 }, (_, c) => client(c));
    // Let the clients get going, then kill the server without warning.
    while (acknowledged.length < 20_000) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    killed = true;
    expect(await server.exited).toBe('SIGKILL');
    await Promise.all(clients);

    // The server starts again on the same data directory, loads what the log holds, and serves it.
    const again = await startServerProcess(['--plan', PLAN, '--data', dir]);
    const status = (await (await fetch(`${again.url}/api/v1/status`)).json()) as { events: Record<string, number> };
    // A batch sent again after the restart is recognised, whether it was loaded before the kill or from the log.
    const first = batch(0, 0, 200);
    const retried = await fetch(`${again.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: first.body });
    expect(await retried.json()).toMatchObject({ accepted: 0, duplicates: 200 });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(readdirSync(join(dir, 'ingest-log')).filter((name) => name.endsWith('.csv'))).toEqual([]);

    const ids = await storedIds();
    const missing = acknowledged.filter((id) => !ids.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(20_000);
    expect(missing).toEqual([]);
    expect(status.events.command_generation).toBe(ids.size);
  });
});
