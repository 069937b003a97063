/**
 * POST /v1/events: a batch of events, as {"events": [...]}, a JSON array, or
 * NDJSON. Good events are kept even when others are bad; the answer comes
 * once the accepted events are durable. Large bodies are read, admitted and
 * encoded in a worker thread (src/ingest/admit-pool.ts), small ones here.
 */
import type { FastifyInstance } from 'fastify';
import { admitBody, type AdmittedBatch, type BodyAdmission, type BodyRequest } from '../../ingest/admit-body.js';
import type { AdmitPool } from '../../ingest/admit-pool.js';
import type { GroupCommitter } from '../../ingest/committer.js';
import type { Plan } from '../../plan/types.js';
import { countStoredRedactions, redactionSummary, type Redactions } from '../../privacy/redactions.js';
import { bearerToken, findIngestKey } from '../auth.js';
import { sendError } from '../errors.js';
import { liveBodyParser } from '../live-body.js';
import { IngestLimits } from './ingest-limits.js';
import type { IngestCounters } from '../../telemetry.js';

export interface IngestRouteOptions {
  readonly plan: () => Plan;
  readonly committer: GroupCommitter;
  readonly now: () => number;
  readonly counters: IngestCounters;
  /** The kill switch (src/privacy/service.ts): why ingest is refused, or undefined. */
  readonly paused?: () => string | undefined;
  /** The rate limiters, shared with POST /v1/logs (one budget per key). */
  readonly limits?: IngestLimits;
  /** Worker threads that admit large bodies off the request thread; without it, every body is admitted here. */
  readonly pool?: AdmitPool;
}

export interface IngestAnswer {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly index: number; readonly error: string }[];
  /** Undeclared properties and envelope fields that were dropped, by name. */
  readonly dropped?: Readonly<Record<string, number>>;
  /** Personal data and secrets replaced by markers in the stored events, by kind (src/privacy/scrub.ts). */
  readonly redacted?: Record<string, number>;
}

/** Bodies of at least this many bytes are admitted in the worker pool: below it, the trip there costs more than it saves. */
export const POOL_MIN_BODY = 32 * 1024;

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'];

/**
 * Commits a request's admitted events with the redactions they carried and
 * counts the request in launchwatch's own counters; resolves with how many
 * events were newly stored (the rest were duplicates).
 */
export async function commitRequest(
  options: Pick<IngestRouteOptions, 'committer' | 'counters'>,
  request: { readonly admitted: AdmittedBatch; readonly redactions: Redactions; readonly rejected: number; readonly dropped: number },
): Promise<{ readonly accepted: number; readonly duplicates: number }> {
  const { admitted, redactions } = request;
  const submitted = admitted.kind === 'encoded' ? options.committer.submitEncoded(admitted.batch) : options.committer.submit(admitted.events);
  const [{ stored }, redactionsStored] = await Promise.all([submitted, options.committer.submit(redactions.events)]);
  countStoredRedactions(redactions.events, redactionsStored.stored, options.counters.redactions);
  let accepted = 0;
  for (const kept of stored) if (kept) accepted++;
  const duplicates = stored.length - accepted;
  options.counters.accepted += accepted;
  options.counters.duplicates += duplicates;
  options.counters.rejectedEvents += request.rejected;
  options.counters.droppedProperties += request.dropped;
  return { accepted, duplicates };
}

export function ingestRoutes(app: FastifyInstance, options: IngestRouteOptions): void {
  const limits = options.limits ?? new IngestLimits();
  // The pool's workers hold the plan in force (a reload sends them the new one); a body is admitted under one plan, here or there.
  const admitted = (request: BodyRequest, plan: Plan): BodyAdmission | Promise<BodyAdmission> => {
    const encoding = options.committer.encoding();
    if (options.pool && encoding && request.body.byteLength >= POOL_MIN_BODY) return options.pool.admit(request);
    return admitBody(request, plan, encoding);
  };
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body limit is the live plan's ingest.max_body, read at each request (src/server/live-body.ts).
    scope.addContentTypeParser(['application/json', ...NDJSON_TYPES, 'text/plain'], liveBodyParser(() => options.plan().ingest.maxBodyBytes));
    scope.post('/v1/events', async (request, reply) => {
      const plan = options.plan();
      const key = findIngestKey(plan.ingest.keys, bearerToken(request));
      if (!key) {
        options.counters.rejectedRequests.unauthorized++;
        return sendError(reply, 'unauthorized', 'a valid ingest key is required: Authorization: Bearer <key>');
      }
      const paused = options.paused?.();
      if (paused !== undefined) {
        reply.header('retry-after', '600');
        return sendError(reply, 'unavailable', paused);
      }
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const now = options.now();
      const body = await admitted({ body: bytes, ndjson: NDJSON_TYPES.includes(contentType), now }, plan);
      if (body.kind === 'malformed') {
        options.counters.rejectedRequests.malformed++;
        return sendError(reply, 'invalid_body', body.error);
      }
      const rate = limits.check(plan, key.name, body.items, now);
      if (rate.kind === 'over_burst') return sendError(reply, 'payload_too_large', rate.message);
      if (rate.kind === 'limited') {
        options.counters.rejectedRequests.rateLimited++;
        reply.header('retry-after', String(rate.retryAfterSeconds));
        return sendError(reply, 'rate_limited', rate.message);
      }
      let dropped = 0;
      for (const name in body.dropped) dropped += body.dropped[name] ?? 0;
      const { accepted, duplicates } = await commitRequest(options, { admitted: body.admitted, redactions: body.redactions, rejected: body.rejected.length, dropped });
      const answer: IngestAnswer = {
        accepted,
        duplicates,
        rejected: body.rejected,
        ...(dropped > 0 ? { dropped: body.dropped } : {}),
        ...redactionSummary(body.redactions),
      };
      return reply.code(200).send(answer);
    });
  });
}
