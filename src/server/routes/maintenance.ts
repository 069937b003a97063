/**
 * Scheduled maintenance through the API: POST /api/v1/status/maintenance
 * (components, from, to, message), GET the windows not ended (the plan's and
 * the declared ones), DELETE /api/v1/status/maintenance/:id (declared ones
 * only; the plan's leave with a plan edit).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LaunchwatchError } from '../../errors.js';
import type { Plan } from '../../plan/types.js';
import type { MaintenanceBook } from '../../status/maintenance.js';
import type { TalkStore } from '../../store/talk.js';

export interface MaintenanceRouteOptions {
  readonly plan: () => Plan;
  readonly talk: TalkStore;
  readonly book: MaintenanceBook;
  readonly now: () => number;
}

const time = z.iso.datetime({ offset: true });
const body = z.strictObject({
  components: z.array(z.string().min(1).max(100)).min(1).max(100),
  from: time,
  to: time,
  message: z.string().trim().min(1).max(2000),
  by: z.string().trim().min(1).max(200).optional(),
});

const iso = (ms: number): string => new Date(ms).toISOString();

export function maintenanceRoutes(app: FastifyInstance, options: MaintenanceRouteOptions): void {
  const json = (w: { id: string; components: readonly string[]; from: number; to: number; message: string }, source: 'plan' | 'api') => ({
    id: w.id,
    components: w.components,
    from: iso(w.from),
    to: iso(w.to),
    message: w.message,
    source,
  });

  app.post('/api/v1/status/maintenance', async (request, reply) => {
    const parsed = body.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
      throw new LaunchwatchError('invalid_request', `body${field ? ` ${field}` : ''}: ${issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid')}`);
    }
    const b = parsed.data;
    const plan = options.plan();
    const unknown = b.components.find((c) => !Object.hasOwn(plan.components, c));
    if (unknown !== undefined) throw new LaunchwatchError('invalid_request', `body components: no component "${unknown}" in the plan (components: ${Object.keys(plan.components).join(', ') || 'none'})`);
    const from = Date.parse(b.from);
    const to = Date.parse(b.to);
    const now = options.now();
    if (to <= from) throw new LaunchwatchError('invalid_request', 'body to: a maintenance window ends after it starts');
    if (to <= now) throw new LaunchwatchError('invalid_request', 'body to: this window has already ended');
    const window = { id: `mw-${randomBytes(6).toString('hex')}`, components: [...new Set(b.components)], from, to, message: b.message, createdAt: now, createdBy: b.by ?? 'api' };
    await options.talk.putMaintenance(window);
    await options.book.refresh();
    return reply.code(201).send({ maintenance: json(window, 'api') });
  });

  app.get('/api/v1/status/maintenance', async () => {
    const plan = options.plan();
    const now = options.now();
    const stored = await options.talk.maintenanceWindows(now);
    return { maintenance: [...plan.statusPage.maintenance.filter((w) => w.to > now).map((w) => json(w, 'plan')), ...stored.map((w) => json(w, 'api'))] };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/status/maintenance/:id', async (request) => {
    if (options.plan().statusPage.maintenance.some((w) => w.id === request.params.id)) throw new LaunchwatchError('conflict', `${request.params.id} is declared in the plan; remove it there`);
    if (!(await options.talk.deleteMaintenance(request.params.id))) throw new LaunchwatchError('not_found', `no maintenance window "${request.params.id}"`);
    await options.book.refresh();
    return { deleted: request.params.id };
  });
}
