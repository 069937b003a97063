/**
 * On-call at run time: overrides (POST, GET, DELETE /api/v1/oncall/overrides)
 * and the iCalendar feeds (/api/v1/oncall/schedules/:id.ics,
 * /api/v1/oncall/people/:id.ics) with their feed URLs
 * (GET /api/v1/oncall/calendars). A feed answers its own token (`?token=`)
 * instead of the API token (api-access.ts lets `.ics` routes through), so a
 * calendar app can be given the URL without API access.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { feedText, feedToken, feedTokenValid, type FeedId } from '../../oncall/feeds.js';
import type { OverrideService } from '../../oncall/overrides.js';
import type { StoredOverride } from '../../store/oncall.js';
import { accessOf, bearerToken, type ApiTokens } from '../auth.js';

export interface OverrideRouteOptions {
  readonly overrides: OverrideService;
  readonly now: () => number;
  /** Without tokens the API is open, and so are the feeds. */
  readonly tokens?: ApiTokens;
  /** The feeds' HMAC secret (src/oncall/feeds.ts's calendarSecret). */
  readonly calendarSecret?: string;
  readonly externalUrl?: () => string;
}

const text = (max: number) => z.string().min(1).max(max);
const overrideBody = z.strictObject({ schedule: text(100), person: text(100), from: text(64), to: text(64), by: text(200).optional() });
const byQuery = z.strictObject({ by: text(200).optional() });
const listQuery = z.strictObject({ schedule: text(100).optional() });
const feedQuery = z.strictObject({ token: z.string().max(200).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new LaunchwatchError('invalid_request', `${what}${field ? ` ${field}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export function overrideJson(o: StoredOverride) {
  return { id: o.id, schedule: o.schedule, person: o.person, from: new Date(o.from).toISOString(), to: new Date(o.to).toISOString(), created_at: new Date(o.createdAt).toISOString(), created_by: o.createdBy };
}

export type OverrideJson = ReturnType<typeof overrideJson>;

export function overrideRoutes(app: FastifyInstance, options: OverrideRouteOptions): void {
  const { overrides } = options;

  app.get('/api/v1/oncall/overrides', async (request) => {
    const query = parse(listQuery, request.query, 'query');
    return { overrides: overrides.overrides().filter((o) => query.schedule === undefined || o.schedule === query.schedule).map(overrideJson) };
  });

  app.post('/api/v1/oncall/overrides', async (request, reply) => {
    const body = parse(overrideBody, request.body, 'body');
    const created = await overrides.add(body);
    return reply.code(201).send({ override: overrideJson(created) });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/oncall/overrides/:id', async (request) => {
    const query = parse(byQuery, request.query, 'query');
    return { deleted: overrideJson(await overrides.remove(request.params.id, query.by)) };
  });

  app.get('/api/v1/oncall/calendars', async (request) => {
    const plan = overrides.effective();
    const base = (options.externalUrl?.() ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
    const url = (path: string, feed: FeedId): string => `${base}${path}${options.calendarSecret ? `?token=${feedToken(options.calendarSecret, feed)}` : ''}`;
    return {
      schedules: Object.keys(plan.schedules).map((id) => ({ schedule: id, url: url(`/api/v1/oncall/schedules/${encodeURIComponent(id)}.ics`, `schedule:${id}`) })),
      people: Object.keys(plan.people).map((id) => ({ person: id, url: url(`/api/v1/oncall/people/${encodeURIComponent(id)}.ics`, `person:${id}`) })),
    };
  });

  const feed = (kind: 'schedule' | 'person') => async (request: FastifyRequest<{ Params: { id: string } }>, reply: import('fastify').FastifyReply) => {
    const query = parse(feedQuery, request.query, 'query');
    const id: FeedId = `${kind}:${request.params.id}`;
    if (options.tokens) {
      const byApi = accessOf(bearerToken(request), options.tokens) !== 'none';
      const byFeed = options.calendarSecret !== undefined && feedTokenValid(options.calendarSecret, id, query.token);
      if (!byApi && !byFeed) throw new LaunchwatchError('unauthorized', 'this feed needs its token (?token=, from GET /api/v1/oncall/calendars) or the API token');
    }
    const body = feedText(overrides.effective(), id, options.now());
    if (body === undefined) throw new LaunchwatchError('not_found', `no ${kind} "${request.params.id}" in the plan`);
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
  };
  app.get('/api/v1/oncall/schedules/:id.ics', feed('schedule'));
  app.get('/api/v1/oncall/people/:id.ics', feed('person'));
}
