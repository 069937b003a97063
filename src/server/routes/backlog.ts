/**
 * The optimisation backlog: add items, list them ranked by RICE (shipped ones
 * with their measured impact beside the expected one), ship an item with a
 * release, and export the top items as GitHub issue bodies.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { githubIssue } from '../../backlog/github.js';
import { backlogItemJson } from '../../backlog/json.js';
import { measuredImpact } from '../../backlog/measured.js';
import { rank, ship } from '../../backlog/rice.js';
import { IMPACT_SCALE, type BacklogItem } from '../../backlog/types.js';
import { LaunchwatchError } from '../../errors.js';
import type { MetricsService } from '../../metrics/service.js';
import { toNumber } from '../../plan/threshold.js';
import type { Plan } from '../../plan/types.js';
import { VERSION_PATTERN } from '../../releases/types.js';
import type { BacklogStore } from '../../store/backlog.js';
import type { EventValueReader } from '../../store/event-values.js';
import type { ReleaseStore } from '../../store/releases.js';
import type { EventStore } from '../../store/types.js';
import { DEFAULT_IMPACT_WINDOW, parseRequest, parseWindow } from './releases.js';

export interface BacklogRouteOptions {
  readonly plan: () => Plan;
  readonly backlog: BacklogStore;
  readonly releases: ReleaseStore;
  readonly events: EventStore;
  readonly eventValues: EventValueReader;
  readonly metrics: MetricsService;
  readonly now: () => number;
}

const IMPACTS = Object.values(IMPACT_SCALE);
const percentText = z.string().regex(/^[+-]?\d+(\.\d+)?%$/, 'expected a percentage such as 80% or -20%');
const itemBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  metric: z.string().min(1),
  reach: z.number().positive(),
  impact: z.union([z.enum(Object.keys(IMPACT_SCALE) as [string, ...string[]]), z.number().refine((n) => IMPACTS.includes(n), `impact is one of ${IMPACTS.join(', ')}`)]),
  confidence: z.union([percentText, z.number().gt(0).max(1)]),
  effort: z.number().positive(),
  expected_change: z.union([percentText, z.number()]).optional(),
  notes: z.string().trim().min(1).max(10_000).optional(),
});
const shipBody = z.strictObject({ release: z.string().regex(VERSION_PATTERN, 'expected a release version such as 1.1.0') });
const count = z.string().regex(/^\d+$/, 'expected a whole number').optional();
const listQuery = z.strictObject({ status: z.enum(['open', 'shipped', 'all']).optional(), window: z.string().optional() });
const topQuery = z.strictObject({ n: count });
const exportQuery = z.strictObject({ top: count, format: z.enum(['github']).optional() });

function fraction(value: string | number): number {
  return typeof value === 'number' ? value : toNumber(value);
}

export function backlogRoutes(app: FastifyInstance, options: BacklogRouteOptions): void {
  const { backlog } = options;
  const sources = { events: options.events, eventValues: options.eventValues, releases: options.releases };

  app.post('/api/v1/backlog', async (request, reply) => {
    const body = parseRequest(itemBody, request.body, 'body');
    const plan = options.plan();
    if (!plan.metrics.some((m) => m.id === body.metric)) {
      throw new LaunchwatchError('invalid_request', `body metric: no metric "${body.metric}" in the plan (metrics: ${plan.metrics.map((m) => m.id).join(', ') || 'none'})`);
    }
    const confidence = fraction(body.confidence);
    if (!(confidence > 0 && confidence <= 1)) throw new LaunchwatchError('invalid_request', 'body confidence: must be more than 0% and at most 100%');
    const item: BacklogItem = {
      id: await backlog.nextBacklogId(),
      title: body.title,
      metric: body.metric,
      reach: body.reach,
      impact: typeof body.impact === 'string' ? (IMPACT_SCALE[body.impact] ?? 1) : body.impact,
      confidence,
      effort: body.effort,
      expectedChange: body.expected_change === undefined ? null : fraction(body.expected_change),
      notes: body.notes ?? null,
      status: 'open',
      release: null,
      createdAt: options.now(),
      shippedAt: null,
    };
    await backlog.putBacklogItem(item);
    const ranked = rank(await backlog.backlogItems()).find((r) => r.item.id === item.id);
    return reply.code(201).send({ item: ranked ? backlogItemJson(ranked) : null });
  });

  app.get('/api/v1/backlog', async (request) => {
    const query = parseRequest(listQuery, request.query, 'query');
    const windowMs = parseWindow(query.window ?? DEFAULT_IMPACT_WINDOW, 'query window');
    const status = query.status ?? 'all';
    const plan = options.plan();
    const now = options.now();
    const ranked = rank(await backlog.backlogItems()).filter((r) => status === 'all' || r.item.status === status);
    const items = [];
    for (const r of ranked) items.push(backlogItemJson(r, await measuredImpact(sources, plan, r.item, windowMs, now)));
    return { items };
  });

  app.get('/api/v1/backlog/top', async (request) => {
    const query = parseRequest(topQuery, request.query, 'query');
    const n = query.n === undefined ? 5 : Number(query.n);
    return { items: rank(await backlog.backlogItems()).filter((r) => r.rank !== null).slice(0, n).map((r) => backlogItemJson(r)) };
  });

  app.get('/api/v1/backlog/export', async (request) => {
    const query = parseRequest(exportQuery, request.query, 'query');
    const n = query.top === undefined ? 5 : Number(query.top);
    const open = rank(await backlog.backlogItems()).filter((r) => r.rank !== null);
    const evaluation = await options.metrics.current();
    const results = new Map(evaluation.metrics.map((m) => [m.id, m]));
    const product = options.plan().product.name;
    return { format: 'github', issues: open.slice(0, n).map((r) => githubIssue(r, open.length, results.get(r.item.metric), product)) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/backlog/:id', async (request) => {
    const ranked = rank(await backlog.backlogItems()).find((r) => r.item.id === request.params.id);
    if (!ranked) throw new LaunchwatchError('not_found', `no backlog item "${request.params.id}"`);
    return { item: backlogItemJson(ranked, await measuredImpact(sources, options.plan(), ranked.item, parseWindow(DEFAULT_IMPACT_WINDOW, 'window'), options.now())) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/backlog/:id/ship', async (request) => {
    const body = parseRequest(shipBody, request.body, 'body');
    const item = await backlog.backlogItem(request.params.id);
    if (!item) throw new LaunchwatchError('not_found', `no backlog item "${request.params.id}"`);
    if (!(await options.releases.release(body.release))) {
      throw new LaunchwatchError('invalid_request', `body release: no release "${body.release}" (mark it first: launchwatch release mark ${body.release})`);
    }
    const outcome = ship(item, body.release, options.now());
    if (outcome.kind === 'rejected') throw new LaunchwatchError('conflict', outcome.message);
    await backlog.putBacklogItem(outcome.item);
    const ranked = rank(await backlog.backlogItems()).find((r) => r.item.id === item.id);
    const measured = await measuredImpact(sources, options.plan(), outcome.item, parseWindow(DEFAULT_IMPACT_WINDOW, 'window'), options.now());
    return { item: ranked ? backlogItemJson(ranked, measured) : null };
  });
}
