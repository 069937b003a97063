/**
 * POST /v1/logs: OTLP/HTTP log records, in protobuf or JSON, gzip-encoded or
 * not, authenticated with an ingest key. Each record is mapped to a declared
 * event (src/otlp/logs.ts) and goes through the same admission and group
 * commit as POST /v1/events; the answer is OTLP's ExportLogsServiceResponse,
 * with a partial success naming how many records were rejected and why.
 * Errors keep launchwatch's status codes but answer OTLP's google.rpc.Status
 * (src/otlp/status.ts), in the request's encoding. The rate limit is the one
 * of POST /v1/events, with the same budget per key.
 */
import { gunzipSync } from 'node:zlib';
import { DISK_FULL_MESSAGE, isDiskFull } from '../../store/disk-full.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, LaunchwatchError, type ErrorCode } from '../../errors.js';
import { eventOf, isLogsRequest, logRecordsOf } from '../../otlp/logs.js';
import { decodeLogsRequest, encodeLogsResponse } from '../../otlp/proto.js';
import { noteRejectedRecords } from '../../otlp/rejections.js';
import { statusBody } from '../../otlp/status.js';
import { RedactionBatch } from '../../privacy/redactions.js';
import type { AdmittedEvent } from '../../store/types.js';
import { bearerToken, findIngestKey } from '../auth.js';
import { bodyTooLarge, liveBodyParser } from '../live-body.js';
import { IngestLimits } from './ingest-limits.js';
import { admitFromClient } from '../../ingest/admit-body.js';
import { commitRequest, type IngestRouteOptions } from './ingest.js';

/** The same wiring as POST /v1/events: one admission, one group commit, one rate budget per key. */
export type OtlpRouteOptions = IngestRouteOptions;

const PROTOBUF = 'application/x-protobuf';
/** How many rejections the error message spells out. */
const SHOWN = 3;

type Body = { kind: 'ok'; request: unknown } | { kind: 'malformed'; error: string } | { kind: 'too_large' };

function readBody(buffer: Buffer, encoding: string, protobuf: boolean, limit: number): Body {
  let bytes = buffer;
  if (encoding === 'gzip') {
    try {
      bytes = gunzipSync(buffer, { maxOutputLength: limit });
    } catch (error: unknown) {
      if (error instanceof RangeError || (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE')) return { kind: 'too_large' };
      return { kind: 'malformed', error: 'Content-Encoding is gzip but the body is not gzip data' };
    }
  } else if (encoding !== '' && encoding !== 'identity') {
    return { kind: 'malformed', error: `Content-Encoding ${encoding} is not supported (gzip or none)` };
  }
  if (protobuf) return decodeLogsRequest(bytes);
  try {
    const request: unknown = JSON.parse(bytes.toString('utf8'));
    return isLogsRequest(request) ? { kind: 'ok', request } : { kind: 'malformed', error: 'the body is not an OTLP ExportLogsServiceRequest ({"resourceLogs": [...]})' };
  } catch {
    return { kind: 'malformed', error: 'the body is not valid JSON' };
  }
}

function answer(reply: FastifyReply, protobuf: boolean, rejected: { index: number; error: string }[]): FastifyReply {
  const partial =
    rejected.length === 0
      ? undefined
      : {
          rejectedLogRecords: rejected.length,
          errorMessage: `${rejected.length} log record(s) rejected: ${rejected
            .slice(0, SHOWN)
            .map((r) => `record ${r.index}: ${r.error}`)
            .join('; ')}${rejected.length > SHOWN ? '; …' : ''}`,
        };
  if (protobuf) return reply.code(200).type(PROTOBUF).send(Buffer.from(encodeLogsResponse(partial)));
  return reply.code(200).send(partial ? { partialSuccess: partial } : {});
}

/** Whether a request is protobuf, by its Content-Type; its answers then are too. */
const isProtobuf = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === PROTOBUF;

function sendStatus(reply: FastifyReply, protobuf: boolean, code: ErrorCode, message: string): FastifyReply {
  const { contentType, body } = statusBody(code, message, protobuf);
  return reply.code(ERROR_CODES[code].http).type(contentType).send(body);
}

/** Fastify's own failures in this scope (body too large, another Content-Type, a failed commit) as a google.rpc.Status. */
function statusOfError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const protobuf = isProtobuf(request);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendStatus(reply, protobuf, 'payload_too_large', 'request body is larger than the configured limit');
  if (error instanceof LaunchwatchError && error.code === 'payload_too_large') return sendStatus(reply, protobuf, 'payload_too_large', error.message);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendStatus(reply, protobuf, 'unsupported_media_type', `Content-Type must be ${PROTOBUF} or application/json`);
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return sendStatus(reply, protobuf, 'invalid_body', error.message);
  if (isDiskFull(error)) return sendStatus(reply, protobuf, 'insufficient_storage', DISK_FULL_MESSAGE);
  request.log.error({ err: error }, 'request failed');
  return sendStatus(reply, protobuf, 'internal', `internal error (request ${request.id})`);
}

export function otlpRoutes(app: FastifyInstance, options: OtlpRouteOptions): void {
  const limits = options.limits ?? new IngestLimits();
  app.register(async (scope) => {
    scope.setErrorHandler(statusOfError);
    scope.removeAllContentTypeParsers();
    // The body limit is the live plan's ingest.max_body, read at each request (src/server/live-body.ts).
    scope.addContentTypeParser(['application/json', PROTOBUF], liveBodyParser(() => options.plan().ingest.maxBodyBytes));
    scope.post('/v1/logs', async (request, reply) => {
      const plan = options.plan();
      const limit = plan.ingest.maxBodyBytes;
      const protobuf = isProtobuf(request);
      const key = findIngestKey(plan.ingest.keys, bearerToken(request));
      if (!key) {
        options.counters.rejectedRequests.unauthorized++;
        return sendStatus(reply, protobuf, 'unauthorized', 'a valid ingest key is required: Authorization: Bearer <key>');
      }
      const paused = options.paused?.();
      if (paused !== undefined) {
        reply.header('retry-after', '600');
        return sendStatus(reply, protobuf, 'unavailable', paused);
      }
      const encoding = String(request.headers['content-encoding'] ?? '').trim().toLowerCase();
      const body = readBody(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), encoding, protobuf, limit);
      if (body.kind === 'too_large') return sendStatus(reply, protobuf, 'payload_too_large', bodyTooLarge(limit, 'the uncompressed body').message);
      if (body.kind === 'malformed') {
        options.counters.rejectedRequests.malformed++;
        return sendStatus(reply, protobuf, 'invalid_body', body.error);
      }
      const now = options.now();
      const records = logRecordsOf(body.request);
      const rate = limits.check(plan, key.name, records.length, now, 'log records');
      if (rate.kind === 'over_burst') return sendStatus(reply, protobuf, 'payload_too_large', rate.message);
      if (rate.kind === 'limited') {
        options.counters.rejectedRequests.rateLimited++;
        reply.header('retry-after', String(rate.retryAfterSeconds));
        return sendStatus(reply, protobuf, 'rate_limited', rate.message);
      }
      const rejected: { index: number; error: string }[] = [];
      const admitted: AdmittedEvent[] = [];
      const redactions = new RedactionBatch(now);
      let dropped = 0;
      records.forEach((record, index) => {
        const mapped = eventOf(record, plan.otlp, now);
        const result = mapped.kind === 'event' ? admitFromClient(mapped.raw, plan, now) : mapped;
        if (result.kind === 'rejected') {
          rejected.push({ index, error: result.error });
          return;
        }
        admitted.push(result.event);
        dropped += result.dropped.length;
        if (result.redactions) redactions.add(result.event, result.redactions);
      });
      await commitRequest(options, { admitted: { kind: 'objects', events: admitted }, redactions: { events: redactions.events, byKind: redactions.counts() }, rejected: rejected.length, dropped });
      noteRejectedRecords(rejected, options.counters, request.log);
      return answer(reply, protobuf, rejected);
    });
  });
}
