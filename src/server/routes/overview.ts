/**
 * What the dashboard's overview needs beyond GET /api/v1/metrics, in one
 * request: for each metric, its value over the window before the current one
 * (to show the change), and a short series over the current window (the sparkline).
 */
import type { FastifyInstance } from 'fastify';
import { evaluateMetric } from '../../metrics/evaluate.js';
import type { MetricSpec, Plan } from '../../plan/types.js';
import type { EventStore } from '../../store/types.js';

export interface OverviewRouteOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly now: () => number;
}

export const SPARK_BUCKETS = 24;

/** The sparkline's buckets: about 24 over the window, whole minutes, aligned on the epoch like every series. */
export function sparkRange(windowMs: number, now: number): { from: number; to: number; step: number } {
  const step = Math.max(60_000, Math.ceil(windowMs / SPARK_BUCKETS / 60_000) * 60_000);
  return { from: Math.floor((now - windowMs) / step) * step, to: now, step };
}

async function metricOverview(events: EventStore, metric: MetricSpec, now: number) {
  const previousEnd = now - metric.windowMs;
  const previous = await evaluateMetric(events, metric, previousEnd);
  const range = sparkRange(metric.windowMs, now);
  const series = await events.series(metric, { from: range.from, to: range.to }, range.step);
  return {
    id: metric.id,
    previous: { from: new Date(previousEnd - metric.windowMs).toISOString(), to: new Date(previousEnd).toISOString(), value: previous.value, status: previous.status },
    spark: { step_ms: range.step, points: series.points },
  };
}

export function overviewRoutes(app: FastifyInstance, options: OverviewRouteOptions): void {
  app.get('/api/v1/overview', async () => {
    const now = options.now();
    const metrics = await Promise.all(options.plan().metrics.map((m) => metricOverview(options.events, m, now)));
    return { at: new Date(now).toISOString(), metrics };
  });
}
