/**
 * `npm run bench -- --only memory`: the resident memory of the real server
 * (dist/cli/main.js serve, a child process) read from /proc/<pid>/status
 * (VmRSS, and VmHWM for the peak) at each stage:
 *
 * 1. idle on the demo's plan (examples/caro.yaml), a fresh data directory, no load;
 * 2. holding N events (10 M by default): N − 1 M written in-process over the
 *    last 7 days, then the server opened on them, 1 M more ingested over HTTP
 *    (the peak while ingesting), the plan evaluated (GET /api/v1/metrics);
 *    then a stop and a start, timed to the first answer of /healthz and of
 *    /api/v1/metrics;
 * 3. 100 000 alert instances posted to /api/v2/alerts and held.
 *
 * Prints figures; never passes or fails.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedEvents } from '../src/plan/privacy.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { ResendBodies, resendLoad, sendLoad, startReceiver } from './alertmanager-load.js';
import { postedAlertsPlan } from './alertmanager-servers.js';
import { PLAN_FILE, ingestBodies, loadCaroPlan, planEnv, weekOfEvents } from './caro.js';
import { sendAll } from './ingest.js';
import { load } from './machine.js';
import { firstOk, memoryText, peakWhile, serve, sleep, type ServeOptions } from './memory-process.js';
import { count, int, mib, ms, since } from './stats.js';

export interface MemoryBenchOptions {
  /** Events held in the second stage. */
  readonly events: number;
  /** Alert instances held in the third stage. */
  readonly alerts: number;
  readonly connections: number;
  /** DuckDB memory limit of the in-process fill (not of the server, which runs with its defaults). */
  readonly fillMemoryLimit: string;
  /** More arguments for `serve` (e.g. --memory-limit), to compare settings. */
  readonly serveArgs: readonly string[];
  /** A data directory already filled with the caro plan's events (copied, not changed) instead of the in-process fill. */
  readonly filledDir: string | undefined;
  /** Which stages run. */
  readonly stages: readonly ('idle' | 'events' | 'alerts')[];
}

const HTTP_EVENTS = 1_000_000;
const BODY = 500;
const IDLE_MS = 12_000;

async function idle(options: MemoryBenchOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-memory-idle-'));
  const server = await serve({ plan: PLAN_FILE, dataDir: dir, env: await planEnv('bench-key'), args: options.serveArgs });
  try {
    await firstOk(server, '/healthz');
    console.log(`  started:                          ${memoryText(await server.memory())}`);
    await sleep(IDLE_MS);
    console.log(`  idle ${IDLE_MS / 1000} s (evaluations ticking): ${memoryText(await server.memory())}`);
    const answers: string[] = [];
    for (const path of ['/api/v1/metrics', '/app/', '/status.json']) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      answers.push(`${path} ${res.status}`);
    }
    await sleep(3_000);
    console.log(`  after one read of ${answers.join(', ')}: ${memoryText(await server.memory())}`);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes about `target` caro events over the last 7 days into the data directory, in-process. */
export async function fill(dir: string, target: number, memoryLimit: string): Promise<number> {
  const plan = await loadCaroPlan('bench-key');
  const stores = await openEmbeddedStores(dir, { memoryLimit });
  let stored = 0;
  try {
    await stores.events.prepare(storedEvents(plan));
    for (const batch of weekOfEvents(plan, target, Date.now(), 100_000)) {
      const result = await stores.events.append(batch);
      stored += result.stored.filter(Boolean).length;
    }
    await stores.events.counts();
  } finally {
    await stores.close();
  }
  return stored;
}

/** How many events a data directory holds. */
async function storedCount(dir: string): Promise<number> {
  const plan = await loadCaroPlan('bench-key');
  const stores = await openEmbeddedStores(dir, {});
  try {
    // counts() reads the tables the plan's events were prepared into (and loads what the ingest log still holds).
    await stores.events.prepare(storedEvents(plan));
    return Object.values(await stores.events.counts()).reduce((a, b) => a + b, 0);
  } finally {
    await stores.close();
  }
}

/** 1 M live events over HTTP, generated 100 bodies at a time; how many were accepted. */
async function ingest(server: { url: string }, key: string, connections: number): Promise<number> {
  let accepted = 0;
  for (let chunk = 0; chunk * 100 * BODY < HTTP_EVENTS; chunk++) {
    const bodies = ingestBodies(100, BODY, Date.now(), 1_000 + chunk);
    accepted += (await sendAll(server.url, key, bodies, BODY, connections)).accepted;
  }
  return accepted;
}

async function events(options: MemoryBenchOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-memory-events-'));
  const key = `bench_${randomBytes(8).toString('hex')}`;
  const serveOptions: ServeOptions = { plan: PLAN_FILE, dataDir: dir, env: await planEnv(key), args: options.serveArgs };
  try {
    const inProcess = Math.max(0, options.events - HTTP_EVENTS);
    const filling = performance.now();
    let filled: number;
    if (options.filledDir) {
      await cp(options.filledDir, dir, { recursive: true });
      filled = await storedCount(dir);
      console.log(`  ${int(filled)} events in a copy of ${options.filledDir}`);
    } else {
      filled = inProcess > 0 ? await fill(dir, inProcess, options.fillMemoryLimit) : 0;
      console.log(`  ${int(filled)} events written in-process over the last 7 days in ${(since(filling) / 1000).toFixed(0)} s`);
    }
    let server = await serve(serveOptions);
    const opened = await firstOk(server, '/healthz');
    console.log(`  opened on them in ${ms(opened - server.spawnedAt)}: ${memoryText(await server.memory())}`);
    const ingesting = performance.now();
    const { result: accepted, peakRss } = await peakWhile(server, ingest(server, key, options.connections));
    console.log(`  ${int(accepted)} more ingested over HTTP in ${(since(ingesting) / 1000).toFixed(1)} s: peak RSS while ingesting ${mib(peakRss)}; after: ${memoryText(await server.memory())}`);
    const evaluating = performance.now();
    await firstOk(server, '/api/v1/metrics');
    console.log(`  plan evaluated (GET /api/v1/metrics, ${ms(since(evaluating))}): ${memoryText(await server.memory())}`);
    await sleep(IDLE_MS);
    console.log(`  ${int(filled + accepted)} events held, idle ${IDLE_MS / 1000} s more: ${memoryText(await server.memory())}`);
    const stopping = performance.now();
    await server.stop();
    console.log(`  stopped (SIGTERM) in ${ms(since(stopping))}`);
    server = await serve(serveOptions);
    try {
      const health = await firstOk(server, '/healthz');
      const metrics = await firstOk(server, '/api/v1/metrics');
      console.log(`  reopened: /healthz answered ${ms(health - server.spawnedAt)} after the start, /api/v1/metrics ${ms(metrics - server.spawnedAt)}; ${memoryText(await server.memory())}`);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function alerts(options: MemoryBenchOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-memory-alerts-'));
  const receiver = await startReceiver();
  const planFile = join(dir, 'plan.yaml');
  await writeFile(planFile, postedAlertsPlan(`${receiver.url}/hook`, { groupBy: ['alertname'] }));
  const server = await serve({ plan: planFile, dataDir: join(dir, 'data'), env: {}, args: options.serveArgs });
  try {
    await firstOk(server, '/healthz');
    await sleep(1_000);
    console.log(`  idle: ${memoryText(await server.memory())}`);
    const bodies = new ResendBodies(options.alerts, 1_000, 'held');
    const posting = performance.now();
    const { result: run, peakRss } = await peakWhile(
      server,
      sendLoad(`${server.url}/api/v2/alerts`, resendLoad(bodies), { connections: options.connections, durationMs: 300_000, maxPosts: bodies.length, requestTimeoutMs: 120_000 }),
    );
    const errors = [...run.errors].map(([status, n]) => `${n} × ${status}`).join(', ');
    console.log(`  ${int(run.accepted)} alerts posted in ${(since(posting) / 1000).toFixed(1)} s${errors ? ` (errors: ${errors})` : ''}: peak RSS while posting ${mib(peakRss)}`);
    await sleep(5_000);
    console.log(`  ${int(run.accepted)} alerts held, 5 s later: ${memoryText(await server.memory())}`);
  } finally {
    await server.stop();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchMemory(options: MemoryBenchOptions): Promise<void> {
  const settings = options.serveArgs.length ? ` (serve ${options.serveArgs.join(' ')})` : ' (default settings)';
  console.log(`\nmemory of the server, from /proc/<pid>/status${settings}`);
  if (options.stages.includes('idle')) {
    console.log(`\n1. idle on the demo's plan (examples/caro.yaml), fresh data directory, no load; ${load()}`);
    await idle(options);
  }
  if (options.stages.includes('events')) {
    console.log(`\n2. holding ${count(options.events)} events; ${load()}`);
    await events(options);
  }
  if (options.stages.includes('alerts')) {
    console.log(`\n3. ${count(options.alerts)} posted alerts held; ${load()}`);
    await alerts(options);
  }
}
