/**
 * The metrics API: current values against targets, per-bucket series for
 * trend charts, and the stored history of evaluated values.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import type { MetricsService } from '../../metrics/service.js';
import { parseTimestamp } from '../../ingest/admit.js';
import { checkTime, durationParam, epochMs } from '../params.js';
import type { MetricSpec, Plan } from '../../plan/types.js';
import type { SampleStore } from '../../store/ports.js';
import type { EventStore } from '../../store/types.js';
import { MAX_SLIDING_POINTS, slidingSeries, slidingStep } from '../../metrics/sliding.js';

export interface MetricRouteOptions {
  readonly plan: () => Plan;
  readonly metrics: MetricsService;
  readonly events: EventStore;
  /** The recorded history. */
  readonly state: SampleStore;
  readonly now: () => number;
}

export const MAX_BUCKETS = 5000;
/** The longest bucket a series takes. */
export const MAX_STEP_MS = 365 * 86_400_000;

/** A time given as ISO-8601 with a time zone, or epoch milliseconds. */
export function parseTime(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (/^\d+$/.test(text)) return epochMs(text, name);
  const time = parseTimestamp(text);
  if ('error' in time) throw new LaunchwatchError('invalid_request', `${name}: "${text.slice(0, 40)}" is not an ISO-8601 time with a time zone or epoch milliseconds`);
  return checkTime(time.ms, name);
}

const rangeQuery = z.object({ from: z.string().optional(), to: z.string().optional(), step: z.string().optional() });
const historyQuery = z.object({ from: z.string().optional(), to: z.string().optional(), limit: z.string().regex(/^\d+$/).optional() });

export const MAX_HISTORY = 10_000;

function findMetric(plan: Plan, id: string): MetricSpec {
  const metric = plan.metrics.find((m) => m.id === id);
  if (!metric) throw new LaunchwatchError('not_found', `no metric "${id}" in the plan`);
  return metric;
}

/** A step giving at most ~120 buckets, rounded to a whole minute, hour or day. */
export function defaultStep(spanMs: number): number {
  const raw = spanMs / 120;
  for (const step of [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000]) if (raw <= step) return step;
  return 86_400_000 * Math.ceil(raw / 86_400_000);
}

/** `mode`: `buckets` (the default: each bucket's own events) or `sliding` (the metric's window ending at each point). */
export type SeriesMode = 'buckets' | 'sliding';

function seriesMode(query: unknown): SeriesMode {
  const mode = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).mode : undefined;
  if (mode === undefined || mode === 'buckets' || mode === 'sliding') return mode ?? 'buckets';
  throw new LaunchwatchError('invalid_request', 'mode must be given once, as buckets or sliding');
}

function readRange(query: unknown, metric: MetricSpec, now: number, mode: SeriesMode = 'buckets'): { from: number; to: number; step: number } {
  const parsed = rangeQuery.safeParse(query);
  if (!parsed.success) throw new LaunchwatchError('invalid_request', 'from, to and step must be given once each');
  const to = parseTime(parsed.data.to, 'to', now);
  let from = parseTime(parsed.data.from, 'from', to - Math.max(metric.windowMs, 86_400_000));
  if (from >= to) throw new LaunchwatchError('invalid_request', 'from must be before to');
  let step = mode === 'sliding' ? slidingStep(to - from) : defaultStep(to - from);
  if (parsed.data.step !== undefined) step = durationParam(parsed.data.step, 'step', 1000, MAX_STEP_MS);
  // Buckets start at whole multiples of the step, so charts line up across requests.
  from = Math.floor(from / step) * step;
  if (mode === 'sliding' && Math.ceil((to - from) / step) > MAX_SLIDING_POINTS) {
    throw new LaunchwatchError('invalid_request', `step: from..to / step gives more than ${MAX_SLIDING_POINTS} points, the most a sliding series takes (one measure each); use a larger step`);
  }
  if (Math.ceil((to - from) / step) > MAX_BUCKETS) throw new LaunchwatchError('invalid_request', `from..to / step gives more than ${MAX_BUCKETS} buckets; use a larger step`);
  return { from, to, step };
}

export function metricRoutes(app: FastifyInstance, options: MetricRouteOptions): void {
  app.get('/api/v1/metrics', async () => options.metrics.current());

  app.get<{ Params: { id: string } }>('/api/v1/metrics/:id', async (request) => {
    const evaluation = await options.metrics.current();
    const result = evaluation.metrics.find((m) => m.id === request.params.id);
    if (!result) throw new LaunchwatchError('not_found', `no metric "${request.params.id}" in the plan`);
    return { evaluated_at: evaluation.evaluated_at, metric: result };
  });

  app.get<{ Params: { id: string } }>('/api/v1/metrics/:id/series', async (request) => {
    const metric = findMetric(options.plan(), request.params.id);
    const mode = seriesMode(request.query);
    const { from, to, step } = readRange(request.query, metric, options.now(), mode);
    const series = mode === 'sliding' ? await slidingSeries(options.events, metric, { from, to }, step) : await options.events.series(metric, { from, to }, step);
    return {
      id: metric.id,
      mode,
      window_ms: metric.windowMs,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step_ms: step,
      points: series.points,
      groups: series.groups,
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/metrics/:id/history', async (request) => {
    const metric = findMetric(options.plan(), request.params.id);
    const parsed = historyQuery.safeParse(request.query);
    if (!parsed.success) throw new LaunchwatchError('invalid_request', 'from and to are times, limit a whole number; each given once');
    const to = parseTime(parsed.data.to, 'to', options.now());
    const from = parseTime(parsed.data.from, 'from', to - 7 * 86_400_000);
    if (from >= to) throw new LaunchwatchError('invalid_request', 'from must be before to');
    const limit = Math.min(Number(parsed.data.limit ?? MAX_HISTORY), MAX_HISTORY);
    const all = await options.state.samples(metric.id, { from, to });
    // The newest samples when there are more than the limit.
    const samples = all.slice(Math.max(0, all.length - limit));
    return {
      id: metric.id,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      truncated: samples.length < all.length,
      samples: samples.map((s) => ({ t: s.ts, group: s.group, value: s.value, status: s.status })),
    };
  });
}
