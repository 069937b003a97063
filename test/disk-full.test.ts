/**
 * The real server on a small tmpfs that fills up: no acknowledged event is
 * lost or set aside whatever the order of events (a write torn by ENOSPC,
 * space freed without a restart, a stop and a start on the full disk), reads
 * keep answering, writes answer 507 saying "disk full", and /healthz,
 * GET /api/v1/status and the log say so.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mountSmallDisk, serve, type Served, type SmallDisk } from './helpers/small-disk.js';
import { waitFor } from './helpers/prometheus-tools.js';

const KEY = 'disk-full-ingest-key-0123456789';
const PLAN = `
version: 1
product: { name: full }
ingest: { keys: [ { name: t, key: ${KEY} } ] }
events:
  order: { note: string }
metrics:
  orders: { from: order, count: true, window: 30d }
`;

const disk = mountSmallDisk(48);
const reason = typeof disk === 'string' ? disk : '';
const running: Served[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  if (typeof disk !== 'string') disk.free();
});
afterAll(() => {
  if (typeof disk !== 'string') disk.unmount();
});

let batch = 0;
/** Posts `count` events with notes of `noteBytes` random characters; the ids of the accepted ones go into `acknowledged`. */
async function ingest(url: string, count: number, acknowledged: Set<string>, noteBytes = 40): Promise<Response> {
  const at = new Date(Date.now() - 60_000).toISOString();
  const ids = Array.from({ length: count }, (_, i) => `b${batch}-${i}`);
  batch++;
  const events = ids.map((id) => ({ type: 'order', id, timestamp: at, properties: { note: randomBytes(noteBytes / 2).toString('hex') } }));
  const answer = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  if (answer.status === 200) for (const id of ids) acknowledged.add(id);
  return answer;
}

const json = async (url: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const answer = await fetch(`${url}${path}`);
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
};

/** Stored orders, and the metric's value, as the API gives them. */
async function counted(url: string): Promise<{ stored: unknown; metric: unknown }> {
  const status = await json(url, '/api/v1/status');
  const metrics = await json(url, '/api/v1/metrics');
  const orders = (metrics.body.metrics as { id: string; value: unknown }[]).find((m) => m.id === 'orders');
  return { stored: (status.body.events as Record<string, unknown>).order, metric: orders?.value };
}

async function expectDiskFullSaid(url: string): Promise<void> {
  const health = await json(url, '/healthz');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'degraded' });
  expect(JSON.stringify(health.body.problems)).toContain('disk full');
  const status = await json(url, '/api/v1/status');
  expect(status.status).toBe(200);
  expect(status.body.storage).toMatchObject({ status: 'disk full' });
}

async function expectWritesRefused(url: string): Promise<void> {
  const ingested = await ingest(url, 300, new Set(), 200);
  expect(ingested.status).toBe(507);
  expect(await ingested.json()).toMatchObject({ error: { code: 'insufficient_storage', message: expect.stringContaining('disk full') } });
  // Larger than the slack of a page DuckDB's write-ahead log may still have.
  const incident = await fetch(`${url}/api/v1/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Checkout down', severity: 'SEV2', summary: randomBytes(4000).toString('hex'), public_update: randomBytes(4000).toString('hex') }),
  });
  expect(incident.status).toBe(507);
  expect(await incident.json()).toMatchObject({ error: { code: 'insufficient_storage', message: expect.stringContaining('disk full') } });
}

async function expectReadsAnswer(url: string): Promise<void> {
  for (const path of ['/status.json', '/api/v1/metrics', '/api/v1/incidents', '/api/v1/alerts']) expect((await fetch(`${url}${path}`)).status, path).toBe(200);
}

async function stop(server: Served): Promise<number | string | null> {
  server.child.kill('SIGTERM');
  const code = await server.exited;
  running.splice(running.indexOf(server), 1);
  return code;
}

async function start(data: string, plan: string): Promise<Served> {
  const server = await serve(['--plan', plan, '--data', data]);
  running.push(server);
  return server;
}

describe.skipIf(typeof disk === 'string')(`a full disk${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const small = disk as SmallDisk;

  it('keeps every acknowledged event when a write is torn by ENOSPC and space comes back without a restart', async () => {
    const data = join(small.dir, 'torn');
    const plan = join(small.dir, 'plan.yaml');
    writeFileSync(plan, PLAN);
    const acknowledged = new Set<string>();
    const server = await start(data, plan);
    expect((await ingest(server.url, 200, acknowledged)).status).toBe(200);
    expect(await counted(server.url)).toEqual({ stored: 200, metric: 200 });

    // A body of about 100 KB, of which the disk takes a few pages: its frame is torn, and it is not acknowledged.
    small.fill(12_000);
    expect((await ingest(server.url, 500, acknowledged, 200)).status).toBe(507);
    small.fill();
    // Small bodies may still fit in the segment's last page: whatever is acknowledged must be kept.
    for (let i = 0; i < 5; i++) await ingest(server.url, 3, acknowledged);
    await expectDiskFullSaid(server.url);
    await expectReadsAnswer(server.url);
    await expectWritesRefused(server.url);
    expect(server.output()).toContain('disk full');

    small.free();
    await waitFor(() => (server.output().includes('disk space is back') ? true : undefined), 'the server to see the space back', { timeoutMs: 20_000 });
    expect((await ingest(server.url, 100, acknowledged)).status).toBe(200);
    expect(await counted(server.url)).toEqual({ stored: acknowledged.size, metric: acknowledged.size });
    expect(await json(server.url, '/healthz')).toMatchObject({ body: { status: 'ok' } });
    expect((await json(server.url, '/api/v1/status')).body).toMatchObject({ storage: { status: 'ok' }, ingest: { quarantinedSegments: 0 } });
    expect(await stop(server)).toBe(0);

    const again = await start(data, plan);
    expect(await counted(again.url)).toEqual({ stored: acknowledged.size, metric: acknowledged.size });
    expect(existsSync(join(data, 'ingest-log', 'quarantine'))).toBe(false);
    expect(await stop(again)).toBe(0);
    expect(readdirSync(join(data, 'ingest-log')).filter((name) => name.endsWith('.csv'))).toEqual([]);
    expect(again.output()).not.toContain('set aside');
  });

  it('stops with status 0 and starts again while the disk is full, reads answering, and loses nothing once space is back', async () => {
    const data = join(small.dir, 'restart');
    const plan = join(small.dir, 'plan.yaml');
    writeFileSync(plan, PLAN);
    const acknowledged = new Set<string>();
    const first = await start(data, plan);
    expect((await ingest(first.url, 200, acknowledged)).status).toBe(200);
    expect(await counted(first.url)).toEqual({ stored: 200, metric: 200 });

    small.fill();
    for (let i = 0; i < 5; i++) await ingest(first.url, 3, acknowledged);
    await expectWritesRefused(first.url);
    expect(await stop(first)).toBe(0);
    expect(first.output()).not.toMatch(/unhandled|no transaction is active/i);
    expect(first.output()).toContain('disk full');

    const second = await start(data, plan);
    expect(second.output()).toContain('disk full');
    await expectDiskFullSaid(second.url);
    await expectReadsAnswer(second.url);
    await expectWritesRefused(second.url);
    expect(second.output()).not.toMatch(/unhandled|no transaction is active/i);

    small.free();
    await waitFor(() => (second.output().includes('disk space is back') ? true : undefined), 'the server to see the space back', { timeoutMs: 20_000 });
    expect((await ingest(second.url, 100, acknowledged)).status).toBe(200);
    expect(await counted(second.url)).toEqual({ stored: acknowledged.size, metric: acknowledged.size });
    expect(await stop(second)).toBe(0);

    const third = await start(data, plan);
    expect(await counted(third.url)).toEqual({ stored: acknowledged.size, metric: acknowledged.size });
    expect(existsSync(join(data, 'ingest-log', 'quarantine'))).toBe(false);
  });
});
