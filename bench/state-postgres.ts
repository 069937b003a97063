/**
 * One alerting commit at scale on the two state backends: commitAlerting of
 * 10 000 new alert instances, with their transitions, 10 000 aggregation
 * groups and 10 000 notifications, in one change, on PostgreSQL and on a
 * DuckDB file; then the same 10 000 instances changed (the steady state of a
 * large firing). Each trial on a fresh database; the median and the best of
 * the trials are printed.
 *
 *   npx tsx bench/state-postgres.ts            # the test server of scripts/services/postgres.sh
 *   LAUNCHWATCH_BENCH_PG_URL=postgres://... npx tsx bench/state-postgres.ts
 *
 * The URL must let the user create databases: the bench creates lw_bench_<hex> per trial and drops it.
 * Not part of `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { AggregationGroup, AlertInstance, NotificationRequest, Transition } from '../src/alerting/types.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { openPostgresState, redactedUrl } from '../src/store/postgres/index.js';
import type { AlertingChange, StateStore } from '../src/store/types.js';
import { median, ms } from './stats.js';

const N = 10_000;
const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const T0 = Date.parse('2026-11-20T12:00:00Z');

function instance(i: number, at: number): AlertInstance {
  const labels = { alertname: 'host_down', severity: 'P2', host: `host-${i}`, region: `r${i % 7}` };
  return {
    fingerprint: `fp${String(i).padStart(6, '0')}`,
    rule: 'host_down',
    source: 'rule',
    labels,
    annotations: { summary: `host-${i} stopped answering` },
    state: 'firing',
    severity: 'P2',
    value: 0,
    since: at,
    activeAt: at,
    firedAt: at,
    resolvedAt: null,
    lastBreachAt: at,
    lastEvaluatedAt: at,
    acknowledgedBy: null,
    acknowledgedAt: null,
    endsAt: null,
    health: 'ok',
    error: null,
  };
}

function firing(at: number): AlertingChange {
  const instances = Array.from({ length: N }, (_, i) => instance(i, at));
  const transitions: Transition[] = instances.map((a) => ({ fingerprint: a.fingerprint, rule: a.rule, from: 'pending', to: 'firing', severity: 'P2', value: 0, at, reason: 'for_elapsed' }));
  const groups: AggregationGroup[] = instances.map((a) => ({ key: `{}:{alertname="host_down",host="${a.labels.host}"}`, route: 0, labels: a.labels, createdAt: at, nextFlushAt: at + 30_000, sent: {} }));
  const notifications: NotificationRequest[] = instances.map((a, i) => ({
    id: `n-${at}-${i}`,
    channel: 'team',
    kind: 'alert',
    groupKey: groups[i]?.key ?? '',
    groupLabels: a.labels,
    status: 'firing',
    alerts: [{ fingerprint: a.fingerprint, status: 'firing', labels: a.labels, annotations: a.annotations, startsAt: at, endsAt: null, value: 0, acknowledged: false }],
    createdAt: at,
  }));
  return { instances, removedInstances: [], transitions, groups, removedGroups: [], notifications };
}

function evaluated(at: number): AlertingChange {
  return { instances: Array.from({ length: N }, (_, i) => ({ ...instance(i, T0), lastEvaluatedAt: at, value: 1 })), removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: [] };
}

interface Trial {
  readonly commit: number;
  readonly update: number;
}

async function timeCommits(state: StateStore): Promise<Trial> {
  const change = firing(T0);
  let start = performance.now();
  await state.commitAlerting(change);
  const commit = performance.now() - start;
  const update = evaluated(T0 + 60_000);
  start = performance.now();
  await state.commitAlerting(update);
  return { commit, update: performance.now() - start };
}

async function duckdbTrial(): Promise<Trial> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-state-'));
  const stores = await openEmbeddedStores(dir, { memoryLimit: '1GB' });
  try {
    return await timeCommits(stores.state);
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresTrial(adminUrl: string): Promise<Trial> {
  const name = `lw_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const state = await openPostgresState(url.toString(), { poolSize: 2 });
    try {
      return await timeCommits(state.state);
    } finally {
      await state.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The server to use: LAUNCHWATCH_BENCH_PG_URL, or the test server (started if needed, and then stopped). */
async function server(): Promise<{ url: string; stop(): Promise<void>; settings: string }> {
  const given = process.env.LAUNCHWATCH_BENCH_PG_URL;
  const run = promisify(execFile);
  let url = given;
  let started = false;
  if (url === undefined) {
    const { stdout } = await run('bash', ['scripts/services/postgres.sh', 'start'], { timeout: 180_000 });
    const lines = stdout.trim().split('\n');
    url = lines.at(-1) ?? '';
    started = lines.includes('started');
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit') ORDER BY name`);
  await client.end();
  const stop = async () => {
    if (started) await run('bash', ['scripts/services/postgres.sh', 'stop'], { timeout: 60_000 });
  };
  return { url, stop, settings: rows.map((r) => `${r.name}=${r.setting}`).join(', ') };
}

function line(name: string, trials: readonly Trial[]): string {
  const commits = trials.map((t) => t.commit);
  const updates = trials.map((t) => t.update);
  return `${name.padEnd(12)} new: median ${ms(median(commits))}, best ${ms(Math.min(...commits))}   changed: median ${ms(median(updates))}, best ${ms(Math.min(...updates))}`;
}

async function main(): Promise<void> {
  const pgServer = await server();
  try {
    console.log(`commitAlerting of ${N} new instances + transitions + groups + notifications, then ${N} instances changed; ${TRIALS} trials each`);
    console.log(`PostgreSQL ${redactedUrl(pgServer.url)} (${pgServer.settings})`);
    const postgres: Trial[] = [];
    const duckdb: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) {
      postgres.push(await postgresTrial(pgServer.url));
      duckdb.push(await duckdbTrial());
    }
    console.log(line('PostgreSQL', postgres));
    console.log(line('DuckDB file', duckdb));
  } finally {
    await pgServer.stop();
  }
}

await main();
