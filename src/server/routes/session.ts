/**
 * GET /api/v1/session: what the caller's token may do, so the dashboard can
 * offer only the actions it will be allowed (the API enforces it anyway).
 */
import type { FastifyInstance } from 'fastify';
import { accessOf, bearerToken, type ApiTokens } from '../auth.js';

export interface SessionRouteOptions {
  /** Undefined when no admin token is set: /api/ is open and anyone acts as the admin. */
  readonly tokens?: ApiTokens;
  readonly product: () => string;
}

export function sessionRoutes(app: FastifyInstance, options: SessionRouteOptions): void {
  app.get('/api/v1/session', async (request) => {
    const tokens = options.tokens;
    // The auth hook has already refused anyone without a token when tokens are set.
    const access = tokens ? accessOf(bearerToken(request), tokens) : 'admin';
    return { product: options.product(), access, token_required: tokens !== undefined };
  });
}
