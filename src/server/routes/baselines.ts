/**
 * Baselines: list them (stored, declared in the plan, pending), take one over
 * a range, set values by hand, and compare the current values with them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withValues } from '../../baselines/baseline.js';
import { baselineJson, comparisonJson, pendingJson } from '../../baselines/json.js';
import { DEFAULT_REGRESSION_THRESHOLD, compareWithBaselines } from '../../baselines/regressions.js';
import { baselinesInForce, takeBaseline } from '../../baselines/service.js';
import { BASELINE_NAME } from '../../plan/baseline-types.js';
import { LaunchwatchError } from '../../errors.js';
import type { MetricsService } from '../../metrics/service.js';
import { baselineNumber } from '../../plan/baselines.js';
import { toNumber } from '../../plan/threshold.js';
import type { Plan } from '../../plan/types.js';
import type { BaselineStore } from '../../store/baselines.js';
import type { EventStore } from '../../store/types.js';
import { parseRequest, parseTime } from './releases.js';

export interface BaselineRouteOptions {
  readonly plan: () => Plan;
  readonly events: EventStore;
  readonly baselines: BaselineStore;
  readonly metrics: MetricsService;
  readonly now: () => number;
}

const name = z.string().regex(BASELINE_NAME, 'a baseline name is lower-case letters, digits, _ and -, starting with a letter');
const moment = z.union([z.string(), z.number()]);
const value = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?%?$/, 'expected a number or a percentage such as 94.8%')]);
const baselineBody = z.strictObject({
  name,
  from: moment.optional(),
  to: moment.optional(),
  values: z.record(z.string(), value).optional(),
  source: z.string().trim().min(1).max(200).optional(),
});
const comparisonQuery = z.strictObject({
  baseline: name.optional(),
  threshold: z.string().regex(/^\d+(\.\d+)?%$/, 'expected a percentage such as 20%').optional(),
});

export function baselineRoutes(app: FastifyInstance, options: BaselineRouteOptions): void {
  const sources = { events: options.events, baselines: options.baselines };

  app.get('/api/v1/baselines', async () => {
    const plan = options.plan();
    const { baselines, pending } = await baselinesInForce(sources, plan, options.now());
    return { baselines: [...baselines.map((b) => baselineJson(b, plan.baselines)), ...pending.map(pendingJson)].sort((a, b) => a.name.localeCompare(b.name)) };
  });

  app.get<{ Params: { name: string } }>('/api/v1/baselines/:name', async (request) => {
    const plan = options.plan();
    const { baselines, pending } = await baselinesInForce(sources, plan, options.now());
    const found = baselines.find((b) => b.name === request.params.name);
    if (found) return { baseline: baselineJson(found, plan.baselines) };
    const waiting = pending.find((p) => p.name === request.params.name);
    if (waiting) return { baseline: pendingJson(waiting) };
    throw new LaunchwatchError('not_found', `no baseline "${request.params.name}"`);
  });

  app.post('/api/v1/baselines', async (request, reply) => {
    const body = parseRequest(baselineBody, request.body, 'body');
    const plan = options.plan();
    const now = options.now();
    if (Object.hasOwn(plan.baselines, body.name)) {
      throw new LaunchwatchError('conflict', `baseline "${body.name}" is declared in the plan; change it there, or use another name`);
    }
    const range = body.from !== undefined || body.to !== undefined;
    if (range === (body.values !== undefined)) throw new LaunchwatchError('invalid_request', 'body: give from and to (take the baseline from a time range) or values (set it by hand), not both');
    if (range) {
      if (body.source !== undefined) throw new LaunchwatchError('invalid_request', 'body source: a baseline taken from a time range is "measured"; source goes with values');
      if (body.from === undefined || body.to === undefined) throw new LaunchwatchError('invalid_request', `body ${body.from === undefined ? 'from' : 'to'}: a time range needs both from and to`);
      const from = parseTime(body.from, 'body from');
      const to = parseTime(body.to, 'body to');
      if (from >= to) throw new LaunchwatchError('invalid_request', 'body to: must be after from');
      if (to > now) throw new LaunchwatchError('invalid_request', `body to: the range must have ended (now is ${new Date(now).toISOString()})`);
      const baseline = await takeBaseline(sources, plan, body.name, { from, to }, now);
      return reply.code(201).send({ baseline: baselineJson(baseline, plan.baselines) });
    }
    const known = new Set(plan.metrics.map((m) => m.id));
    const values: Record<string, number> = {};
    for (const [metric, v] of Object.entries(body.values ?? {})) {
      if (!known.has(metric)) throw new LaunchwatchError('invalid_request', `body values.${metric}: no metric "${metric}" in the plan (metrics: ${[...known].join(', ') || 'none'})`);
      values[metric] = baselineNumber(v);
    }
    if (Object.keys(values).length === 0) throw new LaunchwatchError('invalid_request', 'body values: give at least one metric');
    const baseline = withValues(await options.baselines.baseline(body.name), body.name, values, body.source ?? 'manual', now);
    await options.baselines.putBaseline(baseline);
    return reply.code(201).send({ baseline: baselineJson(baseline, plan.baselines) });
  });

  app.get('/api/v1/regressions', async (request) => {
    const query = parseRequest(comparisonQuery, request.query, 'query');
    const plan = options.plan();
    const threshold = query.threshold === undefined ? DEFAULT_REGRESSION_THRESHOLD : toNumber(query.threshold);
    const { baselines } = await baselinesInForce(sources, plan, options.now());
    const chosen = query.baseline === undefined ? baselines : baselines.filter((b) => b.name === query.baseline);
    if (query.baseline !== undefined && chosen.length === 0) throw new LaunchwatchError('not_found', `no baseline "${query.baseline}"`);
    const evaluation = await options.metrics.current();
    const comparisons = compareWithBaselines(plan, evaluation.metrics, chosen, threshold);
    return {
      evaluated_at: evaluation.evaluated_at,
      threshold,
      regressions: comparisons.filter((c) => c.regressed).length,
      comparisons: comparisons.map(comparisonJson),
    };
  });
}
