/**
 * Releases and their measured impact: record a release, list them (the
 * dashboard's chart markers), and compare every plan metric before and after
 * one. The decisions are src/releases/impact.ts's.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { parseTimestamp } from '../../ingest/admit.js';
import { parseDuration } from '../../plan/duration.js';
import { checkTime } from '../params.js';
import type { Plan } from '../../plan/types.js';
import { impactJson, releaseJson } from '../../releases/json.js';
import { measureReleaseImpact } from '../../releases/measure.js';
import { VERSION_PATTERN, type Release } from '../../releases/types.js';
import type { EventValueReader } from '../../store/event-values.js';
import type { ReleaseStore } from '../../store/releases.js';
import type { EventStore } from '../../store/types.js';

export interface ReleaseRouteOptions {
  readonly plan: () => Plan;
  readonly releases: ReleaseStore;
  readonly events: EventStore;
  readonly eventValues: EventValueReader;
  readonly now: () => number;
}

/** The default comparison window: seed 004 step 7 measures impact after 48 hours. */
export const DEFAULT_IMPACT_WINDOW = '48h';
const MAX_WINDOW_MS = 90 * 86_400_000;
/** A release may be marked a little ahead of the server's clock, not more. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** Validates a body or query with zod; the error names the field. */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
  const message = issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid');
  throw new LaunchwatchError('invalid_request', `${what}${field ? ` ${field}` : ''}: ${message}`);
}

/** An ISO-8601 time with a zone, or epoch milliseconds; `field` names it in the error. */
export function parseTime(value: string | number, field: string): number {
  const parsed = parseTimestamp(value);
  if ('error' in parsed) throw new LaunchwatchError('invalid_request', `${field}: ${parsed.error.replace(/^timestamp: /, '')}`);
  return checkTime(parsed.ms, field);
}

/** A positive duration no longer than 90 days. */
export function parseWindow(text: string, field: string): number {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') throw new LaunchwatchError('invalid_request', `${field}: ${parsed.reason}`);
  if (parsed.ms <= 0 || parsed.ms > MAX_WINDOW_MS) throw new LaunchwatchError('invalid_request', `${field}: must be longer than 0s and at most 90d`);
  return parsed.ms;
}

const releaseBody = z.strictObject({
  version: z.string().regex(VERSION_PATTERN, 'a version is 1 to 64 letters, digits and . _ + - (e.g. 1.1.0)'),
  at: z.union([z.string(), z.number()]).optional(),
  notes: z.string().trim().min(1).max(10_000).optional(),
});
const impactQuery = z.strictObject({ window: z.string().optional() });

export function releaseRoutes(app: FastifyInstance, options: ReleaseRouteOptions): void {
  const { releases } = options;

  app.post('/api/v1/releases', async (request, reply) => {
    const body = parseRequest(releaseBody, request.body, 'body');
    const now = options.now();
    const at = body.at === undefined ? now : parseTime(body.at, 'body at');
    if (at > now + CLOCK_SLACK_MS) throw new LaunchwatchError('invalid_request', `body at: a release is marked once it reaches users; ${new Date(at).toISOString()} is in the future`);
    const release: Release = { version: body.version, at, notes: body.notes ?? null, recordedAt: now };
    if ((await releases.addRelease(release)) === 'exists') {
      const existing = await releases.release(body.version);
      const when = existing ? ` at ${new Date(existing.at).toISOString()}` : '';
      throw new LaunchwatchError('conflict', `release ${body.version} is already marked${when}; a version is marked once`);
    }
    return reply.code(201).send({ release: releaseJson(release) });
  });

  app.get('/api/v1/releases', async () => ({ releases: (await releases.releases()).map(releaseJson) }));

  app.get<{ Params: { version: string } }>('/api/v1/releases/:version', async (request) => {
    const release = await releases.release(request.params.version);
    if (!release) throw new LaunchwatchError('not_found', `no release "${request.params.version}"`);
    return { release: releaseJson(release) };
  });

  app.get<{ Params: { version: string } }>('/api/v1/releases/:version/impact', async (request) => {
    const query = parseRequest(impactQuery, request.query, 'query');
    const windowMs = parseWindow(query.window ?? DEFAULT_IMPACT_WINDOW, 'query window');
    const release = await releases.release(request.params.version);
    if (!release) throw new LaunchwatchError('not_found', `no release "${request.params.version}" (mark it first: launchwatch release mark ${request.params.version})`);
    const impact = await measureReleaseImpact({ events: options.events, eventValues: options.eventValues }, options.plan(), release, windowMs, options.now());
    return impactJson(impact);
  });
}
