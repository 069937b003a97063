/**
 * `npm run bench -- --only prometheus` (not part of the default run): what a
 * `prometheus:` metric costs the plan evaluation. Debian's `prometheus`
 * (scripts/test-deps.sh) scrapes an exporter of 100 gauges on loopback; the
 * plan (one event metric on an embedded store) is evaluated alone, then with
 * one scalar query, one query of 100 groups, and ten queries; and the series
 * of the grouped query over the last hour, every minute.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePlan } from '../src/metrics/evaluate.js';
import { loadPlanText, formatPlanError } from '../src/plan/load.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { Plan } from '../src/plan/types.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { measuredStore } from '../src/metrics/sources/registry.js';
import { median, ms, percentile, since } from './stats.js';

const HOSTS = 100;
const RUNS = 30;

const exposition = (): string =>
  ['# TYPE lw_bench_cpu gauge', ...Array.from({ length: HOSTS }, (_, i) => `lw_bench_cpu{host="h${String(i).padStart(3, '0')}"} ${(0.2 + (i % 70) / 100).toFixed(2)}`), ''].join('\n');

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startPrometheus(dir: string, target: string): Promise<{ url: string; child: ChildProcess }> {
  await writeFile(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs: [ { job_name: bench, static_configs: [ { targets: ["${target}"] } ] } ]\n`);
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const child = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(dir, 'data')}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const body = await fetch(`${url}/api/v1/query?query=count(lw_bench_cpu)`).then((r) => r.json() as Promise<{ data?: { result?: { value: [number, string] }[] } }>, () => undefined);
    if (Number(body?.data?.result?.[0]?.value[1] ?? 0) === HOSTS) return { url, child };
    if (Date.now() > deadline) throw new Error('Prometheus did not scrape the bench exporter within 60 s (is Debian\'s prometheus installed? bash scripts/test-deps.sh)');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function planWith(url: string, metrics: string): Plan {
  const text = `version: 1
product: { name: bench }
events: { gen: { success: boolean } }
sources: { prometheus: { url: "${url}" } }
metrics:
  gens: { from: gen, count: true, window: 1h }
${metrics}`;
  const result = loadPlanText(text, 'bench.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  await run(); // warm: connections, DuckDB's first read
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(since(t));
  }
  return times;
}

const line = (what: string, times: readonly number[]): string => `      ${what}: median ${ms(median(times))}, p95 ${ms(percentile(times, 95))}`;

export async function benchPrometheus(): Promise<void> {
  console.log('\nprometheus: metrics (Prometheus on loopback scraping 100 gauges)');
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-prometheus-'));
  const exporter = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition()));
  const exporterPort = await listen(exporter);
  const prometheus = await startPrometheus(dir, `127.0.0.1:${exporterPort}`);
  const stores = await openEmbeddedStores(dir);
  try {
    const ten = Array.from({ length: 10 }, (_, i) => `  q${i}: { prometheus: 'quantile(0.${i + 1}, lw_bench_cpu)' }`).join('\n');
    const plans: [string, Plan][] = [
      ['event metric alone', planWith(prometheus.url, '')],
      ['+ one scalar query (sum of 100 series)', planWith(prometheus.url, "  cpu_sum: { prometheus: 'sum(lw_bench_cpu)' }\n")],
      ['+ one query of 100 groups (avg by (host))', planWith(prometheus.url, "  cpu: { prometheus: 'avg by (host) (lw_bench_cpu)', unit: percent, target: { green: \"< 60%\" } }\n")],
      ['+ ten scalar queries', planWith(prometheus.url, `${ten}\n`)],
    ];
    await stores.events.prepare(storedEvents(plans[0]?.[1] ?? planWith(prometheus.url, '')));
    for (const [what, plan] of plans) {
      const events = measuredStore(stores.events, { plan: () => plan, incidents: stores.state, github: stores.github });
      console.log(line(`evaluatePlan, ${what}`, await timed(RUNS, () => evaluatePlan(plan, events, Date.now()))));
    }
    const grouped = plans[2]?.[1];
    const metric = grouped?.metrics.find((m) => m.id === 'cpu');
    if (grouped && metric) {
      const events = measuredStore(stores.events, { plan: () => grouped, incidents: stores.state, github: stores.github });
      const now = Date.now();
      console.log(line('series of the 100-group query, 1h every 1m (one query_range)', await timed(RUNS, () => events.series(metric, { from: now - 3_600_000, to: now }, 60_000))));
    }
  } finally {
    await stores.close();
    prometheus.child.kill('SIGTERM');
    await new Promise<void>((resolve) => (prometheus.child.exitCode !== null ? resolve() : prometheus.child.once('exit', () => resolve())));
    await new Promise<void>((resolve) => exporter.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}
