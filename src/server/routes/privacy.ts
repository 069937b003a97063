/**
 * The privacy API, under /api/ (the admin token applies): the ingest kill
 * switch, access and erasure requests for one user, the retention job, and
 * the audit log. User ids travel in request bodies, never in URLs, so they
 * stay out of request logs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatDuration } from '../../plan/duration.js';
import type { Plan } from '../../plan/types.js';
import { LaunchwatchError } from '../../errors.js';
import type { IngestState, PrivacyService } from '../../privacy/service.js';
import type { AuditEntry } from '../../store/privacy.js';

export interface PrivacyRouteOptions {
  readonly plan: () => Plan;
  readonly privacy: PrivacyService;
}

const actor = z.string().min(1).max(200);
const pauseBody = z.strictObject({ reason: z.string().min(1).max(200).optional(), by: actor.optional() }).optional();
const resumeBody = z.strictObject({ by: actor.optional() }).optional();
const userBody = z.strictObject({ user_id: z.string().min(1).max(128), by: actor.optional() });
const auditQuery = z.strictObject({ limit: z.string().regex(/^\d+$/).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw new LaunchwatchError('invalid_request', `${what}${field ? ` ${field}` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function ingestJson(state: IngestState) {
  return { state: state.paused ? 'paused' : 'open', source: state.source, reason: state.reason ?? null, by: state.by ?? null, since: iso(state.at) ?? null };
}

function auditJson(entry: AuditEntry) {
  return { at: new Date(entry.at).toISOString(), action: entry.action, actor: entry.actor, subject: entry.subject ?? null, details: entry.details };
}

const keptFor = (ms: number | null): string => (ms === null ? 'forever' : formatDuration(ms));

export function privacyRoutes(app: FastifyInstance, options: PrivacyRouteOptions): void {
  const { privacy } = options;

  app.get('/api/v1/privacy', async () => {
    const p = options.plan().privacy;
    return {
      ingest: ingestJson(privacy.ingest()),
      user_id: p.userId,
      retention: { events: keptFor(p.retention.eventsMs), samples: keptFor(p.retention.samplesMs), alerts: keptFor(p.retention.alertsMs) },
      ids: Object.entries(p.ids).flatMap(([event, props]) => props.map((prop) => `${event}.${prop}`)),
    };
  });

  app.post('/api/v1/privacy/pause', async (request) => {
    const body = parse(pauseBody, request.body, 'body');
    return { ingest: ingestJson(await privacy.pause(body?.reason, body?.by ?? 'api')) };
  });

  app.post('/api/v1/privacy/resume', async (request) => {
    const body = parse(resumeBody, request.body, 'body');
    return { ingest: ingestJson(await privacy.resume(body?.by ?? 'api')) };
  });

  app.post('/api/v1/privacy/users/export', async (request) => {
    const body = parse(userBody, request.body, 'body');
    const result = await privacy.exportUser(body.user_id, body.by ?? 'api');
    return {
      subject: result.subject,
      events: result.events.map((e) => ({ type: e.type, id: e.id, timestamp: new Date(e.ts).toISOString(), user_id: e.userId, session_id: e.sessionId, properties: e.properties })),
    };
  });

  app.post('/api/v1/privacy/users/purge', async (request) => {
    const body = parse(userBody, request.body, 'body');
    const result = await privacy.purgeUser(body.user_id, body.by ?? 'api');
    return { subject: result.subject, deleted: result.deleted, total: Object.values(result.deleted).reduce((a, b) => a + b, 0) };
  });

  app.post('/api/v1/privacy/retention/run', async () => {
    const run = await privacy.runRetention();
    return { events: run.events, samples: run.samples, alerts: run.alerts };
  });

  app.get('/api/v1/privacy/audit', async (request) => {
    const query = parse(auditQuery, request.query, 'query');
    const limit = Math.min(1000, Number(query.limit ?? 100));
    return { entries: (await privacy.audit(limit)).map(auditJson) };
  });
}
