/**
 * POST /-/reload: reads the plan file again and puts it in force, as
 * Prometheus's and Alertmanager's /-/reload do (src/reload.ts). Outside /api/,
 * so it checks the admin token itself: with one set, only the admin may reload.
 * A plan that is refused leaves the plan in force untouched and is answered
 * 400 with every error at file:line:col.
 */
import type { FastifyInstance } from 'fastify';
import { formatPlanError, type PlanError } from '../../plan/load.js';
import type { ReloadOutcome } from '../../reload.js';
import { accessOf, authorize, bearerToken, type ApiTokens } from '../auth.js';
import { sendError } from '../errors.js';

export interface ReloadRouteOptions {
  readonly reload: () => Promise<ReloadOutcome>;
  /** When set, the admin token is required. */
  readonly tokens?: ApiTokens;
}

/** The 400 answer to a refused plan: launchwatch's error shape, with every error as text and located. */
export interface InvalidPlanBody {
  readonly error: { readonly code: 'invalid_request'; readonly message: string; readonly errors: readonly (PlanError & { readonly text: string })[] };
}

export function invalidPlanBody(errors: readonly PlanError[]): InvalidPlanBody {
  const lines = errors.map(formatPlanError);
  const message = `the plan was not reloaded (the plan in force is unchanged): ${errors.length === 1 ? 'one error' : `${errors.length} errors`}\n${lines.join('\n')}`;
  return { error: { code: 'invalid_request', message, errors: errors.map((e, i) => ({ ...e, text: lines[i] ?? '' })) } };
}

export function reloadRoutes(app: FastifyInstance, options: ReloadRouteOptions): void {
  app.post('/-/reload', async (request, reply) => {
    const tokens = options.tokens;
    if (tokens) {
      const verdict = authorize(request.method, accessOf(bearerToken(request), tokens));
      if (verdict.kind === 'unauthorized') return sendError(reply, 'unauthorized', 'reloading the plan requires the admin token: Authorization: Bearer <token>');
      if (verdict.kind === 'forbidden') return sendError(reply, 'forbidden', 'the viewer token can only read; reloading the plan needs the admin token');
    }
    const outcome = await options.reload();
    if (outcome.kind === 'invalid') return reply.code(400).send(invalidPlanBody(outcome.errors));
    return reply.code(200).send({ status: 'reloaded', version: outcome.version, metrics: outcome.metrics });
  });
}
