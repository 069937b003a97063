/**
 * The token check of every path under /api/, before the route, and the
 * answers to URLs Fastify's router refuses before any route (a malformed
 * percent escape, a path parameter over the length limit): the token first
 * there too, then a 400 in launchwatch's error body naming the path.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accessOf, authorize, bearerToken, type ApiTokens } from './auth.js';
import { sendError } from './errors.js';

/** Whether a request is under /api/ by its path, for requests no route matched; "/%61pi/" counts as "/api/". */
export function underApi(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: judged by the path as sent.
  }
  return decoded === '/api' || decoded.startsWith('/api/');
}

/**
 * Answers a request under /api/ that its token does not open (401, or 403 for the viewer's changes); undefined
 * when it may go on. The matched route decides, not the raw URL ("/%61pi/..." routes to /api/ too); a request no
 * route matches (an unknown path, or a method the path does not take) is judged by its path, so that nobody learns
 * the routes without a token.
 */
export function refuseWithoutToken(request: FastifyRequest, reply: FastifyReply, tokens: ApiTokens): FastifyReply | undefined {
  const route = request.routeOptions.url;
  if (!(route === undefined ? underApi(request.url) : route.startsWith('/api/'))) return undefined;
  // The on-call calendar feeds check their own per-feed token (routes/oncall-overrides.ts).
  if (route !== undefined && route.startsWith('/api/v1/oncall/') && route.endsWith('.ics') && request.method === 'GET') return undefined;
  const verdict = authorize(request.method, accessOf(bearerToken(request), tokens));
  if (verdict.kind === 'unauthorized') return sendError(reply, 'unauthorized', 'this endpoint requires the admin token: Authorization: Bearer <token>');
  if (verdict.kind === 'forbidden') return sendError(reply, 'forbidden', 'the viewer token can only read; this request needs the admin token');
  return undefined;
}

interface FrameworkError {
  readonly code?: string;
}

/** Fastify's frameworkErrors: the router refused the URL. */
export function answerFrameworkError(tokens: ApiTokens | undefined) {
  return (error: FrameworkError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (tokens) {
      const refused = refuseWithoutToken(request, reply, tokens);
      if (refused) return refused;
    }
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'path: a part of the path is longer than 100 characters'
        : 'path: not a valid URL (a % must start an escape of UTF-8, such as %20 or %C3%A9)';
    // The Alertmanager API answers its errors as a JSON string.
    if (underApi(request.url) && (request.url.split('?')[0] ?? '').includes('/v2/')) return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(message));
    return sendError(reply, 'invalid_request', message);
  };
}
