/**
 * Same answers: the same generated events appended to the embedded DuckDB
 * store and to ClickHouse (18.16), then every metric of examples/caro.yaml that
 * reads events, and metrics of every kind and filter, measured and as series
 * over several ranges and steps on both, compared exactly (floats to 1e-9
 * relative). Also: ids sent twice count once at once, on one replica and on
 * two; a reader waits for an append in flight; hostile strings go in and come
 * out byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/metrics/compile.js';
import { loadPlanFile } from '../src/plan/load.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { MetricSpec, Plan } from '../src/plan/types.js';
import { LEASE_MS } from '../src/store/clickhouse/consistency.js';
import { openClickHouseEvents, type ClickHouseEvents } from '../src/store/clickhouse/index.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { dropTestDatabases, freshDatabaseUrl, onServer } from './helpers/clickhouse-events.js';
import { generatedBatches } from './helpers/generated-events.js';
import { planFrom } from './helpers/plan.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;

const KINDS_YAML = `
version: 1
product: { name: kinds }
events:
  gen:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    category: { type: string, optional: true }
metrics:
  total: { from: gen, count: true, window: 1h }
  users: { from: gen, distinct: user_id, window: 1h }
  success_rate: { from: gen, ratio: { success: true }, by: backend, window: 1h }
  p95: { from: gen, quantile: { of: duration_ms, q: 0.95 }, by: backend, window: 1h }
  p50: { from: gen, quantile: { of: duration_ms, q: 0.5 }, window: 1h }
  p1: { from: gen, quantile: { of: duration_ms, q: 0.01 }, window: 1h }
  p999: { from: gen, quantile: { of: duration_ms, q: 0.999 }, by: category, window: 1h }
  mean: { from: gen, mean: duration_ms, by: category, window: 1h }
  sum: { from: gen, sum: duration_ms, window: 1h }
  usage: { from: gen, share: backend, window: 1h }
  categories: { from: gen, share: category, window: 1h }
  per_session: { from: gen, count: true, per: session_id, window: 1h }
  mean_per_user: { from: gen, sum: duration_ms, per: user_id, by: backend, window: 1h }
  by_two: { from: gen, count: true, by: [backend, category], window: 1h }
  slow_static: { from: gen, where: { backend: static, duration_ms: { gt: 50 } }, count: true, window: 1h }
  not_timeout: { from: gen, where: { category: { ne: alpha } }, count: true, window: 1h }
  in_list: { from: gen, where: { category: [alpha, "it's"] }, count: true, window: 1h }
  low: { from: gen, where: { duration_ms: { lte: 10 }, success: false }, ratio: { backend: embedded }, window: 1h }
  static_then_tagged:
    funnel:
      steps:
        - { event: gen, where: { backend: static } }
        - { event: gen, where: { category: { ne: alpha } } }
        - { event: gen, where: { category: alpha, success: true } }
      within: 30m
    window: 1h
  regulars_by_backend: { from: gen, distinct: user_id, where: { category: { ne: beta } }, having: { count: ">= 3" }, by: [backend, category], window: 1h }
  back_after_10m: { from: gen, retention: { after: 10m }, window: 1h }
  back_after_1d: { from: gen, retention: { after: 1d }, window: 3d }
`;
const KINDS = planFrom(KINDS_YAML);

/** Numbers equal to 1e-9 relative; everything else exactly. */
function close(a: unknown, b: unknown, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return;
    expect(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(b.length, `${path}: length`).toBe(a.length);
    a.forEach((x, i) => close(x, b[i], `${path}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(b).sort(), `${path}: keys`).toEqual(Object.keys(a).sort());
    for (const key of Object.keys(a)) close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  expect(b, path).toEqual(a);
}

/** Series groups come in no defined order: compare them by group. */
function ordered<T extends { groups: readonly { group: object }[] }>(series: T): T {
  return { ...series, groups: [...series.groups].sort((x, y) => JSON.stringify(x.group).localeCompare(JSON.stringify(y.group))) };
}

function fromEvents(plan: Plan): MetricSpec[] {
  return plan.metrics.filter((m) => compile(m).shape !== 'figure');
}

async function caroPlan(): Promise<Plan> {
  const loaded = await loadPlanFile(new URL('../examples/caro.yaml', import.meta.url).pathname, { CARO_INGEST_KEY: 'k', PD_ROUTING_KEY: 'r', SLACK_WEBHOOK_URL: 'https://hooks.example.com/x' });
  if (loaded.kind === 'invalid') throw new Error('examples/caro.yaml does not load');
  return loaded.plan;
}

afterAll(() => dropTestDatabases());

describe.each([
  ['examples/caro.yaml', caroPlan, 9000],
  ['every metric kind and filter', () => Promise.resolve(KINDS), 4000],
] as const)('the same answers on ClickHouse as on DuckDB: %s', (_name, planOf, count) => {
  let duck: Stores;
  let clickhouse: ClickHouseEvents;
  let plan: Plan;
  const stored: boolean[][] = [];

  beforeAll(async () => {
    plan = await planOf();
    duck = await openEmbeddedStores(':memory:');
    clickhouse = await openClickHouseEvents(freshDatabaseUrl());
    const events = storedEvents(plan);
    await duck.events.prepare(events);
    await clickhouse.events.prepare(events);
    for (const batch of generatedBatches(Object.values(events), count, { from: NOW - 10 * DAY, to: NOW + H }, 7)) {
      const [a, b] = await Promise.all([duck.events.append(batch), clickhouse.events.append(batch)]);
      expect(b.stored).toEqual(a.stored);
      stored.push([...a.stored]);
    }
  }, 120_000);

  afterAll(async () => {
    await duck?.close();
    await clickhouse?.close();
  });

  it('stores the same events, saying the same of each repeated id', async () => {
    expect(stored.flat().filter((s) => !s).length).toBeGreaterThan(100);
    expect(await clickhouse.events.counts()).toEqual(await duck.events.counts());
  });

  it('measures every metric the same over several ranges', async () => {
    const metrics = fromEvents(plan);
    expect(metrics.length).toBeGreaterThan(15);
    for (const metric of metrics) {
      for (const range of [{ from: NOW - metric.windowMs, to: NOW }, { from: NOW - 3 * DAY, to: NOW - DAY + 1 }, { from: NOW - 11 * DAY, to: NOW + DAY }, { from: NOW + 2 * DAY, to: NOW + 3 * DAY }]) {
        close(await duck.events.measure(metric, range), await clickhouse.events.measure(metric, range), `${metric.id} ${range.from}..${range.to}`);
      }
    }
  }, 120_000);

  it('gives every metric the same series over several ranges and steps', async () => {
    for (const metric of fromEvents(plan)) {
      for (const [range, step] of [[{ from: NOW - DAY, to: NOW }, H], [{ from: NOW - 7 * DAY, to: NOW }, 6 * H], [{ from: NOW - 10 * DAY + 17, to: NOW + 5 }, DAY]] as const) {
        close(ordered(await duck.events.series(metric, range, step)), ordered(await clickhouse.events.series(metric, range, step)), `${metric.id} series by ${step}`);
      }
    }
  }, 120_000);

  it('gives the same retention cohorts and the same raw values', async () => {
    for (const metric of plan.metrics.filter((m) => compile(m).shape === 'retention')) {
      const range = { from: NOW - 10 * DAY, to: NOW };
      close(await duck.retention.cohorts(metric, range, DAY, NOW), await clickhouse.retention.cohorts(metric, range, DAY, NOW), `${metric.id} cohorts`);
    }
    for (const metric of fromEvents(plan)) {
      const query = compile(metric);
      if (query.shape !== 'aggregate' || query.aggregate.fn !== 'quantile') continue;
      const range = { from: NOW - 5 * DAY, to: NOW };
      const [a, b] = await Promise.all([duck.eventValues.values(metric, query.aggregate.of, range, 1e9), clickhouse.eventValues.values(metric, query.aggregate.of, range, 1e9)]);
      expect(b.total).toBe(a.total);
      expect([...b.values].sort((x, y) => x - y)).toEqual([...a.values].sort((x, y) => x - y));
    }
  });
});

describe('ClickHouse: ids sent twice, and writers and readers at once', () => {
  const gen = (i: number, ts = NOW - i * 1000): AdmittedEvent => ({ id: `g${i}`, type: 'gen', ts, userId: `u${i % 7}`, sessionId: null, properties: { backend: 'static', success: true, duration_ms: i, category: null } });
  const total = KINDS.metrics.find((m) => m.id === 'total') as MetricSpec;
  const sum = KINDS.metrics.find((m) => m.id === 'sum') as MetricSpec;
  const range = { from: NOW - H, to: NOW };

  it('counts an id sent twice, in separate appends, once at once', async () => {
    const store = await openClickHouseEvents(freshDatabaseUrl());
    try {
      await store.events.prepare(KINDS.events);
      await store.events.append([gen(1), gen(2)]);
      expect((await store.events.append([gen(2), gen(3)])).stored).toEqual([false, true]);
      expect((await store.events.measure(total, range)).value).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('counts each id once when two replicas store the same events at the same moment', async () => {
    const url = freshDatabaseUrl();
    const [a, b] = await Promise.all([openClickHouseEvents(url), openClickHouseEvents(url)]);
    try {
      await Promise.all([a.events.prepare(KINDS.events), b.events.prepare(KINDS.events)]);
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 200 }, (_, i) => gen(round * 200 + i, NOW - (round * 200 + i) * 10));
        await Promise.all([a.events.append(batch), b.events.append(batch)]);
        const expected = (round + 1) * 200;
        for (const store of [a, b]) {
          expect((await store.events.measure(total, range)).value).toBe(expected);
          expect((await store.events.counts()).gen).toBe(expected);
        }
        expect((await b.events.measure(sum, range)).value).toBe((expected * (expected - 1)) / 2);
      }
      // The two replicas did race (both found ids new and both stored them): that is what was counted once above.
      const [listed] = await onServer<{ n: string }>('SELECT uniqExact(id) AS n FROM lw_duplicates', new URL(url).pathname.slice(1));
      expect(Number(listed?.n)).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('answers once the append in flight on another replica has listed its duplicates', async () => {
    const url = freshDatabaseUrl();
    const store = await openClickHouseEvents(url);
    try {
      await store.events.prepare(KINDS.events);
      await store.events.append([gen(1), gen(2)]);
      const database = new URL(url).pathname.slice(1);
      // Another replica: its append started, its rows in, not yet finished (its duplicate not yet listed).
      await onServer(`INSERT INTO lw_appends (replica, state, seq, listed, at) VALUES ('other', 0, 1, 0, ${Date.now()})`, database);
      await onServer(`INSERT INTO lw_events (type, id, ts, user_id, session_id, ver) VALUES ('gen', 'g1', ${NOW - 1000}, 'u1', NULL, 1)`, database);
      let answered: number | null | undefined;
      const measuring = store.events.measure(total, range).then((m) => (answered = m.value));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBeUndefined();
      // Finished, saying it listed one duplicate that no read sees yet (as when a read's view of lw_duplicates is older): still waiting.
      await onServer(`INSERT INTO lw_appends (replica, state, seq, listed, at) VALUES ('other', 1, 1, 1, ${Date.now()})`, database);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBeUndefined();
      await onServer(`INSERT INTO lw_duplicates (replica, type, id, at) VALUES ('other', 'gen', 'g1', ${Date.now()})`, database);
      await measuring;
      expect(answered).toBe(2);
      expect((await store.events.counts()).gen).toBe(2);
    } finally {
      await store.close();
    }
  });
  it('takes over the append of a writer that died after its insert: its duplicates listed, its append finished', async () => {
    const url = freshDatabaseUrl();
    const store = await openClickHouseEvents(url);
    try {
      await store.events.prepare(KINDS.events);
      await store.events.append([gen(1), gen(2)]);
      const database = new URL(url).pathname.slice(1);
      await onServer(`INSERT INTO lw_appends (replica, state, seq, listed, at) VALUES ('dead', 0, 7, 0, ${Date.now() - LEASE_MS - 1000})`, database);
      await onServer(`INSERT INTO lw_events (type, id, ts, user_id, session_id, ver) VALUES ('gen', 'g2', ${NOW - 2000}, 'u2', NULL, 1)`, database);
      expect((await store.events.measure(total, range)).value).toBe(2);
      const [finished] = await onServer<{ done: string }>("SELECT max(seq) AS done FROM lw_appends WHERE replica = 'dead' AND state = 1", database);
      expect(Number(finished?.done)).toBe(7);
    } finally {
      await store.close();
    }
  });
});

describe('ClickHouse: hostile strings', () => {
  const HOSTILE = ["it's", "''", '\\', "\\'", "'; DROP TABLE lw_events; --", 'nul\u0000inside', '\u0000', 'a\nb\r\nc\td', '\u0001\u001f\u007f', 'lone \ud800 high', 'lone \udc00 low', '\ud83d\ude00 ünïcödé 日本語', '`x`"y"', '\\x41\\0'];

  it('stores each one and reads it back byte for byte, and finds it by equality', async () => {
    const plan = planFrom(`
version: 1
product: { name: hostile }
events:
  note: { text: string }
metrics:
  texts: { from: note, share: text, window: 1h }
`);
    const store = await openClickHouseEvents(freshDatabaseUrl());
    try {
      await store.events.prepare(plan.events);
      const events = HOSTILE.map((text, i) => ({ id: `${text}#${i}`, type: 'note', ts: NOW - i, userId: text, sessionId: null, properties: { text } }));
      expect((await store.events.append(events)).stored.every(Boolean)).toBe(true);
      const back = await store.privacy.userEvents(HOSTILE);
      expect(back).toHaveLength(HOSTILE.length);
      for (const [i, text] of HOSTILE.entries()) {
        const found = back.find((e) => e.id === Buffer.from(`${text}#${i}`).toString());
        expect(found, JSON.stringify(text)).toBeDefined();
        expect(Buffer.from(String(found?.properties.text)).equals(Buffer.from(text))).toBe(true);
        expect(Buffer.from(String(found?.userId)).equals(Buffer.from(text))).toBe(true);
      }
      const shares = await store.events.measure(plan.metrics[0] as MetricSpec, { from: NOW - H, to: NOW });
      expect(shares.groups.map((g) => Buffer.from(String(g.group.text)).toString('hex')).sort()).toEqual(HOSTILE.map((t) => Buffer.from(t).toString('hex')).sort());
      expect((await store.events.counts()).note).toBe(HOSTILE.length);
      expect(await store.privacy.deleteUserEvents(["'; DROP TABLE lw_events; --"])).toEqual({ note: 1 });
      expect((await store.events.counts()).note).toBe(HOSTILE.length - 1);
    } finally {
      await store.close();
    }
  });
});

describe('ClickHouse: check', () => {
  it('says what prepare would refuse, and changes nothing', async () => {
    const url = freshDatabaseUrl();
    const store = await openClickHouseEvents(url);
    try {
      await store.events.prepare(KINDS.events);
      const changed = planFrom(KINDS_YAML.replace('duration_ms: number', 'duration_ms: string').split('metrics:')[0] ?? '');
      const problems = (await store.events.check?.(changed.events, [])) ?? [];
      expect(problems).toEqual([expect.objectContaining({ kind: 'property', event: 'gen', property: 'duration_ms', message: expect.stringMatching(/stored as double but the plan now declares string/) })]);
      const wider = planFrom(KINDS_YAML.replace('    success: boolean', '    success: boolean\n    extra: { type: number, optional: true }'));
      expect(await store.events.check?.(wider.events, wider.metrics)).toEqual([]);
      const columns = await onServer<{ name: string }>("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'lw_events' AND name LIKE '%extra%'", new URL(url).pathname.slice(1));
      expect(columns).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
