/**
 * The SDK against the real server on loopback and a real DuckDB file:
 * offline then online, the server stopped mid-flush, a lost answer (duplicate
 * delivery), the kill switch's 503 and Retry-After, and export → import.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { importCommand } from '../src/cli/import.js';
import { createLogger } from '../src/logger.js';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../src/sdk/index.js';
import { INGEST_KEY } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLAN = planFrom(`
version: 1
product: { name: sdk-test }
ingest:
  keys: [{ name: cli, key: ${INGEST_KEY} }]
events:
  run: { ok: boolean, n: number }
`);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function serve(dataDir: string, port = 0): Promise<{ app: Launchwatch; url: string }> {
  const app = await createLaunchwatch({ plan: PLAN, dataDir, port, logger: createLogger('silent'), scheduler: false, memoryLimit: '512MB' });
  const url = await app.start();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= app.stop());
  cleanup.push(stop);
  return { app: { ...app, stop } as Launchwatch, url };
}

function telemetry(endpoint: string, extra: Partial<TelemetryOptions> = {}): Telemetry {
  const t = createTelemetry({ endpoint, key: INGEST_KEY, app: 'caro', version: '1.1.0', dir: tempDir('lw-sdk-'), env: {}, interactive: true, flushIntervalMs: 0, machineId: () => 'm-1', ...extra });
  cleanup.push(() => t.close());
  t.grant();
  return t;
}

const track = (t: Telemetry, n: number) => {
  for (let i = 0; i < n; i++) t.track('run', { ok: i % 2 === 0, n: i });
};

async function stored(app: Launchwatch): Promise<Record<string, number>> {
  return { ...(await app.stores.events.counts()) };
}

describe('the SDK against the real server', () => {
  it('keeps events while the server is down and delivers them once it is up', async () => {
    const port = await freePort();
    const t = telemetry(`http://127.0.0.1:${port}`);
    track(t, 25);
    const offline = await t.flush({ timeoutMs: 2000 });
    expect(offline).toMatchObject({ sent: 0, pending: 26, stopped: 'no answer: TypeError' });

    const { app } = await serve(tempDir('lw-sdk-data-'), port);
    // The failed attempt set a backoff of about a second: a flush with time for it waits, then sends.
    const online = await t.flush({ timeoutMs: 10_000 });
    expect(online).toEqual({ sent: 26, pending: 0 });
    expect(await stored(app)).toMatchObject({ run: 25, telemetry_consent: 1 });
  });

  it('loses nothing and stores nothing twice when the server stops in the middle of a flush', async () => {
    const dir = tempDir('lw-sdk-data-');
    const port = await freePort();
    let server = await serve(dir, port);
    let batches = 0;
    const t = telemetry(server.url, {
      batchSize: 10,
      onBatch: () => {
        batches++;
        if (batches === 2) void server.app.stop();
      },
    });
    track(t, 59);
    const first = await t.flush({ timeoutMs: 1500 });
    expect(first.sent).toBeGreaterThanOrEqual(20);
    expect(first.pending).toBeGreaterThan(0);
    expect(first.sent + first.pending).toBe(60);

    await server.app.stop();
    server = await serve(dir, port);
    expect(await t.flush({ timeoutMs: 10_000 })).toEqual({ sent: first.pending, pending: 0 });
    expect(await stored(server.app)).toMatchObject({ run: 59, telemetry_consent: 1 });
  });

  it('sends again when an answer is lost, and the server counts the repeat as duplicates', async () => {
    const { app, url } = await serve(tempDir('lw-sdk-data-'));
    const upstream = new URL(url);
    let dropped = 0;
    // A proxy that forwards every request but, the first time, drops the server's answer on the floor.
    const proxy: Server = createServer((req, res) => {
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        if (dropped === 0) {
          dropped++;
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const address = proxy.address();
    if (typeof address !== 'object' || address === null) throw new Error('no proxy port');

    const results: { sent: number; duplicates: number }[] = [];
    const t = telemetry(`http://127.0.0.1:${address.port}`, { onBatch: (r) => results.push({ sent: r.sent, duplicates: r.duplicates }) });
    track(t, 30);
    expect(await t.flush({ timeoutMs: 1000 })).toMatchObject({ sent: 0, pending: 31 });
    expect(await stored(app)).toMatchObject({ run: 30, telemetry_consent: 1 });
    expect(await t.flush({ timeoutMs: 10_000 })).toEqual({ sent: 31, pending: 0 });
    expect(results).toEqual([{ sent: 0, duplicates: 31 }]);
    expect(await stored(app)).toMatchObject({ run: 30, telemetry_consent: 1 });
  });

  it('honours the kill switch’s 503 and Retry-After: it keeps the events and waits', async () => {
    const { app, url } = await serve(tempDir('lw-sdk-data-'));
    await app.privacy.pause('PII report', 'ops');
    const t = telemetry(url);
    track(t, 5);
    expect(await t.flush({ timeoutMs: 2000 })).toEqual({ sent: 0, pending: 6, stopped: 'HTTP 503' });
    await app.privacy.resume('ops');
    // Retry-After: 600 s is longer than this flush may take: it does not try, and does not wait.
    expect(await t.flush({ timeoutMs: 2000 })).toEqual({ sent: 0, pending: 6, stopped: 'backing off' });
    expect(await stored(app)).toMatchObject({ run: 0 });
  });

  it('exports a file that launchwatch import stores once, and refuses once edited', async () => {
    const { app, url } = await serve(tempDir('lw-sdk-data-'));
    const t = telemetry('http://127.0.0.1:9');
    track(t, 40);
    const file = join(tempDir('lw-sdk-export-'), 'telemetry-export.ndjson');
    expect(t.export(file)).toMatchObject({ events: 41 });
    expect(readFileSync(file, 'utf8').split('\n')[0]).toContain('"format":"launchwatch-export"');

    expect(await importCommand({ file, url, key: INGEST_KEY, batch: 15 })).toBe(0);
    expect(await stored(app)).toMatchObject({ run: 40, telemetry_consent: 1 });
    expect(await importCommand({ file, url, key: INGEST_KEY })).toBe(0);
    expect(await stored(app)).toMatchObject({ run: 40, telemetry_consent: 1 });

    const edited = readFileSync(file, 'utf8').replace('"n":7}', '"n":700}');
    writeFileSync(file, edited);
    expect(await importCommand({ file, url, key: INGEST_KEY })).toBe(2);
    expect(await stored(app)).toMatchObject({ run: 40 });
  });

  it('imports NDJSON without ids into an offline data directory, twice without storing twice', async () => {
    const dir = tempDir('lw-sdk-offline-');
    const planFile = join(dir, 'plan.yaml');
    writeFileSync(planFile, `version: 1\nproduct: { name: offline }\ningest:\n  keys: [{ name: cli, key: ${INGEST_KEY} }]\nevents:\n  run: { ok: boolean, n: number }\n`);
    const ndjson = join(dir, 'events.ndjson');
    const now = Date.now();
    writeFileSync(ndjson, [0, 1, 2].map((n) => JSON.stringify({ type: 'run', timestamp: now - n, properties: { ok: true, n } })).join('\n') + '\n{"type":"run","timestamp":1,"properties":{}}\n');
    const data = join(dir, 'data');
    expect(await importCommand({ file: ndjson, data, plan: planFile })).toBe(1);
    expect(await importCommand({ file: ndjson, data, plan: planFile })).toBe(1);
    const { app } = await serve(data);
    expect(await stored(app)).toMatchObject({ run: 3 });
  });

  it('imports the good lines of an NDJSON file and reports the bad ones by line number', async () => {
    const { app, url } = await serve(tempDir('lw-sdk-data-'));
    const file = join(tempDir('lw-sdk-ndjson-'), 'events.ndjson');
    const now = Date.now();
    const good = (n: number) => JSON.stringify({ type: 'run', timestamp: now - n, properties: { ok: true, n } });
    writeFileSync(file, [good(1), '{"type":"run", cut short', good(2), '[1, 2]', good(3)].join('\n') + '\n');
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      expect(await importCommand({ file, url, key: INGEST_KEY })).toBe(1);
    } finally {
      console.log = log;
    }
    expect(lines).toEqual([
      `${file}: 5 line(s): 3 accepted, 0 duplicate(s), 2 rejected`,
      '  line 2: not a JSON object (each line of an NDJSON file is one event)',
      '  line 4: not a JSON object (each line of an NDJSON file is one event)',
    ]);
    expect(await stored(app)).toMatchObject({ run: 3 });
  });
});
