/**
 * Reloading `ingest.max_body` on the real app: the limit in force is the live
 * plan's, for POST /v1/events and POST /v1/logs, with no restart. A body over
 * it answers 413 naming the limit, whether it declares its length or comes
 * chunked; a raised limit admits at once what the old one refused, past the
 * server's own default request limit of 1 MiB too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const planOf = (maxBody: string) => `version: 1
product: { name: reloading }
ingest: { max_body: ${maxBody}, keys: [ { name: cli, key: "${INGEST_KEY}" } ], rate_limit: { events_per_second: 1000000, burst: 1000000 } }
evaluation: { interval: 1h }
events:
  run: { step: { type: string, optional: true } }
  command: {}
metrics:
  runs: { from: run, count: true, window: 30d }
`;

let t: TestApp;
let dir: string;
let file: string;
let sent = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-reload-max-body-'));
  file = join(dir, 'plan.yaml');
  writeFileSync(file, planOf('2KB'));
  t = await startTestApp({ plan: planFrom(planOf('2KB')), planFile: file });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A JSON body of `events` events of about 100 bytes each. */
function bodyOf(events: number): string {
  return JSON.stringify(Array.from({ length: events }, () => ({ id: `e-${sent++}`, type: 'run', timestamp: Date.now() - 1000, user_id: 'u_7f3a9c2e41b8', properties: { step: 'build' } })));
}

const logsOf = (records: number) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: records }, () => ({ eventName: 'command', timeUnixNano: `${Date.now() - 1000}000000` })) }] }] });

async function post(path: string, body: string | ReadableStream<Uint8Array>): Promise<{ status: number; json: unknown }> {
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', body, headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' } };
  if (typeof body !== 'string') init.duplex = 'half';
  const response = await fetch(`${t.url}${path}`, init);
  return { status: response.status, json: await response.json() };
}

/** The body sent in chunks, without a Content-Length. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 512));
      at += 512;
    },
  });
}

async function reloadTo(maxBody: string): Promise<void> {
  writeFileSync(file, planOf(maxBody));
  expect(await t.app.reload()).toMatchObject({ kind: 'reloaded' });
}

const tooLarge = (limit: string) => ({ status: 413, json: { error: { code: 'payload_too_large', message: `request body is larger than the configured limit (ingest.max_body: ${limit})` } } });

describe('reloading ingest.max_body', () => {
  it('applies the new limit to the next request, declared length or chunked', async () => {
    const four = bodyOf(40);
    expect(Buffer.byteLength(four)).toBeGreaterThan(2048);
    expect(Buffer.byteLength(four)).toBeLessThan(64 * 1024);
    expect(await post('/v1/events', four)).toEqual(tooLarge('2KB'));
    expect(await post('/v1/events', chunked(four))).toEqual(tooLarge('2KB'));
    expect((await post('/v1/events', bodyOf(5))).status).toBe(200);

    await reloadTo('64KB');
    expect(await post('/v1/events', four)).toMatchObject({ status: 200, json: { accepted: 40 } });
    expect(await post('/v1/events', chunked(bodyOf(40)))).toMatchObject({ status: 200, json: { accepted: 40 } });
    expect((await post('/v1/logs', logsOf(40))).status).toBe(200);

    await reloadTo('1KB');
    expect(await post('/v1/events', bodyOf(40))).toEqual(tooLarge('1KB'));
    expect(await post('/v1/events', chunked(bodyOf(40)))).toEqual(tooLarge('1KB'));
    expect(await post('/v1/logs', logsOf(40))).toEqual({ status: 413, json: { code: 3, message: 'request body is larger than the configured limit (ingest.max_body: 1KB)', details: [] } });
  });

  it('admits a body past 1 MiB once the limit is raised above it', async () => {
    await reloadTo('1KB');
    const big = bodyOf(12_000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    expect(await post('/v1/events', big)).toEqual(tooLarge('1KB'));
    await reloadTo('4MB');
    expect(await post('/v1/events', big)).toMatchObject({ status: 200, json: { accepted: 12_000 } });
  });
});
