/**
 * The admit pool against real worker threads: a body admitted in a worker
 * gives what admitBody gives on the request thread, answers reach the body
 * they belong to, and a worker that dies fails only the bodies it held.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planFrom } from '../../test/helpers/plan.js';
import { storedEvents } from '../plan/privacy.js';
import type { Plan } from '../plan/types.js';
import { idAt, linesText, type EncodedEvents, type LogEncoding } from '../store/duckdb/log-format.js';
import { admitBody, type BodyAdmission } from './admit-body.js';
import { AdmitPool } from './admit-pool.js';

const plan = planFrom(`
version: 1
product: { name: caro }
events:
  command_generation:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    prompt: { type: string, optional: true }
  heartbeat: {}
`);

function encodingOf(p: Plan): LogEncoding {
  const layouts = new Map(Object.values(storedEvents(p)).map((e) => [e.name, { properties: Object.keys(e.properties) }]));
  return { layouts, width: Math.max(...[...layouts.values()].map((l) => l.properties.length)) };
}

const encoding = encodingOf(plan);
const NOW = Date.parse('2026-11-22T10:00:00Z');

function body(value: unknown): Uint8Array {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

function events(prefix: string, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    type: 'command_generation',
    timestamp: NOW - i,
    user_id: `u${i % 7}`,
    properties: { backend: i % 2 ? 'static' : 'embedded', success: i % 5 !== 0, duration_ms: i, ...(i % 50 === 3 ? { prompt: `mail me at dev${i}@example.com`, extra: 1 } : {}) },
  }));
}

/** An admission with its encoded batch made comparable (the lines as text, typed arrays as arrays). */
function comparable(result: BodyAdmission): unknown {
  if (result.kind !== 'ok' || result.admitted.kind !== 'encoded') return result;
  const b: EncodedEvents = result.admitted.batch;
  return {
    ...result,
    admitted: { ...b, lines: linesText(b), typeOf: [...b.typeOf], idEnds: [...b.idEnds], ts: [...b.ts], hashes: [...b.hashes], lineEnds: [...b.lineEnds] },
  };
}

let pool: AdmitPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('AdmitPool', () => {
  it('gives what admitBody gives on the request thread: accepted, rejected, dropped, redactions, encoded lines', async () => {
    pool = new AdmitPool({ plan, encoding, size: 1 });
    const list = [...events('a', 300), { type: 'nope', timestamp: NOW }, { id: 'bad-ts', type: 'heartbeat', timestamp: 'yesterday' }, 42];
    const request = { body: body({ events: list }), ndjson: false, now: NOW };
    const expected = admitBody({ ...request, body: body({ events: list }) }, plan, encoding);
    const result = await pool.admit(request);
    expect(comparable(result)).toEqual(comparable(expected));
    if (result.kind !== 'ok' || result.admitted.kind !== 'encoded') throw new Error('expected an encoded batch');
    expect(result.items).toBe(303);
    expect(result.admitted.batch.count).toBe(300);
    expect(result.rejected.map((r) => r.index)).toEqual([300, 301, 302]);
    expect(result.dropped).toEqual({ 'properties.extra': 6 });
    expect(result.redactions.byKind).toEqual({ email: 6 });
    expect(linesText(result.admitted.batch)).not.toContain('example.com');
  });

  it('reads NDJSON in the worker, with the line of an unreadable event', async () => {
    pool = new AdmitPool({ plan, encoding, size: 1 });
    const ndjson = `${JSON.stringify(events('n', 1)[0])}\n{oops\n`;
    const result = await pool.admit({ body: body(ndjson), ndjson: true, now: NOW });
    expect(result).toMatchObject({ kind: 'ok', items: 2, rejected: [{ index: 1, error: expect.stringMatching(/^line 2: /) as unknown }] });
  });

  it('answers a malformed body with the parser message', async () => {
    pool = new AdmitPool({ plan, encoding, size: 1 });
    const result = await pool.admit({ body: body('{"events": ['), ndjson: false, now: NOW });
    expect(result).toEqual(admitBody({ body: body('{"events": ['), ndjson: false, now: NOW }, plan, encoding));
    expect(result.kind).toBe('malformed');
  });

  it('gives each of many concurrent bodies its own answer, across workers', async () => {
    pool = new AdmitPool({ plan, encoding, size: 2 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, b) => pool?.admit({ body: body(events(`b${b}`, 10 + b)), ndjson: false, now: NOW })));
    results.forEach((result, b) => {
      if (result?.kind !== 'ok' || result.admitted.kind !== 'encoded') throw new Error('expected an encoded batch');
      expect(result.admitted.batch.count).toBe(10 + b);
      expect(idAt(result.admitted.batch, 0)).toBe(`b${b}-0`);
    });
  });

  it('fails the bodies a dying worker held, and admits the next in a new worker', async () => {
    // A stand-in worker: answers each body 50 ms later with its length as `items`, and exits at once on a body sent with now = -1.
    const code = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', ({ id, request }) => {
        if (request.now === -1) process.exit(3);
        setTimeout(() => parentPort.postMessage({ id, result: { kind: 'malformed', error: String(request.body.byteLength) } }), 50);
      });`;
    pool = new AdmitPool({ plan, encoding, size: 1, module: new URL(`data:text/javascript,${encodeURIComponent(code)}`) });
    expect(await pool.admit({ body: body('[1]'), ndjson: false, now: NOW })).toEqual({ kind: 'malformed', error: '3' });
    const held = pool.admit({ body: body('[1,2]'), ndjson: false, now: NOW });
    const fatal = pool.admit({ body: body('[]'), ndjson: false, now: -1 });
    await expect(fatal).rejects.toThrow(/exited with code 3/);
    await expect(held).rejects.toThrow(/exited with code 3/);
    expect(await pool.admit({ body: body('[1,2,3]'), ndjson: false, now: NOW })).toEqual({ kind: 'malformed', error: '7' });
  });

  it('admits the bodies sent before a replan under the old plan and those after under the new, also in a worker started after it', async () => {
    const planA = planFrom('version: 1\nproduct: { name: caro }\nevents:\n  run: { x: { type: string, optional: true } }\n');
    const planB = planFrom('version: 1\nproduct: { name: caro }\nevents:\n  run: { y: { type: string, optional: true } }\n  stop: {}\n');
    pool = new AdmitPool({ plan: planA, encoding: encodingOf(planA), size: 2 });
    const sent = (id: string, type = 'run') => ({ body: body([{ id, type, timestamp: NOW, properties: { x: 'a', y: 'b' } }]), ndjson: false, now: NOW });
    const before = pool.admit(sent('1')); // worker 1, started under A
    pool.replan(planB, encodingOf(planB));
    const afterSameWorker = pool.admit(sent('2')); // worker 2, started after the replan
    const afterFirstWorker = pool.admit(sent('3', 'stop')); // worker 1 again, told by message
    const dropped = async (admission: Promise<BodyAdmission>) => {
      const result = await admission;
      if (result.kind !== 'ok') throw new Error('expected an admitted body');
      return { dropped: result.dropped, rejected: result.rejected.length };
    };
    expect(await dropped(before)).toEqual({ dropped: { 'properties.y': 1 }, rejected: 0 });
    expect(await dropped(afterSameWorker)).toEqual({ dropped: { 'properties.x': 1 }, rejected: 0 });
    expect(await dropped(afterFirstWorker)).toEqual({ dropped: { 'properties.x': 1, 'properties.y': 1 }, rejected: 0 });
  });

  it('ends a worker that had no body for idleMs, never one holding a body, and starts one again for the next body', async () => {
    // A stand-in worker that answers each body 200 ms later: longer than the pool's idle time.
    const code = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', ({ id, request }) => {
        setTimeout(() => parentPort.postMessage({ id, result: { kind: 'malformed', error: String(request.body.byteLength) } }), 200);
      });`;
    pool = new AdmitPool({ plan, encoding, size: 1, idleMs: 20, module: new URL(`data:text/javascript,${encodeURIComponent(code)}`) });
    expect(pool.running).toBe(0);
    expect(await pool.admit({ body: body('[1]'), ndjson: false, now: NOW })).toEqual({ kind: 'malformed', error: '3' });
    await vi.waitFor(() => expect(pool?.running).toBe(0), { timeout: 10_000 });
    expect(await pool.admit({ body: body('[1,2]'), ndjson: false, now: NOW })).toEqual({ kind: 'malformed', error: '5' });
  });

  it('keeps a worker that gets bodies, in the default idle time', async () => {
    pool = new AdmitPool({ plan, encoding, size: 1 });
    await pool.admit({ body: body(events('k', 3)), ndjson: false, now: NOW });
    await pool.admit({ body: body(events('l', 3)), ndjson: false, now: NOW });
    expect(pool.running).toBe(1);
  });

  it('refuses bodies once closed', async () => {
    const closed = new AdmitPool({ plan, encoding, size: 1 });
    await closed.close();
    await expect(closed.admit({ body: body([]), ndjson: false, now: NOW })).rejects.toThrow(/closed/);
  });
});
