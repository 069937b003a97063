/**
 * The SDK against a server that dies without warning: the server is the built
 * CLI as a child process (`launchwatch serve`, a plan and a data directory in
 * a temp directory), SIGKILLed while the SDK is flushing a large queue, then
 * started again on the same port and data directory. Every tracked event is
 * stored exactly once, and flush({ timeoutMs }) always returns, without
 * throwing, by its deadline. Run `npm run build` first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createTelemetry, type FlushResult, type Telemetry } from '../src/sdk/index.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';

const KEY = 'test-ingest-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'lw-sdk-crash-'));
const data = join(dir, 'data');
const planFile = join(dir, 'plan.yaml');
writeFileSync(planFile, `version: 1\nproduct: { name: sdk-crash }\ningest:\n  keys: [{ name: cli, key: ${KEY} }]\nevents:\n  run: { ok: boolean, n: number }\n`);

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function serve(port: number): Promise<ServerProcess> {
  // The later --port wins over the helper's --port 0: the SDK's endpoint stays the same across the restart.
  const server = await startServerProcess(['--plan', planFile, '--data', data, '--port', String(port)]);
  servers.push(server);
  return server;
}

/** flush() must resolve by its deadline; a flush that hangs fails here (with a wide margin for a loaded machine) rather than at the test's limit. */
async function flushWithin(t: Telemetry, timeoutMs: number): Promise<FlushResult> {
  let watchdog: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    watchdog = setTimeout(() => reject(new Error(`flush({ timeoutMs: ${timeoutMs} }) did not return`)), timeoutMs + 15_000);
  });
  try {
    return await Promise.race([t.flush({ timeoutMs }), hung]);
  } finally {
    clearTimeout(watchdog);
  }
}

async function storedRuns(): Promise<{ rows: number; ids: Set<string>; consent: number }> {
  const instance = await DuckDBInstance.create(join(data, 'launchwatch.duckdb'));
  const connection = await instance.connect();
  try {
    const runs = (await connection.runAndReadAll('SELECT id FROM ev_run')).getRowsJS().map((row) => String(row[0]));
    const consent = (await connection.runAndReadAll('SELECT count(*) FROM ev_telemetry_consent')).getRowsJS()[0]?.[0];
    return { rows: runs.length, ids: new Set(runs), consent: Number(consent) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('the SDK and a server killed mid-flush', { timeout: 240_000 }, () => {
  it('stores every tracked event exactly once across a SIGKILL and a restart, and flush never hangs or throws', async () => {
    const port = await freePort();
    let server = await serve(port);
    const EVENTS = 5000;
    let batches = 0;
    let killedAfter = -1;
    const t = createTelemetry({
      endpoint: server.url,
      key: KEY,
      app: 'caro',
      version: '1.1.0',
      dir: join(dir, 'sdk'),
      env: {},
      interactive: true,
      flushIntervalMs: 0,
      batchSize: 100,
      machineId: () => 'm-crash',
      onBatch: () => {
        batches++;
        // Kill without warning right after an answer: the SDK is already sending the next batch.
        if (batches === 5) {
          killedAfter = batches;
          server.child.kill('SIGKILL');
        }
      },
    });
    t.grant();
    for (let n = 0; n < EVENTS; n++) t.track('run', { ok: n % 7 !== 0, n });

    // The ids the SDK gave the events, from its own export of the queue.
    const exportFile = join(dir, 'queue.ndjson');
    expect(t.export(exportFile)).toMatchObject({ events: EVENTS + 1 });
    const tracked = readFileSync(exportFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((line) => JSON.parse(line) as { id: string; type: string })
      .filter((e) => e.type === 'run')
      .map((e) => e.id);
    expect(new Set(tracked).size).toBe(EVENTS);

    const during = await flushWithin(t, 8000);
    expect(killedAfter).toBe(5);
    expect(await server.exited).toBe('SIGKILL');
    expect(during.sent).toBeGreaterThanOrEqual(500);
    expect(during.pending).toBeGreaterThan(0);
    expect(during.sent + during.pending).toBe(EVENTS + 1);
    expect(during.stopped).toBeDefined();

    // While the server is down, a flush gives up by its deadline and keeps everything.
    const down = await flushWithin(t, 1500);
    expect(down).toMatchObject({ sent: 0, pending: during.pending });

    server = await serve(port);
    const after = await flushWithin(t, 60_000);
    expect(after).toEqual({ sent: during.pending, pending: 0 });

    const status = (await (await fetch(`${server.url}/api/v1/status`)).json()) as { events: Record<string, number> };
    expect(status.events).toMatchObject({ run: EVENTS, telemetry_consent: 1 });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const stored = await storedRuns();
    expect(stored.rows).toBe(EVENTS);
    expect(stored.consent).toBe(1);
    expect(tracked.filter((id) => !stored.ids.has(id))).toEqual([]);
  });
});
