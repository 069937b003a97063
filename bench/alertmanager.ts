/**
 * launchwatch's alert path side by side with Prometheus Alertmanager: the
 * same receiver, the same Prometheus-style load, one server after the other.
 *
 * Both group by `[alertname]` (`group_wait: 0s`, `group_interval: 1s`,
 * `repeat_interval: 4h`): the 2 000 re-sent alerts make 20 groups of 100 that
 * are notified once, and re-sending them changes nothing, so the load
 * measures taking alerts in, as Prometheus's re-sends do, not delivering them;
 * a new alert name is a new group, notified at once. (`['...']` would make a
 * group, and a notification, of each alert.) Delivery is measured on a
 * second start of each server that groups by `[alertname, instance]`, so
 * every alert is one notification. Prints figures; never fails on time.
 */
import { Agent } from 'node:http';
import { benchCardinality } from './alert-cardinality.js';
import { benchRuleUnderLoad } from './alert-rule-under-load.js';
import { deliveryText, measureDelivery, type Delivery } from './alert-delivery.js';
import {
  alertsUrl,
  benchLabels,
  firingAlert,
  postJson,
  ResendBodies,
  resendLoad,
  sendLoad,
  startReceiver,
  steadyLoad,
  type LoadRun,
  type Receiver,
} from './alertmanager-load.js';
import {
  alertmanagerBinary,
  alertmanagerVersion,
  postedAlertsPlan,
  startAlertmanager,
  startLaunchwatch,
  type AlertServer,
  type Grouping,
  type ServerName,
} from './alertmanager-servers.js';
import { load } from './machine.js';
import { int, mib, ms, percentile } from './stats.js';

export interface AlertmanagerBenchOptions {
  /** How long the throughput load runs. */
  readonly durationMs: number;
  /** New alerts timed to their webhook under the steady re-send. */
  readonly trials: number;
  /** Longest wait for one webhook or one answer. */
  readonly waitMs: number;
  /** Longest a bulk phase (100 000 alerts held, the cardinality run) may take. */
  readonly bulkWaitMs: number;
  /** Alert groups (one notification each) of the delivery run and the launchwatch-only cardinality run. */
  readonly hosts: number;
  /** Posted alerts held for the memory figure. */
  readonly held: number;
  readonly connections: number;
  /** An Alertmanager binary; by default found on PATH or installed from Debian. */
  readonly binary: string | undefined;
}

const ALERTS = 2_000;
const BATCH = 100;
const HELD_BATCH = 1_000;
const GROUPING: Grouping = { groupBy: ['alertname'] };
const DELIVERY_GROUPING: Grouping = { groupBy: ['alertname', 'instance'] };

interface Latency {
  readonly ms: readonly number[];
  /** The trial whose webhook did not come within the wait (later trials are skipped), or undefined. */
  readonly missed: number | undefined;
}

interface Figures {
  readonly name: ServerName;
  readonly idleRss: number | undefined;
  readonly firstSend: LoadRun;
  readonly load: LoadRun;
  readonly loadCpuSeconds: number | undefined;
  readonly latency: Latency;
  readonly steadyRoundMs: readonly number[];
  readonly steadyErrors: ReadonlyMap<string, number>;
  readonly loadRss: number | undefined;
  readonly post1000: { readonly ms: number; readonly ok: boolean };
  readonly post100: { readonly ms: number; readonly ok: boolean };
  readonly held: { readonly alerts: number; readonly seconds: number; readonly complete: boolean; readonly rss: number | undefined; readonly errors: ReadonlyMap<string, number> };
  /** From a second server, grouping by [alertname, instance]. */
  readonly delivery: Delivery;
}

const sleep = (msToWait: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msToWait));

function errorText(errors: ReadonlyMap<string, number>): string {
  return [...errors].map(([status, n]) => `${int(n)} × ${status}`).join(', ');
}

function rate(run: LoadRun): number {
  return run.seconds > 0 ? run.accepted / run.seconds : Number.NaN;
}

async function timeNewAlerts(server: AlertServer, receiver: Receiver, options: AlertmanagerBenchOptions): Promise<Latency> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const name = `bench_new_${trial}`;
      const arrived = receiver.waitFor((body) => body.alerts.some((a) => a.labels.alertname === name && a.status === 'firing'), options.waitMs);
      const now = Date.now();
      const sentAt = performance.now();
      const answer = await postJson(agent, alertsUrl(server), JSON.stringify([firingAlert({ alertname: name, instance: 'probe', severity: 'P3' }, now, now)]), options.waitMs);
      const at = await arrived;
      if (at === undefined || answer.status < 200 || answer.status >= 300) return { ms: latencies, missed: trial };
      latencies.push(at - sentAt);
      await sleep(300);
    }
    return { ms: latencies, missed: undefined };
  } finally {
    agent.destroy();
  }
}

async function timedPost(server: AlertServer, count: number, prefix: string, timeoutMs: number): Promise<{ ms: number; ok: boolean }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const now = Date.now();
  const alerts = Array.from({ length: count }, (_, i) => firingAlert(benchLabels(i, prefix), now, now));
  const answer = await postJson(agent, alertsUrl(server), JSON.stringify(alerts), timeoutMs);
  agent.destroy();
  return { ms: answer.ms, ok: answer.status >= 200 && answer.status < 300 };
}

async function measure(server: AlertServer, receiver: Receiver, options: AlertmanagerBenchOptions): Promise<Omit<Figures, 'delivery'>> {
  const url = alertsUrl(server);
  const requestTimeoutMs = options.waitMs;
  await sleep(1_000);
  const idleRss = await server.rss();

  const bodies = new ResendBodies(ALERTS, BATCH);
  const firstSend = await sendLoad(url, resendLoad(bodies), { connections: options.connections, durationMs: options.bulkWaitMs, maxPosts: bodies.length, requestTimeoutMs });
  const cpuBefore = await server.cpuSeconds();
  const loaded = await sendLoad(url, resendLoad(bodies), { connections: options.connections, durationMs: options.durationMs, maxPosts: Infinity, requestTimeoutMs });
  const cpuAfter = await server.cpuSeconds();

  const steady = steadyLoad(url, bodies, options.connections, requestTimeoutMs);
  await sleep(1_000);
  const latency = await timeNewAlerts(server, receiver, options);
  const { roundMs, errors } = await steady.stop();
  await sleep(500);
  const loadRss = await server.rss();

  const post1000 = await timedPost(server, 1_000, 'big', options.bulkWaitMs);
  const post100 = await timedPost(server, 100, 'next', options.bulkWaitMs);

  const alreadyHeld = ALERTS + latency.ms.length + (latency.missed === undefined ? 0 : 1) + 1_100;
  const more = Math.max(0, options.held - alreadyHeld);
  const heldBodies = new ResendBodies(more, HELD_BATCH, 'held');
  const held = await sendLoad(url, resendLoad(heldBodies), { connections: options.connections, durationMs: options.bulkWaitMs, maxPosts: heldBodies.length, requestTimeoutMs: options.bulkWaitMs });
  await sleep(2_000);
  return {
    name: server.name,
    idleRss,
    firstSend,
    load: loaded,
    loadCpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    latency,
    steadyRoundMs: roundMs,
    steadyErrors: errors,
    loadRss,
    post1000,
    post100,
    held: { alerts: alreadyHeld + held.accepted, seconds: held.seconds, complete: held.accepted === more, rss: await server.rss(), errors: held.errors },
  };
}

const mibOr = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : mib(bytes));

function latencyText(latency: Latency, options: AlertmanagerBenchOptions): string {
  const p = (q: number): string => ms(percentile(latency.ms, q));
  const skipped = latency.missed !== undefined && latency.missed + 1 < options.trials ? ', later trials skipped' : '';
  const missed = latency.missed === undefined ? '' : `trial ${latency.missed + 1}: not within ${options.waitMs / 1000} s${skipped}`;
  if (latency.ms.length === 0) return missed;
  return `p50 ${p(50)}, p95 ${p(95)}, max ${ms(Math.max(...latency.ms))} over ${latency.ms.length} trials${missed ? `; ${missed}` : ''}`;
}

function printFigures(f: Figures, options: AlertmanagerBenchOptions): void {
  const postText = (post: { ms: number; ok: boolean }): string => (post.ok ? ms(post.ms) : `failed after ${ms(post.ms)}`);
  console.log(`  ${f.name}`);
  console.log(`    idle RSS after start            ${mibOr(f.idleRss)}`);
  console.log(
    `    first send of ${int(ALERTS)} new alerts   ${ms(f.firstSend.seconds * 1000)} (${int(f.firstSend.accepted)} accepted)${f.firstSend.errors.size ? `; errors: ${errorText(f.firstSend.errors)}` : ''}`,
  );
  const cpu = f.loadCpuSeconds === undefined ? '' : `, server CPU ${f.loadCpuSeconds.toFixed(1)} s`;
  console.log(
    `    re-sends: ${int(rate(f.load)).padStart(7)} alerts/s accepted  (${int(f.load.accepted)} in ${f.load.seconds.toFixed(1)} s, ${int(f.load.posts)} POSTs, ` +
      `POST p50 ${ms(percentile(f.load.latencyMs, 50))}, p95 ${ms(percentile(f.load.latencyMs, 95))}${cpu})`,
  );
  if (f.load.errors.size) console.log(`      errors: ${errorText(f.load.errors)}`);
  console.log(`    new alert → webhook, under a re-send of all ${int(ALERTS)} each second: ${latencyText(f.latency, options)}`);
  const rounds = f.steadyRoundMs;
  console.log(`      a full re-send took p50 ${ms(percentile(rounds, 50))}, max ${ms(Math.max(0, ...rounds))} (${rounds.length} rounds)${f.steadyErrors.size ? `; errors: ${errorText(f.steadyErrors)}` : ''}`);
  console.log(`    RSS after the load              ${mibOr(f.loadRss)}`);
  console.log(`    one POST of 1 000 new alerts    ${postText(f.post1000)}; the next POST of 100: ${postText(f.post100)}`);
  const held = f.held.complete ? '' : ` (not all within ${options.bulkWaitMs / 1000} s)`;
  console.log(`    ${int(f.held.alerts)} alerts held${held}: RSS ${mibOr(f.held.rss)}; the last ${int(f.held.alerts - ALERTS - 1_100)} posted in ${f.held.seconds.toFixed(1)} s${f.held.errors.size ? `; errors: ${errorText(f.held.errors)}` : ''}`);
  console.log(`    delivery, ${int(f.delivery.count)} new alerts each its own group: ${deliveryText(f.delivery, options.bulkWaitMs)}`);
}

interface Row {
  readonly label: string;
  readonly better: 'higher' | 'lower';
  readonly value: (f: Figures) => number | undefined;
  readonly format: (n: number) => string;
}

const ROWS: readonly Row[] = [
  { label: 'alerts accepted/s (re-sends)', better: 'higher', value: (f) => rate(f.load), format: int },
  { label: 'new alert → webhook p50', better: 'lower', value: (f) => (f.latency.missed === undefined ? percentile(f.latency.ms, 50) : undefined), format: ms },
  { label: 'new alert → webhook p95', better: 'lower', value: (f) => (f.latency.missed === undefined ? percentile(f.latency.ms, 95) : undefined), format: ms },
  { label: 'new alert → webhook max', better: 'lower', value: (f) => (f.latency.missed === undefined ? Math.max(...f.latency.ms) : undefined), format: ms },
  { label: 'idle RSS', better: 'lower', value: (f) => f.idleRss, format: mib },
  { label: 'RSS after the load', better: 'lower', value: (f) => f.loadRss, format: mib },
  { label: 'POST of 1 000 new alerts', better: 'lower', value: (f) => (f.post1000.ok ? f.post1000.ms : undefined), format: ms },
  { label: 'next POST of 100', better: 'lower', value: (f) => (f.post100.ok ? f.post100.ms : undefined), format: ms },
  { label: 'RSS, alerts held', better: 'lower', value: (f) => (f.held.complete ? f.held.rss : undefined), format: mib },
  { label: 'notifications delivered/s', better: 'higher', value: (f) => f.delivery.rate, format: int },
  { label: 'all notifications delivered', better: 'lower', value: (f) => f.delivery.allMs, format: (n) => `${(n / 1000).toFixed(1)} s` },
];

function printComparison(lw: Figures, am: Figures): void {
  console.log(`\n  ${'figure'.padEnd(32)}${'launchwatch'.padStart(14)}${'Alertmanager'.padStart(14)}   launchwatch / Alertmanager`);
  for (const row of ROWS) {
    const a = row.value(lw);
    const b = row.value(am);
    const cell = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? 'not measured' : row.format(n)).padStart(14);
    const ratio = a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '—' : (a / b).toFixed(a / b < 0.1 ? 3 : 2);
    console.log(`  ${row.label.padEnd(32)}${cell(a)}${cell(b)}   ${ratio.padStart(7)}  (${row.better} is better)`);
  }
}

/** The figures of one server, then its delivery on a fresh one that groups each alert alone. */
async function runOne(start: (grouping: Grouping) => Promise<AlertServer>, receiver: Receiver, options: AlertmanagerBenchOptions): Promise<Figures> {
  receiver.reset();
  let server = await start(GROUPING);
  let figures: Omit<Figures, 'delivery'>;
  try {
    figures = await measure(server, receiver, options);
  } finally {
    await server.stop();
  }
  server = await start(DELIVERY_GROUPING);
  try {
    return { ...figures, delivery: await measureDelivery(server, receiver, options.hosts, options.bulkWaitMs) };
  } finally {
    await server.stop();
  }
}

export async function benchAlertmanager(options: AlertmanagerBenchOptions): Promise<void> {
  console.log(`\nalert path: launchwatch and Prometheus Alertmanager, one after the other, the same receiver and load`);
  console.log(`  ${load()}`);
  let binary: string | undefined;
  try {
    binary = alertmanagerBinary(options.binary);
  } catch (error: unknown) {
    console.log(`  Alertmanager not available, its figures are left out: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(
    `  load: ${int(ALERTS)} firing alerts (20 alert names), POSTs of ${BATCH} over ${options.connections} keep-alive connections for ${options.durationMs / 1000} s; ` +
      `group_by [alertname], group_wait 0s, group_interval 1s; ${options.trials} new alerts timed to their webhook`,
  );
  const receiver = await startReceiver();
  try {
    const lw = await runOne((grouping) => startLaunchwatch(postedAlertsPlan(receiver.url, grouping)), receiver, options);
    printFigures(lw, options);
    if (binary) {
      console.log(`  (Alertmanager ${alertmanagerVersion(binary)}, ${binary})`);
      const am = await runOne((grouping) => startAlertmanager(binary, receiver.url, grouping), receiver, options);
      printFigures(am, options);
      printComparison(lw, am);
    }
    receiver.reset();
    await benchCardinality(receiver, options);
    await benchRuleUnderLoad(receiver, { trials: options.trials, connections: options.connections, waitMs: options.waitMs });
  } finally {
    await receiver.close();
  }
}
