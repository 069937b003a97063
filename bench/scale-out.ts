/**
 * `npm run bench -- --only scale-out`: the scale-out backends against the
 * embedded default in one run. Starts the project's own PostgreSQL and
 * ClickHouse (scripts/services/, installed by scripts/test-deps.sh) and
 * measures: ingest over HTTP into one embedded server, and through two
 * replicas into ClickHouse, with the same bodies and connections; and the
 * failover time, from a SIGKILL of the leader to the moment the survivor
 * says it leads (its duties start then, and its first tick at once), over
 * several trials.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT, ingestBodies } from './caro.js';
import { sendAll } from './ingest.js';
import { load } from './machine.js';
import { startServer, type ServerProcess } from './server.js';
import { int, ms, percentile } from './stats.js';

export interface ScaleOutBenchOptions {
  readonly events: number;
  readonly connections: number;
  readonly batch: number;
  readonly trials: number;
}

function service(name: 'postgres' | 'clickhouse'): string {
  const out = execFileSync('bash', [join(ROOT, 'scripts/services', `${name}.sh`), 'start'], { encoding: 'utf8' });
  return out.trim().split('\n').at(-1) ?? '';
}

/** A new database on each server; the URLs replicas are started with. */
async function freshDatabases(postgresUrl: string, clickhouseUrl: string): Promise<{ state: string; events: string }> {
  const name = `lw_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const state = new URL(postgresUrl);
  state.pathname = `/${name}`;
  const events = new URL(clickhouseUrl);
  events.pathname = `/${name}`;
  return { state: state.toString(), events: events.toString() };
}

async function role(server: ServerProcess): Promise<string | undefined> {
  try {
    return ((await (await fetch(`${server.url}/api/v1/status`)).json()) as { role?: string }).role;
  } catch {
    return undefined;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function leaderOf(replicas: readonly ServerProcess[]): Promise<ServerProcess> {
  let leader: ServerProcess | undefined;
  await waitFor(async () => {
    const roles = await Promise.all(replicas.map(role));
    leader = roles.filter((r) => r === 'leader').length === 1 ? replicas[roles.indexOf('leader')] : undefined;
    return leader !== undefined;
  }, 20_000);
  if (!leader) throw new Error('no leader');
  return leader;
}

async function ingestRates(options: ScaleOutBenchOptions, urls: { state: string; events: string }): Promise<void> {
  const key = randomBytes(24).toString('hex');
  const count = Math.max(1, Math.round(options.events / options.batch));
  const bodies = ingestBodies(count, options.batch, Date.now());
  const embedded = await startServer({ ingestKey: key });
  let embeddedRate: number;
  try {
    const run = await sendAll(embedded.url, key, bodies, options.batch, options.connections);
    embeddedRate = run.accepted / run.seconds;
    console.log(`  embedded (DuckDB), 1 server      ${int(embeddedRate).padStart(9)} events/s  (${int(run.accepted)} in ${run.seconds.toFixed(2)} s, p50 ${ms(percentile(run.latencyMs, 50))})`);
  } finally {
    await embedded.stop();
  }
  const args = ['--state', urls.state, '--events', urls.events];
  const replicas = await Promise.all([startServer({ ingestKey: key, args }), startServer({ ingestKey: key, args })]);
  try {
    // The same bodies again with fresh ids, half of the connections to each replica.
    const fresh = ingestBodies(count, options.batch, Date.now() + 1);
    const half = Math.ceil(fresh.length / 2);
    const started = performance.now();
    const runs = await Promise.all([
      sendAll(replicas[0].url, key, fresh.slice(0, half), options.batch, Math.ceil(options.connections / 2)),
      sendAll(replicas[1].url, key, fresh.slice(half), options.batch, Math.floor(options.connections / 2) || 1),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const accepted = runs.reduce((sum, r) => sum + r.accepted, 0);
    const rate = accepted / seconds;
    const latencies = runs.flatMap((r) => [...r.latencyMs]);
    console.log(`  ClickHouse, 2 replicas           ${int(rate).padStart(9)} events/s  (${int(accepted)} in ${seconds.toFixed(2)} s, p50 ${ms(percentile(latencies, 50))}); ${(rate / embeddedRate).toFixed(2)}× the embedded figure`);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
}

async function failover(options: ScaleOutBenchOptions, urls: { state: string; events: string }): Promise<void> {
  const key = randomBytes(24).toString('hex');
  const args = ['--state', urls.state, '--events', urls.events];
  const replicas = await Promise.all([startServer({ ingestKey: key, args }), startServer({ ingestKey: key, args })]);
  const times: number[] = [];
  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const leader = await leaderOf(replicas);
      const survivor = replicas.find((r) => r !== leader);
      if (!survivor) throw new Error('one replica only');
      const killedAt = performance.now();
      process.kill(leader.pid, 'SIGKILL');
      await waitFor(async () => (await role(survivor)) === 'leader', 30_000);
      times.push(performance.now() - killedAt);
      await leader.stop();
      replicas.splice(replicas.indexOf(leader), 1, await startServer({ ingestKey: key, args }));
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`  failover, leader SIGKILL → survivor leads: ${times.map((t) => ms(t)).join(', ')} (median ${ms(percentile(sorted, 50))}, max ${ms(sorted.at(-1) ?? 0)}; lease 6 s)`);
}

export async function benchScaleOut(options: ScaleOutBenchOptions): Promise<void> {
  execFileSync('bash', [join(ROOT, 'scripts/test-deps.sh')], { stdio: 'inherit' });
  const postgresUrl = service('postgres');
  const clickhouseUrl = service('clickhouse');
  const pgVersion = execFileSync('/usr/lib/postgresql/15/bin/postgres', ['--version'], { encoding: 'utf8' }).trim();
  const chVersion = await (await fetch(`${new URL(clickhouseUrl).origin}/?query=SELECT%20version()`)).text();
  console.log(`\nscale-out: ${pgVersion}, ClickHouse ${chVersion.trim()}, both on this machine with the replicas`);
  console.log(`  ${load()}`);
  console.log(`ingest over HTTP: ${int(options.events)} caro events in bodies of ${options.batch}, ${options.connections} connections`);
  await ingestRates(options, await freshDatabases(postgresUrl, clickhouseUrl));
  console.log(`failover over ${options.trials} trials`);
  await failover(options, await freshDatabases(postgresUrl, clickhouseUrl));
}
