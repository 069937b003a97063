/**
 * The caro plan over N events (default 1 M) on ClickHouse and on the embedded
 * DuckDB, side by side: the same events (the caro traffic of the last 7 days,
 * bench/caro.ts) appended to both, then evaluatePlan for the whole plan on
 * each (one cold run, the median of warm runs) and the slowest metrics alone;
 * and ClickHouse's ingest rate, in batches of 100 000 and of 1 000 events.
 *
 *   npx tsx bench/clickhouse.ts [N] [--url http://host:8123]
 *
 * Without --url it uses the test server (scripts/services/clickhouse.sh,
 * started when it is not running, and stopped again at the end); the bench's
 * database is dropped at the end.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@clickhouse/client';
import { evaluatePlan } from '../src/metrics/evaluate.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { Plan } from '../src/plan/types.js';
import { openClickHouseEvents } from '../src/store/clickhouse/index.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent, EventStore } from '../src/store/types.js';
import { loadCaroPlan, ROOT, weekOfEvents } from './caro.js';
import { load } from './machine.js';
import { count, int, median, mib, ms, since } from './stats.js';

const run = promisify(execFile);
const BATCH = 100_000;
const SMALL_BATCH = 1_000;
const SMALL_EVENTS = 100_000;
const WARM_RUNS = 5;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return since(start);
}

async function service(verb: 'start' | 'stop'): Promise<{ url: string; started: boolean }> {
  const { stdout } = await run('bash', [join(ROOT, 'scripts/services/clickhouse.sh'), verb], { timeout: 180_000 });
  const lines = stdout.trim().split('\n');
  return { url: lines.at(-1) ?? '', started: lines.some((line) => line.startsWith('started')) };
}

/** Appends every batch to both stores, timing each store's appends alone. */
async function fill(stores: { name: string; events: EventStore }[], plan: Plan, target: number, now: number): Promise<Map<string, { events: number; ms: number }>> {
  const totals = new Map(stores.map((s) => [s.name, { events: 0, ms: 0 }]));
  for (const batch of weekOfEvents(plan, target, now, BATCH)) {
    for (const store of stores) {
      const total = totals.get(store.name) ?? { events: 0, ms: 0 };
      const t = performance.now();
      const result = await store.events.append(batch);
      await store.events.counts(); // DuckDB loads its ingest log into the tables at the first read: part of the cost
      total.ms += since(t);
      total.events += result.stored.filter(Boolean).length;
      totals.set(store.name, total);
    }
  }
  return totals;
}

async function evaluation(name: string, plan: Plan, events: EventStore, now: number): Promise<void> {
  const cold = await timed(() => evaluatePlan(plan, events, now));
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await timed(() => evaluatePlan(plan, events, now)));
  const each: { id: string; ms: number }[] = [];
  for (const metric of plan.metrics) {
    try {
      each.push({ id: metric.id, ms: await timed(() => events.measure(metric, { from: now - metric.windowMs, to: now })) });
    } catch {
      // a figure (incidents, GitHub), not measured over events
    }
  }
  each.sort((a, b) => b.ms - a.ms);
  const sum = each.reduce((s, m) => s + m.ms, 0);
  console.log(
    `  ${name.padEnd(10)} evaluatePlan (${plan.metrics.length} metrics): cold ${ms(cold)}, warm median ${ms(median(warm))}; ` +
      `each measure alone: sum ${ms(sum)}, slowest ${each.slice(0, 3).map((m) => `${m.id} ${ms(m.ms)}`).join(', ')}`,
  );
}

/** ClickHouse ingest in small batches (as HTTP requests commit them), into the filled store: events/s. */
async function smallBatches(events: EventStore, plan: Plan, now: number): Promise<number> {
  let stored = 0;
  let spent = 0;
  for (const batch of weekOfEvents(plan, SMALL_EVENTS, now, SMALL_BATCH)) {
    const fresh: AdmittedEvent[] = batch.map((e) => ({ ...e, id: `small-${e.id}` }));
    const t = performance.now();
    stored += (await events.append(fresh)).stored.filter(Boolean).length;
    spent += since(t);
  }
  return stored / (spent / 1000);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const urlAt = args.indexOf('--url');
  const target = Number(args.find((a, i) => !a.startsWith('--') && !(urlAt >= 0 && i === urlAt + 1)) ?? 1_000_000);
  const server = urlAt >= 0 ? { url: args[urlAt + 1] ?? '', started: false } : await service('start');
  const database = `lw_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(server.url);
  const admin = createClient({ url: url.origin });
  const version = await (await admin.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
  url.pathname = `/${database}`;
  const plan = await loadCaroPlan('unused');
  const now = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'launchwatch-bench-clickhouse-'));
  console.log(`\nClickHouse ${version[0]?.v ?? '?'} vs DuckDB: examples/caro.yaml over ${count(target)} caro events of the last 7 days`);
  console.log(`  ${load()}`);
  const duck = await openEmbeddedStores(dir, { memoryLimit: '4GB' });
  const clickhouse = await openClickHouseEvents(url.toString());
  try {
    await duck.events.prepare(storedEvents(plan));
    await clickhouse.events.prepare(storedEvents(plan));
    const filled = await fill([{ name: 'DuckDB', events: duck.events }, { name: 'ClickHouse', events: clickhouse.events }], plan, target, now);
    for (const [name, f] of filled) console.log(`  ${name.padEnd(10)} ${int(f.events)} events stored, append ${int(f.events / (f.ms / 1000))} events/s in batches of ${count(BATCH)}`);
    console.log(`  ClickHouse on disk ${mib(await clickhouse.sizeBytes())}`);
    await evaluation('DuckDB', plan, duck.events, now);
    await evaluation('ClickHouse', plan, clickhouse.events, now);
    console.log(`  ClickHouse append in batches of ${count(SMALL_BATCH)} (${count(SMALL_EVENTS)} more events): ${int(await smallBatches(clickhouse.events, plan, now))} events/s`);
  } finally {
    await duck.close();
    await clickhouse.close();
    await rm(dir, { recursive: true, force: true });
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await admin.close();
    if (server.started) await service('stop');
  }
}

await main();
