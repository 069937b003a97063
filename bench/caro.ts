/**
 * The bench's workload: the caro example plan and its simulated telemetry
 * from the demo's pure traffic generator (src/demo/traffic.ts), admitted
 * exactly as the server admits it.
 */
import { fileURLToPath } from 'node:url';
import { createTraffic, type TelemetryEvent } from '../src/demo/traffic.js';
import { admit } from '../src/ingest/admit.js';
import { formatPlanError, loadPlanFile } from '../src/plan/load.js';
import type { Plan } from '../src/plan/types.js';
import type { AdmittedEvent } from '../src/store/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PLAN_FILE = fileURLToPath(new URL('../examples/caro.yaml', import.meta.url));
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export async function loadCaroPlan(ingestKey: string): Promise<Plan> {
  const loaded = await loadPlanFile(PLAN_FILE, { CARO_INGEST_KEY: ingestKey });
  if (loaded.kind === 'invalid') throw new Error(`examples/caro.yaml does not load:\n${loaded.errors.map(formatPlanError).join('\n')}`);
  return loaded.plan;
}

/** `bodies` request bodies of `batch` events each, serialised as {"events": [...]}, all in the last seconds before `now`. */
export function ingestBodies(bodies: number, batch: number, now: number, seed = 1): Buffer[] {
  const traffic = createTraffic({ profile: 'caro', seed });
  return Array.from({ length: bodies }, () => Buffer.from(JSON.stringify({ events: traffic.live(batch, now) })));
}

/** Simulated users that make about `target` events over a week; calibrated on a small population. */
function usersFor(target: number, now: number): number {
  const sample = 400;
  const traffic = createTraffic({ profile: 'caro', seed: 7, users: sample });
  let events = 0;
  for (const day of traffic.backfill(now - WEEK, now)) events += day.length;
  return Math.max(1, Math.round((target * sample) / Math.max(1, events)));
}

function admitted(event: TelemetryEvent, plan: Plan, now: number): AdmittedEvent {
  const result = admit(event, plan, now);
  // The generator follows the plan; a rejection is a bug in one of the two.
  if (result.kind === 'rejected') throw new Error(`the caro generator made an event the plan rejects: ${result.error}`);
  return result.event;
}

/**
 * About `target` admitted caro events spread over the 7 days before `now`
 * (with the demo's daily rhythm), in batches of `batch`, oldest first.
 */
export function* weekOfEvents(plan: Plan, target: number, now: number, batch: number): Generator<AdmittedEvent[]> {
  const traffic = createTraffic({ profile: 'caro', seed: 42, users: usersFor(target, now) });
  let pending: AdmittedEvent[] = [];
  for (const day of traffic.backfill(now - WEEK, now)) {
    for (const event of day) {
      pending.push(admitted(event, plan, now));
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

/** The admitted events of the bodies, for timing the store alone. */
export function admitBodies(bodies: readonly Buffer[], plan: Plan, now: number): AdmittedEvent[][] {
  return bodies.map((body) => (JSON.parse(body.toString('utf8')) as { events: TelemetryEvent[] }).events.map((e) => admitted(e, plan, now)));
}
