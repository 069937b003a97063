/**
 * The DuckDB event store's ingest log against real files: values survive the
 * trip through the log exactly, a log left by a crash is loaded at startup
 * (a half-written frame cut off, a segment never loaded twice), duplicates are
 * recognised across restarts, and a data file of the first layout (primary
 * key on id) is migrated.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEvents, frame } from '../src/store/duckdb/log-format.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { planFrom } from './helpers/plan.js';

const plan = planFrom(`
version: 1
product: { name: log }
events:
  gen:
    label: { type: string, optional: true }
    x: { type: number, optional: true }
    ok: { type: boolean, optional: true }
metrics:
  total: { from: gen, count: true, window: 1h }
`);
const T0 = Date.parse('2026-11-20T12:00:00Z');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-log-'));
  dirs.push(dir);
  return dir;
}

async function open(dir: string): Promise<Stores> {
  const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
  await stores.events.prepare(plan.events);
  return stores;
}

function gen(id: string, properties: AdmittedEvent['properties'] = {}, extra: Partial<AdmittedEvent> = {}): AdmittedEvent {
  return { id, type: 'gen', ts: T0, userId: 'u1', sessionId: 's1', properties: { label: null, x: null, ok: null, ...properties }, ...extra };
}

async function rows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'launchwatch.duckdb'));
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('DuckDB event store: the ingest log', () => {
  it('stores strings, numbers, booleans and nulls exactly as appended', async () => {
    const dir = freshDir();
    const labels = ['', 'a,b', 'say "hi"', 'line\nbreak', '\r\n', '#not a comment', ' padded ', 'NULL', 'naïve ✓ 日本', '\\back\\slash', '"', ','];
    const numbers = [0, -0.5, 0.1, 1e21, 5e-324, -1.7976931348623157e308, 123456789.12345679];
    const events = [
      ...labels.map((label, i) => gen(`s${i}`, { label })),
      ...numbers.map((x, i) => gen(`n${i}`, { x })),
      gen('t', { ok: true }),
      gen('f', { ok: false }),
      gen('nulls', {}, { userId: null, sessionId: null }),
      gen('id "with", quotes\nand lines', {}, { userId: '', ts: T0 + 0.4 }),
    ];
    const stores = await open(dir);
    expect((await stores.events.append(events)).stored.every(Boolean)).toBe(true);
    await stores.close();

    const stored = new Map((await rows(dir, 'SELECT id, epoch_ms(ts)::DOUBLE AS ts, user_id, session_id, p_label, p_x, p_ok FROM ev_gen')).map((r) => [String(r.id), r]));
    expect(stored.size).toBe(events.length);
    labels.forEach((label, i) => expect(stored.get(`s${i}`)?.p_label).toBe(label));
    numbers.forEach((x, i) => expect(stored.get(`n${i}`)?.p_x).toBe(x));
    expect(stored.get('t')?.p_ok).toBe(true);
    expect(stored.get('f')?.p_ok).toBe(false);
    expect(stored.get('nulls')).toMatchObject({ user_id: null, session_id: null, p_label: null, p_x: null, p_ok: null });
    expect(stored.get('id "with", quotes\nand lines')).toMatchObject({ user_id: '', ts: T0 });
  });

  it('recognises a duplicate after a restart, also with another timestamp, and a new id as new', async () => {
    const dir = freshDir();
    const first = await open(dir);
    await first.events.append([gen('a'), gen('b'), gen('nul\u0000inside')]);
    await first.close();
    const again = await open(dir);
    const result = await again.events.append([gen('a'), gen('b', {}, { ts: T0 - 86_400_000 }), gen('nul\u0000inside'), gen('c')]);
    expect(result.stored).toEqual([false, false, false, true]);
    expect((await again.events.counts()).gen).toBe(4);
    await again.close();
  });

  it('loads a log left by a crash at startup, without the frame the crash cut short, and never loads a segment twice', async () => {
    const dir = freshDir();
    await (await open(dir)).close();
    const layouts = new Map([['gen', { properties: ['label', 'x', 'ok'] }]]);
    const whole = frame(Buffer.from(encodeEvents([gen('w1', { label: 'kept' }), gen('w2')], layouts, 3)));
    const torn = frame(Buffer.from(encodeEvents([gen('t1'), gen('t2')], layouts, 3))).subarray(0, 20);
    const segment = join(dir, 'ingest-log', '000000000007.csv');
    writeFileSync(segment, Buffer.concat([whole, torn]));

    const stores = await open(dir);
    expect((await stores.events.counts()).gen).toBe(2);
    expect(readdirSync(join(dir, 'ingest-log'))).toEqual([]);
    // Retrying the torn batch stores it; the loaded one is recognised.
    expect((await stores.events.append([gen('w1'), gen('t1'), gen('t2')])).stored).toEqual([false, true, true]);
    await stores.close();

    // The same segment again (as if deleting it had not reached the disk): it is skipped, not loaded again.
    mkdirSync(join(dir, 'ingest-log'), { recursive: true });
    writeFileSync(segment, whole);
    const reopened = await open(dir);
    expect((await reopened.events.counts()).gen).toBe(4);
    await reopened.close();
  });

  it('sets aside a segment DuckDB cannot read, loads the others, and says where it put it', async () => {
    const dir = freshDir();
    await (await open(dir)).close();
    const layouts = new Map([['gen', { properties: ['label', 'x', 'ok'] }]]);
    const log = join(dir, 'ingest-log');
    writeFileSync(join(log, '000000000007.csv'), frame(Buffer.from(encodeEvents([gen('g1'), gen('g2')], layouts, 3))));
    // A line whose time is not a number: as a damaged disk block might leave it.
    writeFileSync(join(log, '000000000008.csv'), frame(Buffer.from('gen,bad1,yesterday,u1,s1,,,\n')));
    writeFileSync(join(log, '000000000009.csv'), frame(Buffer.from(encodeEvents([gen('g3', { label: 'after' })], layouts, 3))));

    const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
    const quarantined: { path: string; error: string }[] = [];
    stores.events.onQuarantine?.((q) => quarantined.push(q));
    await stores.events.prepare(plan.events);
    expect((await stores.events.counts()).gen).toBe(3);
    expect(quarantined).toEqual([{ path: join(log, 'quarantine', '000000000008.csv'), error: expect.stringMatching(/^(Invalid Input|Conversion) Error: /) as unknown }]);
    expect(quarantined[0]?.error).not.toContain('bad1'); // the first line of DuckDB's message only: no stored data in the logs
    expect(readdirSync(log)).toEqual(['quarantine']);
    expect(readdirSync(join(log, 'quarantine'))).toEqual(['000000000008.csv']);
    expect(await stores.health.quarantinedSegments()).toBe(1);
    // Ingest goes on, and the set-aside file is not loaded again at the next start.
    expect((await stores.events.append([gen('g4'), gen('g1')])).stored).toEqual([true, false]);
    await stores.close();
    const again = await open(dir);
    expect((await again.events.counts()).gen).toBe(4);
    expect(await again.health.quarantinedSegments()).toBe(1);
    await again.close();
  });

  it('migrates a data file whose event ids were a primary key, keeping its rows and recognising their ids', async () => {
    const dir = freshDir();
    const instance = await DuckDBInstance.create(join(dir, 'launchwatch.duckdb'));
    const connection = await instance.connect();
    await connection.run('CREATE TABLE ev_gen (id VARCHAR PRIMARY KEY, ts TIMESTAMP NOT NULL, user_id VARCHAR, session_id VARCHAR, p_label VARCHAR, p_x DOUBLE)');
    await connection.run(`INSERT INTO ev_gen VALUES ('old1', TIMESTAMP '2026-11-20 11:00:00', 'u', 's', 'l', 1.5), ('old2', TIMESTAMP '2026-11-20 11:30:00', NULL, NULL, NULL, NULL)`);
    connection.closeSync();
    instance.closeSync();

    const stores = await open(dir);
    expect((await stores.events.append([gen('old1'), gen('new1')])).stored).toEqual([false, true]);
    await stores.close();
    expect(await rows(dir, `SELECT count(*)::INTEGER AS n FROM duckdb_constraints() WHERE table_name = 'ev_gen' AND constraint_type = 'PRIMARY KEY'`)).toEqual([{ n: 0 }]);
    expect(await rows(dir, 'SELECT id, p_label, p_x, p_ok FROM ev_gen ORDER BY id')).toEqual([
      { id: 'new1', p_label: null, p_x: null, p_ok: null },
      { id: 'old1', p_label: 'l', p_x: 1.5, p_ok: null },
      { id: 'old2', p_label: null, p_x: null, p_ok: null },
    ]);
  });
});
