/**
 * One place maps every failure to the wire: a LaunchwatchError keeps its code
 * and message; Fastify's own errors get ours; anything else is `internal`,
 * logged with the request id and never echoed.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CODES, LaunchwatchError, type ErrorCode } from '../errors.js';
import { DISK_FULL_MESSAGE, isDiskFull } from '../store/disk-full.js';

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { error: { code, message } };
  return reply.code(ERROR_CODES[code].http).send(body);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_body',
  FST_ERR_VALIDATION: 'invalid_request',
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof LaunchwatchError) return sendError(reply, error.code, error.message);
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      const message = mapped === 'payload_too_large' ? 'request body is larger than the configured limit' : error.message;
      return sendError(reply, mapped, message);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'invalid_request', error.message);
    }
    if (isDiskFull(error)) {
      request.log.error({ reason: error.message.split('\n')[0] }, 'disk full: a request could not be stored');
      return sendError(reply, 'insufficient_storage', DISK_FULL_MESSAGE);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 'internal', `internal error (request ${request.id})`);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 'not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
}
