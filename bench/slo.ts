/**
 * SLOs (`npm run bench -- --only slo`, not part of the default run):
 *
 * 1. Evaluation: a data directory filled with about N caro events over the
 *    last 7 days (bench/caro.ts's loader, as the evaluate part), the caro plan
 *    with 10 SLOs (its own two and 8 more over its events, all with page and
 *    ticket alerts), then SloService.current() for every SLO and all its
 *    windows (30d or 28d, 5m … 3d): one cold run (the rollups read the whole
 *    span), the median of warm runs (the rollups read the last minutes), and
 *    warm runs after a commit of new events.
 * 2. Paging: a server (dist/cli/main.js serve) with SLOs whose page alert
 *    goes to a loopback webhook; per trial, one POST of failures that makes an
 *    SLO's short and long page windows burn past 14.4, timed from the request
 *    to the webhook. Never fails on time.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storedEvents } from '../src/plan/privacy.js';
import { formatPlanError, loadPlanText } from '../src/plan/load.js';
import type { Plan } from '../src/plan/types.js';
import { SloService } from '../src/slo/service.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { PLAN_FILE, planEnv, weekOfEvents } from './caro.js';
import { load } from './machine.js';
import { startServer } from './server.js';
import { count, int, median, ms, percentile, since } from './stats.js';

export interface SloBenchOptions {
  /** Stored events for the evaluation. */
  readonly events: number;
  readonly memoryLimit: string;
  readonly trials: number;
}

const WARM_RUNS = 10;
const ALERTS = 'alerts: { page: { severity: P1 }, ticket: { severity: P3 } }';
/** 8 SLOs over caro's events besides its own two (command_success, p1_response). */
const MORE_SLOS = [
  `  generation_ok: { objective: 99%, window: 30d, sli: { events: command_generation, good: { success: true } }, ${ALERTS} }`,
  `  generation_fast: { objective: 95%, window: 30d, sli: { events: command_generation, good: { duration_ms: { lte: 2000 } } }, ${ALERTS} }`,
  `  static_fast: { objective: 99%, window: 30d, sli: { events: command_generation, where: { backend: static }, good: { duration_ms: { lte: 500 } } }, ${ALERTS} }`,
  `  embedded_ok: { objective: 90%, window: 30d, sli: { events: command_generation, where: { backend: embedded }, good: { success: true } }, ${ALERTS} }`,
  `  execution_ok: { objective: 95%, window: 30d, sli: { events: command_execution, good: { success: true } }, ${ALERTS} }`,
  `  sessions_clean: { objective: 99.5%, window: 30d, sli: { events: session_end, good: { crashed: false } }, ${ALERTS} }`,
  `  installs_ok: { objective: 98%, window: 30d, sli: { events: install_attempt, good: { success: true } }, by: platform, ${ALERTS} }`,
  `  repairs_ok: { objective: 80%, window: 28d, sli: { events: validation_repair, where: { initial_failed: true }, good: { repair_succeeded: true } }, ${ALERTS} }`,
];

async function benchPlan(): Promise<Plan> {
  const text = (await readFile(PLAN_FILE, 'utf8')).replace(/^slos:\n/m, `slos:\n${MORE_SLOS.join('\n')}\n`);
  const loaded = loadPlanText(text, PLAN_FILE, { ...process.env, ...(await planEnv('bench-slo-key-0123456789')) });
  if (loaded.kind === 'invalid') throw new Error(`examples/caro.yaml with the bench SLOs does not load:\n${loaded.errors.map(formatPlanError).join('\n')}`);
  return loaded.plan;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return since(start);
}

async function benchEvaluation(options: SloBenchOptions): Promise<void> {
  const plan = await benchPlan();
  const dir = await mkdtemp(join(tmpdir(), 'launchwatch-bench-slo-'));
  let now = Date.now();
  const stores = await openEmbeddedStores(dir, { memoryLimit: options.memoryLimit });
  try {
    await stores.events.prepare(storedEvents(plan));
    const start = performance.now();
    let stored = 0;
    for (const batch of weekOfEvents(plan, options.events, now, 100_000)) stored += (await stores.events.append(batch)).stored.filter(Boolean).length;
    await stores.events.counts();
    const loadMs = since(start);
    const service = new SloService({ plan: () => plan, now: () => now, events: stores.events, incidents: stores.state, maxAgeMs: 0 });
    const windows = new Set(plan.slos.flatMap((s) => [s.windowMs, ...[s.alerts.page, s.alerts.ticket].flatMap((a) => a?.windows.flatMap((p) => [p.longMs, p.shortMs]) ?? [])])).size;
    console.log(`\nSLO evaluation: ${plan.slos.length} SLOs (${windows} distinct windows) over ${int(stored)} caro events of the last 7 days (target ${count(options.events)}; loaded in ${ms(loadMs)}), load ${load()}`);
    const cold = await timed(() => service.current());
    const check = await service.current();
    if (check.slos.size !== plan.slos.length) throw new Error(`only ${check.slos.size} of ${plan.slos.length} SLOs were evaluated`);
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      now += 1_000;
      warm.push(await timed(() => service.current()));
    }
    // Fresh events in the last seconds, as live ingest commits them: new ids, stamped just before now.
    const fresh = [...weekOfEvents(plan, 2_000, now, 1_000)].flat();
    const afterCommit: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      now += 1_000;
      const batch = fresh.slice(i * 100, i * 100 + 100).map((e, j) => ({ ...e, id: `${e.id}-bench-${i}-${j}`, ts: now - j * 10 }));
      await stores.events.append(batch);
      const earliest = new Map<string, number>();
      for (const e of batch) earliest.set(e.type, Math.min(e.ts, earliest.get(e.type) ?? Infinity));
      service.noteCommit(earliest);
      afterCommit.push(await timed(() => service.current()));
    }
    const range = (xs: number[]): string => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
    console.log(`  cold (every SLO's whole span read)   ${ms(cold)}`);
    console.log(`  warm, median of ${WARM_RUNS}                  ${ms(median(warm))} (${range(warm)})   (aim: within 200 ms)`);
    console.log(`  warm after a commit of 100 new events ${ms(median(afterCommit))} (${range(afterCommit)})`);
  } finally {
    await stores.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const KEY = 'bench-slo-key-0123456789';

/** One SLO per trial, each over its own route, paging to the webhook. */
function pagingPlan(hookUrl: string, trials: number): string {
  const slos = Array.from({ length: trials }, (_, i) => `  t${i}: { objective: 99.9%, window: 30d, sli: { events: req, where: { route: /t${i} }, good: { status: { lt: 500 } } }, alerts: { page: { severity: P1 } } }`);
  return `
version: 1
product: { name: slo-paging }
ingest: { keys: [ { name: bench, key: "${KEY}" } ] }
evaluation: { interval: 1h }
events:
  req: { route: string, status: number }
channels:
  hook: { type: webhook, url: "${hookUrl}" }
routing: { group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 4h, default: [hook] }
slos:
${slos.join('\n')}
`;
}

async function post(url: string, events: unknown[]): Promise<void> {
  const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  if (!response.ok) throw new Error(`ingest answered ${response.status}`);
}

async function benchPaging(trials: number): Promise<void> {
  const fired = new Map<string, (at: number) => void>();
  const receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(text) as { status: string; groupLabels?: Record<string, string> };
      const name = body.groupLabels?.alertname;
      if (body.status === 'firing' && name) fired.get(name)?.(at);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-slo-page-'));
  const planFile = join(dir, 'plan.yaml');
  await writeFile(planFile, pagingPlan(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, trials));
  const server = await startServer({ ingestKey: KEY, planFile });
  const latencies: number[] = [];
  try {
    // An hour of good traffic on every route: 100 requests a minute.
    const now = Date.now();
    for (let i = 0; i < trials; i++) {
      await post(server.url, Array.from({ length: 6_000 }, (_, j) => ({ type: 'req', timestamp: now - 3_600_000 + j * 600, properties: { route: `/t${i}`, status: 200 } })));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    for (let i = 0; i < trials; i++) {
      // 200 failures now: 5 m has 500 good and 200 bad (28.6 %), 1 h 6 000 and 200 (3.2 %): both past 14.4 × 0.1 %.
      const page = new Promise<number>((resolve) => fired.set(`t${i}_page`, resolve));
      const sentAt = performance.now();
      await post(server.url, Array.from({ length: 200 }, () => ({ type: 'req', timestamp: Date.now(), properties: { route: `/t${i}`, status: 503 } })));
      latencies.push((await page) - sentAt);
    }
  } finally {
    await server.stop();
    await new Promise((resolve) => receiver.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`\nSLO paging: ingest request of the failures that make the page pair burn → webhook delivered, ${trials} trials, load ${load()}`);
  console.log(`  p50 ${ms(percentile(sorted, 50))}   p95 ${ms(percentile(sorted, 95))}   max ${ms(sorted.at(-1) ?? NaN)}   (aim: within 2000 ms)`);
}

export async function benchSlo(options: SloBenchOptions): Promise<void> {
  await benchEvaluation(options);
  await benchPaging(options.trials);
}
