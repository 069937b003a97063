/**
 * The bench's workload: the caro example plan and its simulated telemetry
 * from the demo's pure traffic generator (src/demo/traffic.ts), admitted
 * exactly as the server admits it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTraffic, type TelemetryEvent } from '../src/demo/traffic.js';
import { admit } from '../src/ingest/admit.js';
import { admitBody } from '../src/ingest/admit-body.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { LogEncoding } from '../src/store/duckdb/log-format.js';
import { formatPlanError, interpolate, loadPlanFile, loadPlanText } from '../src/plan/load.js';
import type { Plan } from '../src/plan/types.js';
import type { AdmittedEvent } from '../src/store/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PLAN_FILE = fileURLToPath(new URL('../examples/caro.yaml', import.meta.url));
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/**
 * What the plan is loaded with: the ingest key, and a stand-in for every other
 * variable it needs and the environment lacks (alert channels get a URL on a
 * closed loopback port, so a notification fails fast and goes nowhere).
 */
export async function planEnv(ingestKey: string): Promise<Record<string, string>> {
  const env: Record<string, string> = { CARO_INGEST_KEY: ingestKey };
  const { missing } = interpolate(await readFile(PLAN_FILE, 'utf8'), { ...process.env, ...env });
  for (const name of missing) env[name] = name.endsWith('URL') ? 'http://127.0.0.1:9/launchwatch-bench' : 'launchwatch-bench-stand-in';
  return env;
}

export async function loadCaroPlan(ingestKey: string): Promise<Plan> {
  const loaded = await loadPlanFile(PLAN_FILE, { ...process.env, ...(await planEnv(ingestKey)) });
  if (loaded.kind === 'invalid') throw new Error(`examples/caro.yaml does not load:\n${loaded.errors.map(formatPlanError).join('\n')}`);
  return loaded.plan;
}

/** The caro plan with metrics added under `metrics:` (YAML lines, indented by two spaces). */
export async function loadCaroPlanWith(ingestKey: string, metricLines: string): Promise<Plan> {
  const text = (await readFile(PLAN_FILE, 'utf8')).replace(/^metrics:\n/m, `metrics:\n${metricLines}`);
  const loaded = loadPlanText(text, PLAN_FILE, { ...process.env, ...(await planEnv(ingestKey)) });
  if (loaded.kind === 'invalid') throw new Error(`examples/caro.yaml with metrics added does not load:\n${loaded.errors.map(formatPlanError).join('\n')}`);
  return loaded.plan;
}

/** `bodies` request bodies of `batch` events each, serialised as {"events": [...]}, all in the last seconds before `now`. */
export function ingestBodies(bodies: number, batch: number, now: number, seed = 1): Buffer[] {
  const traffic = createTraffic({ profile: 'caro', seed });
  return Array.from({ length: bodies }, () => Buffer.from(JSON.stringify({ events: traffic.live(batch, now) })));
}

/**
 * Populations are kept to about SHARD_USERS simulated users each: the demo's
 * poisson() (Knuth's method) underflows for means above ~745, which a single
 * large population reaches in its daily count of strangers, making fewer events.
 */
const SHARD_USERS = 2_000;

/** How many populations of how many users make about `target` events over a week; calibrated on one population. */
function shardsFor(target: number, now: number): { shards: number; users: number } {
  const traffic = createTraffic({ profile: 'caro', seed: 7, users: SHARD_USERS });
  let perShard = 0;
  for (const day of traffic.backfill(now - WEEK, now)) perShard += day.length;
  perShard = Math.max(1, perShard);
  const shards = Math.max(1, Math.ceil(target / perShard));
  return { shards, users: Math.max(1, Math.round((target / shards / perShard) * SHARD_USERS)) };
}

function admitted(event: TelemetryEvent, plan: Plan, now: number): AdmittedEvent {
  const result = admit(event, plan, now);
  // The generator follows the plan; a rejection is a bug in one of the two.
  if (result.kind === 'rejected') throw new Error(`the caro generator made an event the plan rejects: ${result.error}`);
  return result.event;
}

/** Generated events the plan rejected, by reason: the privacy rules refuse a few of the simulator's user ids at large populations. */
export const skipped = new Map<string, number>();

function admittedOrSkipped(event: TelemetryEvent, plan: Plan, now: number): AdmittedEvent[] {
  const result = admit(event, plan, now);
  if (result.kind === 'ok') return [result.event];
  skipped.set(result.error, (skipped.get(result.error) ?? 0) + 1);
  return [];
}

/**
 * About `target` admitted caro events spread over the 7 days before `now`
 * (with the demo's daily rhythm), in batches of `batch`, oldest first.
 */
export function* weekOfEvents(plan: Plan, target: number, now: number, batch: number): Generator<AdmittedEvent[]> {
  const { shards, users } = shardsFor(target, now);
  // Every population steps through the week day by day; each day's events are merged in time order, as a server would receive them.
  const populations = Array.from({ length: shards }, (_, i) => createTraffic({ profile: 'caro', seed: 42 + i, users }).backfill(now - WEEK, now));
  let pending: AdmittedEvent[] = [];
  for (;;) {
    const day = populations.flatMap((days) => days.next().value ?? []);
    if (day.length === 0) break;
    const events = day.flatMap((event) => admittedOrSkipped(event, plan, now)).sort((a, b) => a.ts - b.ts);
    for (const event of events) {
      pending.push(event);
      if (pending.length === batch) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}

/** Parses and admits every event of the bodies as the ingest route does; returns how many were admitted. */
export function parseAndAdmit(bodies: readonly Buffer[], plan: Plan, now: number): number {
  let n = 0;
  for (const body of bodies) {
    const parsed = JSON.parse(body.toString('utf8')) as { events: unknown[] };
    for (const raw of parsed.events) if (admit(raw, plan, now).kind === 'ok') n++;
  }
  return n;
}

/** The encoding of a fresh store prepared for the plan (columns in declared order). */
export function encodingOf(plan: Plan): LogEncoding {
  const layouts = new Map(Object.values(storedEvents(plan)).map((e) => [e.name, { properties: Object.keys(e.properties) }]));
  return { layouts, width: Math.max(0, ...[...layouts.values()].map((l) => l.properties.length)) };
}

/** admitBody for each body, as the ingest worker thread runs it (read, admit, encode); returns how many events were admitted. */
export function admitAndEncode(bodies: readonly Buffer[], plan: Plan, encoding: LogEncoding, now: number): number {
  let n = 0;
  for (const body of bodies) {
    const result = admitBody({ body, ndjson: false, now }, plan, encoding);
    if (result.kind === 'ok' && result.admitted.kind === 'encoded') n += result.admitted.batch.count;
  }
  return n;
}

/** The admitted events of the bodies, for timing the store alone. */
export function admitBodies(bodies: readonly Buffer[], plan: Plan, now: number): AdmittedEvent[][] {
  return bodies.map((body) => (JSON.parse(body.toString('utf8')) as { events: TelemetryEvent[] }).events.map((e) => admitted(e, plan, now)));
}
