/**
 * What the dashboard's overview reads, kept cheap under live traffic:
 * GET /api/v1/overview/metrics is the scheduler's last evaluation of the plan
 * (at most about one evaluation interval old) instead of a fresh one, and
 * GET /api/v1/overview gives, for each metric, its value over the window
 * before the current one (to show the change) and a short series over the
 * current window (the sparkline), computed once per evaluation.
 * GET /api/v1/metrics stays the fresh, read-your-writes answer.
 */
import type { FastifyInstance } from 'fastify';
import { evaluateMetric, type PlanEvaluation } from '../../metrics/evaluate.js';
import type { MetricsService } from '../../metrics/service.js';
import type { MetricSpec, Plan } from '../../plan/types.js';
import type { EventStore } from '../../store/types.js';

export interface OverviewRouteOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly now: () => number;
  /** The fresh evaluation, when there is no recent published one. */
  readonly metrics: MetricsService;
  /** The scheduler's last published evaluation. */
  readonly latest: () => PlanEvaluation | undefined;
}

export const SPARK_BUCKETS = 24;

/** The sparkline's buckets: about 24 over the window, whole minutes, aligned on the epoch like every series. */
export function sparkRange(windowMs: number, now: number): { from: number; to: number; step: number } {
  const step = Math.max(60_000, Math.ceil(windowMs / SPARK_BUCKETS / 60_000) * 60_000);
  return { from: Math.floor((now - windowMs) / step) * step, to: now, step };
}

/**
 * Whether the published evaluation may stand for the current one: it covers
 * the plan's metrics in order, and it is at most two evaluation intervals old
 * (one interval plus the time an evaluation takes, with room; older means the
 * scheduler is off or stuck, and a fresh evaluation is due).
 */
export function recentEnough(latest: PlanEvaluation | undefined, plan: Plan, now: number): latest is PlanEvaluation {
  if (!latest) return false;
  const age = now - Date.parse(latest.evaluated_at);
  if (!(age >= 0 && age <= 2 * plan.evaluation.intervalMs)) return false;
  return latest.metrics.length === plan.metrics.length && latest.metrics.every((m, i) => m.id === plan.metrics[i]?.id);
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

type Overview = { at: string; metrics: Awaited<ReturnType<typeof metricOverview>>[] };

async function overviewAt(events: EventStore, plan: Plan, now: number): Promise<Overview> {
  const metrics = await Promise.all(plan.metrics.map((m) => metricOverview(events, m, now)));
  return { at: new Date(now).toISOString(), metrics };
}

export function overviewRoutes(app: FastifyInstance, options: OverviewRouteOptions): void {
  // The sparklines of the last published evaluation, shared by every page that asks until the next one.
  let cached: { evaluation: PlanEvaluation; result: Promise<Overview> } | undefined;

  app.get('/api/v1/overview/metrics', async () => {
    const latest = options.latest();
    return recentEnough(latest, options.plan(), options.now()) ? latest : options.metrics.current();
  });

  app.get('/api/v1/overview', async () => {
    const plan = options.plan();
    const latest = options.latest();
    if (!recentEnough(latest, plan, options.now())) return overviewAt(options.events, plan, options.now());
    if (cached?.evaluation !== latest) {
      const result = overviewAt(options.events, plan, Date.parse(latest.evaluated_at));
      cached = { evaluation: latest, result };
      result.catch(() => {
        if (cached?.result === result) cached = undefined;
      });
    }
    return cached.result;
  });
}
