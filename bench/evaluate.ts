/**
 * Plan evaluation time: a data directory filled with about N caro events over
 * the last 7 days, then evaluatePlan for the whole caro plan (one cold run on
 * a freshly opened store, the median of warm runs) and each metric's measure alone.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePlan } from '../src/metrics/evaluate.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { Plan } from '../src/plan/types.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import { loadCaroPlan, loadCaroPlanWith, skipped, weekOfEvents } from './caro.js';
import { load } from './machine.js';
import type { BenchOptions } from './options.js';
import { count, int, median, mib, ms, since } from './stats.js';

const LOAD_BATCH = 100_000;

/** A funnel and a distinct count with having (the richer metric language) added to the caro plan, to weigh them against the plan without. */
const EVENT_KINDS = `  bench_funnel:
    funnel:
      steps:
        - { event: session_start }
        - { event: command_generation, where: { success: true } }
        - { event: command_execution, where: { success: true } }
      within: 1d
    window: 7d
  bench_power_users:
    from: command_generation
    distinct: user_id
    having: { count: "> 20" }
    window: 7d
`;
const WARM_RUNS = 5;
const METRIC_RUNS = 3;

interface Filled {
  readonly stored: number;
  readonly generateMs: number;
  readonly appendMs: number;
  /** store.append's rate over the first and the last tenth of the batches: does it slow as the tables grow? */
  readonly firstRate: number;
  readonly lastRate: number;
}

function rateOf(batches: readonly { events: number; ms: number }[]): number {
  const events = batches.reduce((s, b) => s + b.events, 0);
  return events / (batches.reduce((s, b) => s + b.ms, 0) / 1000);
}

async function fill(stores: Stores, plan: Plan, target: number, now: number): Promise<Filled> {
  await stores.events.prepare(storedEvents(plan));
  let stored = 0;
  const batches: { events: number; ms: number }[] = [];
  const start = performance.now();
  for (const batch of weekOfEvents(plan, target, now, LOAD_BATCH)) {
    const t = performance.now();
    const result = await stores.events.append(batch);
    batches.push({ events: batch.length, ms: since(t) });
    stored += result.stored.filter(Boolean).length;
  }
  // What the ingest log still holds is loaded into the tables by the first read: part of the load's cost.
  const t = performance.now();
  await stores.events.counts();
  const last = batches.at(-1);
  if (last) last.ms += since(t);
  const appendMs = batches.reduce((s, b) => s + b.ms, 0);
  const tenth = Math.max(1, Math.floor(batches.length / 10));
  return {
    stored,
    appendMs,
    generateMs: since(start) - appendMs,
    firstRate: rateOf(batches.slice(0, tenth)),
    lastRate: rateOf(batches.slice(-tenth)),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  return since(start);
}

/** Each metric's store.measure alone, median of a few warm runs, slowest first. */
async function perMetric(stores: Stores, plan: Plan, now: number): Promise<{ id: string; from: string; ms: number }[]> {
  const times: { id: string; from: string; ms: number }[] = [];
  for (const metric of plan.metrics) {
    const runs: number[] = [];
    try {
      for (let i = 0; i < METRIC_RUNS; i++) runs.push(await timed(() => stores.events.measure(metric, { from: now - metric.windowMs, to: now })));
    } catch {
      continue; // not measured over events (an incident or source figure): evaluatePlan takes it elsewhere
    }
    times.push({ id: metric.id, from: metric.from, ms: median(runs) });
  }
  return times.sort((a, b) => b.ms - a.ms);
}

/** The fill's figures, printed once per load. */
function printFilled(filled: Filled, target: number, file: number): void {
  console.log(
    `  ${count(target)} target: ${int(filled.stored)} events stored (${mib(file)} file); ` +
      `store.append ${int(filled.stored / (filled.appendMs / 1000))} events/s in batches of ${count(LOAD_BATCH)}, ` +
      `${int(filled.stored / ((filled.appendMs + filled.generateMs) / 1000))} events/s with generation`,
  );
  for (const [reason, n] of skipped) console.log(`      ${int(n)} generated events rejected by the plan and left out: ${reason}`);
  skipped.clear();
  console.log(`      store.append over the first tenth of the batches ${int(filled.firstRate)} events/s, over the last tenth ${int(filled.lastRate)} events/s`);
}

/** A data directory holding about `target` events, and the `now` they were made for; a kept one (`--evaluate-data`) is reused when filled. */
async function filledDirectory(plan: Plan, target: number, memoryLimit: string, keep: string | undefined): Promise<{ dir: string; now: number }> {
  const dir = keep ? join(keep, String(target)) : await mkdtemp(join(tmpdir(), 'launchwatch-bench-evaluate-'));
  const stamp = join(dir, 'bench-now.json');
  if (keep) {
    const kept = await readFile(stamp, 'utf8').then((text) => Number(JSON.parse(text)), () => undefined);
    if (kept !== undefined && Number.isFinite(kept)) {
      console.log(`  ${count(target)} target: reusing ${dir} (filled for now = ${new Date(kept).toISOString()})`);
      return { dir, now: kept };
    }
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  const now = Date.now();
  const stores = await openEmbeddedStores(dir, { memoryLimit });
  let filled: Filled;
  try {
    filled = await fill(stores, plan, target, now);
  } finally {
    await stores.close();
  }
  printFilled(filled, target, (await stat(join(dir, 'launchwatch.duckdb'))).size);
  if (keep) await writeFile(stamp, JSON.stringify(now));
  return { dir, now };
}

async function benchSize(plan: Plan, target: number, memoryLimit: string, keep: string | undefined, richer?: Plan): Promise<void> {
  const { dir, now } = await filledDirectory(plan, target, memoryLimit, keep);
  try {
    // Cold: the store reopened, nothing in DuckDB's buffer pool (the OS page cache may still hold the file).
    const opening = performance.now();
    const stores = await openEmbeddedStores(dir, { memoryLimit });
    try {
      await stores.events.prepare(storedEvents(plan));
      console.log(`      reopen and prepare (rebuilds the in-memory id set from the stored ids): ${ms(since(opening))}, heap ${mib(process.memoryUsage().heapUsed)}, array buffers ${mib(process.memoryUsage().arrayBuffers)}`);
      const cold = await timed(() => evaluatePlan(plan, stores.events, now));
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push(await timed(() => evaluatePlan(plan, stores.events, now)));
      console.log(`      evaluatePlan, ${plan.metrics.length} metrics: cold ${ms(cold)}, warm median ${ms(median(warm))} (runs: ${warm.map((w) => w.toFixed(0)).join(', ')} ms)`);
      if (richer) {
        const more = await timed(() => evaluatePlan(richer, stores.events, now));
        const moreWarm: number[] = [];
        for (let i = 0; i < WARM_RUNS; i++) moreWarm.push(await timed(() => evaluatePlan(richer, stores.events, now)));
        const ratio = median(moreWarm) / median(warm);
        console.log(`      evaluatePlan with a funnel and a having metric added, ${richer.metrics.length} metrics: cold ${ms(more)}, warm median ${ms(median(moreWarm))} (${ratio.toFixed(2)}× the plan without)`);
        for (const id of ['bench_funnel', 'bench_power_users']) {
          const metric = richer.metrics.find((m) => m.id === id);
          if (metric) console.log(`        ${id} alone: ${ms(await timed(() => stores.events.measure(metric, { from: now - metric.windowMs, to: now })))}`);
        }
      }
      const metrics = await perMetric(stores, plan, now);
      const sum = metrics.reduce((s, m) => s + m.ms, 0);
      const slowest = metrics.slice(0, 3).map((m) => `${m.id} (${m.from}) ${ms(m.ms)}`);
      console.log(`      each metric's measure alone, one after another: sum ${ms(sum)}; slowest ${slowest.join(', ')}`);
    } finally {
      await stores.close();
    }
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

export async function benchEvaluate(options: BenchOptions): Promise<void> {
  const plan = await loadCaroPlan('unused');
  const richer = await loadCaroPlanWith('unused', EVENT_KINDS);
  console.log(`\nplan evaluation: examples/caro.yaml over caro events of the last 7 days, DuckDB memory limit ${options.memoryLimit}`);
  for (const size of options.sizes) {
    console.log(`  ${load()}`);
    await benchSize(plan, size, options.memoryLimit, options.evaluateData, richer);
  }
}
