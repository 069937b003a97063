/**
 * POST /api/v1/incidents/:id/page: page a person, a schedule's on-call or an
 * escalation policy's first step into an open incident. The pages are
 * written to the outbox, then the incident's timeline says who was paged.
 * Decisions are src/incidents/page-now.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import { timelineJson } from '../../incidents/json.js';
import { pageNow, type PageTarget } from '../../incidents/page-now.js';
import type { Plan } from '../../plan/types.js';
import type { AlertStateStore, IncidentStore } from '../../store/ports.js';

export interface IncidentPageRouteOptions {
  readonly plan: () => Plan;
  readonly state: IncidentStore & Pick<AlertStateStore, 'commitAlerting'>;
  readonly now: () => number;
  /** Told after pages were written to the outbox. */
  readonly onNotifications?: () => void;
}

const id = z.string().trim().min(1).max(200);
const pageBody = z.strictObject({ person: id.optional(), schedule: id.optional(), escalation: id.optional(), message: z.string().trim().min(1).max(2000).optional(), by: id.optional() });

function target(body: z.infer<typeof pageBody>): PageTarget {
  const given = (['person', 'schedule', 'escalation'] as const).filter((k) => body[k] !== undefined);
  if (given.length !== 1) throw new LaunchwatchError('invalid_request', `body: give exactly one of person, schedule, escalation${given.length ? ` (given: ${given.join(', ')})` : ''}`);
  if (body.person !== undefined) return { person: body.person };
  if (body.schedule !== undefined) return { schedule: body.schedule };
  return { escalation: body.escalation ?? '' };
}

export function incidentPageRoutes(app: FastifyInstance, options: IncidentPageRouteOptions): void {
  app.post<{ Params: { id: string } }>('/api/v1/incidents/:id/page', async (request, reply) => {
    const parsed = pageBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
      throw new LaunchwatchError('invalid_request', `body${field ? ` ${field}` : ''}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid')}`);
    }
    const to = target(parsed.data);
    const incident = await options.state.incident(request.params.id);
    if (!incident) throw new LaunchwatchError('not_found', `no incident "${request.params.id}"`);
    const now = options.now();
    const by = parsed.data.by ?? 'api';
    const outcome = pageNow(options.plan(), incident, to, { by, now, newId: randomUUID, ...(parsed.data.message ? { message: parsed.data.message } : {}) });
    if (outcome.kind === 'rejected') throw new LaunchwatchError(outcome.reason === 'resolved' ? 'conflict' : 'invalid_request', outcome.message);
    if (outcome.notifications.length) {
      await options.state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications: outcome.notifications });
      options.onNotifications?.();
    }
    await options.state.appendTimeline([outcome.entry]);
    return reply.code(201).send({ paged: outcome.people, notifications: outcome.notifications.length, entry: timelineJson(outcome.entry) });
  });
}
