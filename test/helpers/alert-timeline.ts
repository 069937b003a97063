/**
 * The alert engine on a fake clock, for timeline tests: a real DuckDB file in
 * a temp directory, events appended straight to the EventStore, and ticks
 * where the running engine would have them (every evaluation interval and at
 * each group's flush time). Notifications are read from the outbox and marked
 * sent, as the worker would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertEngine, type AlertView } from '../../src/alerting/engine.js';
import type { NotificationRecord } from '../../src/alerting/types.js';
import { currentPhases } from '../../src/criteria/phases.js';
import { createLogger } from '../../src/logger.js';
import { MetricsService } from '../../src/metrics/service.js';
import type { Plan, Scalar } from '../../src/plan/types.js';
import { openEmbeddedStores, type Stores } from '../../src/store/duckdb/index.js';
import { planFrom } from './plan.js';

export const S = 1_000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;
/** t=0 of every timeline. */
export const T0 = Date.parse('2025-03-03T09:00:00Z');
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

/** Events, metrics and a webhook every timeline plan shares; tests add alerts, routing and inhibit. */
export function timelinePlan(alerting: string, evaluationInterval = '1m'): Plan {
  return planFrom(`
version: 1
product: { name: timeline }
ingest: { keys: [ { name: cli, key: "timeline-ingest-key-0123456789" } ] }
evaluation: { interval: ${evaluationInterval} }
events:
  req: { backend: string, ms: number }
  heartbeat: { host: string }
metrics:
  lat: { from: req, mean: ms, window: 30s, unit: ms }
  slow: { from: req, mean: ms, window: 1d, unit: ms }
  lat_by_backend: { from: req, mean: ms, by: backend, window: 1d, unit: ms }
  requests: { from: req, count: true, window: 1d }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
  pager: { type: pagerduty, routing_key: "k", url: "http://127.0.0.1:9/pd" }
${alerting}
`);
}

/** A notification as a test reads it: when (ms since t=0), where, what, and `alertname[/backend] severity status` per alert. */
export interface Sent {
  readonly t: number;
  readonly channel: string;
  readonly kind: NotificationRecord['kind'];
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly string[];
}

function sentOf(n: NotificationRecord): Sent {
  const alerts = n.alerts.map((a) => `${a.labels.alertname ?? ''}${a.labels.backend ? `/${a.labels.backend}` : ''} ${a.labels.severity ?? '-'} ${a.status}`);
  return { t: n.createdAt - T0, channel: n.channel, kind: n.kind, status: n.status, alerts };
}

export interface Timeline {
  readonly engine: AlertEngine;
  readonly stores: Stores;
  /** The fake clock, in ms since t=0. */
  readonly t: number;
  /** Appends `req` events with these latencies (or other events) at the current time. */
  req(backendMs: readonly (number | [string, number])[]): Promise<void>;
  push(type: string, properties: Record<string, Scalar>): Promise<void>;
  /** Moves the clock to t (ms since t=0), without ticking. */
  set(t: number): void;
  /** One tick at the current time. */
  tick(): Promise<void>;
  /** Moves the clock to t and ticks once. */
  at(t: number): Promise<void>;
  /**
   * One request a minute with these latencies, starting at minute `from`: at each minute the clock
   * moves there, the request is appended and the engine ticks; `each` then looks at the state.
   */
  minutes(latencies: readonly number[], from?: number, each?: (minute: number) => void): Promise<void>;
  /** Moves the clock to t, ticking on every evaluation interval and group flush on the way, and at t. */
  run(to: number): Promise<void>;
  /** Notifications owed since the last call, oldest first; they are marked sent. */
  sent(): Promise<Sent[]>;
  alerts(): AlertView[];
  alert(alertname: string, backend?: string): AlertView | undefined;
  /** Stops the engine, closes the stores, reopens them from the same directory and opens a new engine. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTimeline(plan: Plan): Promise<Timeline> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-timeline-'));
  let now = T0;
  let sequence = 0;
  let ids = 0;
  let lastTick = -Infinity;
  const logger = createLogger('silent');

  const open = async (): Promise<{ stores: Stores; engine: AlertEngine }> => {
    const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
    await stores.events.prepare(plan.events);
    const metrics = new MetricsService({ store: stores.events, plan: () => plan, now: () => now, sequence: () => sequence });
    const engine = await AlertEngine.open({
      plan: () => plan,
      events: stores.events,
      state: stores.state,
      metrics,
      now: () => now,
      logger,
      onNotifications: () => undefined,
      newId: () => `n${++ids}`,
      // phase() conditions: the plan's launch phases judged as the app judges them.
      phases: (current, results, at) => currentPhases(current, { events: stores.events, state: stores.state, baselines: stores.baselines }, results, at),
    });
    return { stores, engine };
  };
  let current = await open();

  const push = async (type: string, properties: Record<string, Scalar>): Promise<void> => {
    await current.stores.events.append([{ id: `e${++ids}`, type, ts: now, userId: null, sessionId: null, properties }]);
    sequence++;
  };
  const tick = async (): Promise<void> => {
    await current.engine.tick();
    lastTick = now;
  };

  const timeline: Timeline = {
    get engine() {
      return current.engine;
    },
    get stores() {
      return current.stores;
    },
    get t() {
      return now - T0;
    },
    async req(values) {
      const events = values.map((v) => {
        const [backend, ms] = typeof v === 'number' ? ['main', v] : v;
        return { id: `e${++ids}`, type: 'req', ts: now, userId: null, sessionId: null, properties: { backend, ms } };
      });
      await current.stores.events.append(events);
      sequence++;
    },
    push,
    set(t) {
      now = T0 + t;
    },
    tick,
    async at(t) {
      now = T0 + t;
      await tick();
    },
    async minutes(latencies, from = 0, each = () => undefined) {
      for (const [i, ms] of latencies.entries()) {
        timeline.set((from + i) * M);
        await timeline.req([ms]);
        await tick();
        each(from + i);
      }
    },
    async run(to) {
      const end = T0 + to;
      for (;;) {
        const { groups } = await current.stores.state.loadAlerting();
        const flushes = groups.map((g) => g.nextFlushAt).filter((at) => at > now);
        const next = Math.min(lastTick + plan.evaluation.intervalMs, ...flushes);
        if (next > end) break;
        now = Math.max(next, now);
        await tick();
      }
      now = end;
      if (lastTick !== end) await tick();
    },
    async sent() {
      // Every pending one, whenever its next attempt is (due(Infinity) is refused by DuckDB's timestamp).
      const owed = await current.stores.state.due(FAR_FUTURE, 1000);
      for (const n of owed) await current.stores.state.markSent(n.id, now);
      return owed.map(sentOf);
    },
    alerts: () => current.engine.list(),
    alert: (alertname, backend) => current.engine.list().find((v) => v.alert.labels.alertname === alertname && (backend === undefined || v.alert.labels.backend === backend)),
    async restart() {
      await current.engine.stop();
      await current.stores.close();
      current = await open();
    },
    async close() {
      await current.engine.stop();
      await current.stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return timeline;
}
