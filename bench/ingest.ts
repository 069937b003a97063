/**
 * Ingest throughput over HTTP against the real server (a child process), and
 * the pieces of its work timed in-process: JSON parsing + admission, the
 * store's append at the batch sizes the group committer sees (deduplication and
 * the fdatasync'ed ingest log), and loading the log into DuckDB.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { admitAndEncode, admitBodies, encodingOf, ingestBodies, loadCaroPlan, parseAndAdmit } from './caro.js';
import { encodeBatch, type EncodedEvents } from '../src/store/duckdb/log-format.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { BenchOptions } from './options.js';
import { load } from './machine.js';
import { startServer } from './server.js';
import { count, int, ms, percentile, since } from './stats.js';

const WARMUP_BODIES = 10;
/** Events appended in-process per batch size. */
const APPEND_SAMPLE = 200_000;

export interface HttpRun {
  readonly connections: number;
  readonly sent: number;
  readonly accepted: number;
  readonly seconds: number;
  readonly latencyMs: readonly number[];
  readonly failures: number;
  readonly serverCpuSeconds: number | undefined;
  readonly clientCpuSeconds: number;
}

interface Answer {
  readonly status: number;
  readonly accepted: number;
}

function post(agent: Agent, url: URL, key: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/v1/events',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${key}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let accepted = 0;
          if (status === 200) accepted = Number((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { accepted?: unknown }).accepted ?? 0);
          resolve({ status, accepted });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends every body over `connections` keep-alive connections, each waiting for its answer before the next. */
export async function sendAll(url: string, key: string, bodies: readonly Buffer[], batch: number, connections: number): Promise<Omit<HttpRun, 'serverCpuSeconds'>> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencyMs: number[] = [];
  let next = 0;
  let accepted = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++];
      if (!body) return;
      const start = performance.now();
      const answer = await post(agent, target, key, body);
      latencyMs.push(since(start));
      accepted += answer.accepted;
      if (answer.status !== 200 || answer.accepted !== batch) failures++;
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = since(start) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { connections, sent: bodies.length * batch, accepted, seconds, latencyMs, failures, clientCpuSeconds: (used.user + used.system) / 1e6 };
}

/** One fresh server, a short warm-up, then the timed run. */
async function httpRun(options: BenchOptions, key: string, warmup: readonly Buffer[], bodies: readonly Buffer[], connections: number): Promise<HttpRun> {
  const server = await startServer({ ingestKey: key, ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}) });
  try {
    await sendAll(server.url, key, warmup, options.batch, Math.min(connections, warmup.length));
    const cpuBefore = await server.cpuSeconds();
    const run = await sendAll(server.url, key, bodies, options.batch, connections);
    const cpuAfter = await server.cpuSeconds();
    return { ...run, serverCpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  } finally {
    await server.stop();
  }
}

function printRun(run: HttpRun): void {
  const p = (q: number): string => ms(percentile(run.latencyMs, q));
  console.log(
    `  ${run.connections} connection${run.connections === 1 ? ' ' : 's'}  ${int(run.accepted / run.seconds).padStart(9)} events/s accepted` +
      `  (${int(run.accepted)} of ${int(run.sent)} in ${run.seconds.toFixed(2)} s; ${run.latencyMs.length} requests)`,
  );
  console.log(`      request latency p50 ${p(50)}, p95 ${p(95)}, p99 ${p(99)}`);
  const server = run.serverCpuSeconds === undefined ? 'n/a' : `${run.serverCpuSeconds.toFixed(1)} s (${((run.serverCpuSeconds * 1e6) / run.accepted).toFixed(1)} µs/event)`;
  console.log(`      CPU: server ${server}, bench client ${run.clientCpuSeconds.toFixed(1)} s`);
  if (run.failures > 0) console.log(`      ${run.failures} answers were not 200 with every event accepted`);
}

interface AppendFigures {
  /** store.appendEncoded alone (the request thread's share): deduplication, the log frame, its fdatasync. */
  readonly appendRate: number;
  readonly appendCpuUs: number;
  /** Loading the log into DuckDB afterwards (the first read does it), CPU of every thread of the process. */
  readonly loadRate: number;
  readonly loadCpuUs: number;
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** store.appendEncoded alone on a file-backed store, in batches of `size` events encoded beforehand, then the load of the log into DuckDB. */
async function appendRate(batches: readonly (readonly AdmittedEvent[])[], size: number, memoryLimit: string): Promise<AppendFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'launchwatch-bench-append-'));
  const stores = await openEmbeddedStores(dir, { memoryLimit });
  try {
    const plan = await loadCaroPlan('unused');
    await stores.events.prepare(storedEvents(plan));
    const all = batches.flat();
    const encoding = stores.events.encoding?.();
    if (!encoding || !stores.events.appendEncoded) throw new Error('the embedded store takes encoded batches');
    const encoded: EncodedEvents[] = [];
    for (let i = 0; i < all.length; i += size) encoded.push(encodeBatch(all.slice(i, i + size), encoding));
    let cpu = process.cpuUsage();
    let start = performance.now();
    for (const batch of encoded) await stores.events.appendEncoded([batch]);
    const appendRate = all.length / (since(start) / 1000);
    const appendCpuUs = cpuMicros(cpu) / all.length;
    cpu = process.cpuUsage();
    start = performance.now();
    await stores.events.counts();
    return { appendRate, appendCpuUs, loadRate: all.length / (since(start) / 1000), loadCpuUs: cpuMicros(cpu) / all.length };
  } finally {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchIngest(options: BenchOptions): Promise<void> {
  const key = randomBytes(24).toString('hex');
  const plan = await loadCaroPlan(key);
  const now = Date.now();
  const bodyCount = Math.max(1, Math.round(options.ingestEvents / options.batch));
  const all = ingestBodies(WARMUP_BODIES + bodyCount, options.batch, now);
  const warmup = all.slice(0, WARMUP_BODIES);
  const bodies = all.slice(WARMUP_BODIES);
  const single = bodies.slice(0, Math.max(1, Math.round(options.singleEvents / options.batch)));
  const mean = bodies.reduce((sum, b) => sum + b.length, 0) / bodies.length;
  console.log(`\ningest over HTTP: POST /v1/events, ${options.batch} caro events per body (${(mean / 1024).toFixed(0)} KiB), fresh server per run`);
  console.log(`  ${load()}`);

  printRun(await httpRun(options, key, warmup, bodies, options.connections));
  printRun(await httpRun(options, key, warmup, single, 1));

  console.log(`  in-process, one core (what the server does per event, without HTTP):`);
  parseAndAdmit(bodies.slice(0, 40), plan, now); // let the JIT warm up
  let start = performance.now();
  const admittedCount = parseAndAdmit(bodies, plan, now);
  const parseMs = since(start);
  console.log(`      JSON.parse + admit   ${int(admittedCount / (parseMs / 1000)).padStart(9)} events/s  (${((parseMs * 1000) / admittedCount).toFixed(2)} µs/event)`);
  const encoding = encodingOf(plan);
  admitAndEncode(bodies.slice(0, 40), plan, encoding, now);
  start = performance.now();
  const encodedCount = admitAndEncode(bodies, plan, encoding, now);
  const encodeMs = since(start);
  console.log(`      + encode (the worker) ${int(encodedCount / (encodeMs / 1000)).padStart(8)} events/s  (${((encodeMs * 1000) / encodedCount).toFixed(2)} µs/event: admitBody, as the ingest worker thread runs it)`);
  const admitted = admitBodies(bodies.slice(0, Math.ceil(APPEND_SAMPLE / options.batch)), plan, now);
  for (const size of [options.batch, options.batch * options.connections, 50_000]) {
    const figures = await appendRate(admitted, size, options.memoryLimit);
    console.log(
      `      appendEncoded ${count(size).padStart(4)}   ${int(figures.appendRate).padStart(9)} events/s  (${figures.appendCpuUs.toFixed(2)} µs CPU/event; file-backed, ${int(admitted.flat().length)} events in batches of ${int(size)})`,
    );
    console.log(`        then the load    ${int(figures.loadRate).padStart(9)} events/s  (${figures.loadCpuUs.toFixed(2)} µs CPU/event, all threads: the log into DuckDB, by the first read)`);
  }
}
