/**
 * POST /v1/events: a batch of events, as {"events": [...]}, a JSON array, or
 * NDJSON. Good events are kept even when others are bad; the answer comes
 * once the accepted events are durable.
 */
import type { FastifyInstance } from 'fastify';
import { admit, type Admission } from '../../ingest/admit.js';
import { parseJsonBody, parseNdjsonBody } from '../../ingest/body.js';
import type { GroupCommitter } from '../../ingest/committer.js';
import type { Plan } from '../../plan/types.js';
import { RedactionBatch } from '../../privacy/redactions.js';
import type { AdmittedEvent } from '../../store/types.js';
import { bearerToken, findIngestKey } from '../auth.js';
import { sendError } from '../errors.js';
import { IngestLimits } from './ingest-limits.js';
import { rawType, serverWrittenRefusal } from '../../plan/server-written.js';
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
}

export interface IngestAnswer {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: { readonly index: number; readonly error: string }[];
  /** Undeclared properties and envelope fields that were dropped, by name. */
  readonly dropped?: Record<string, number>;
  /** Personal data and secrets replaced by markers in the stored events, by kind (src/privacy/scrub.ts). */
  readonly redacted?: Record<string, number>;
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines'];

/** One event as a client sent it: refused when launchwatch itself writes its type, else admitted against the plan. */
export function admitFromClient(raw: unknown, plan: Plan, now: number): Admission {
  const refused = serverWrittenRefusal(plan, rawType(raw));
  return refused === undefined ? admit(raw, plan, now) : { kind: 'rejected', error: refused };
}

/**
 * Commits a request's admitted events with the redactions they carried and
 * counts the request in launchwatch's own counters; resolves with how many
 * events were newly stored (the rest were duplicates).
 */
export async function commitRequest(
  options: Pick<IngestRouteOptions, 'committer' | 'counters'>,
  request: { readonly admitted: readonly AdmittedEvent[]; readonly redactions: RedactionBatch; readonly rejected: number; readonly dropped: number },
): Promise<number> {
  const { admitted, redactions } = request;
  const [{ stored }, redactionsStored] = await Promise.all([options.committer.submit(admitted), options.committer.submit(redactions.events)]);
  redactions.countStored(redactionsStored.stored, options.counters.redactions);
  const accepted = stored.filter(Boolean).length;
  options.counters.accepted += accepted;
  options.counters.duplicates += admitted.length - accepted;
  options.counters.rejectedEvents += request.rejected;
  options.counters.droppedProperties += request.dropped;
  return accepted;
}

export function ingestRoutes(app: FastifyInstance, options: IngestRouteOptions): void {
  const bodyLimit = options.plan().ingest.maxBodyBytes;
  const limits = options.limits ?? new IngestLimits();
  const limiterFor = (plan: Plan) => limits.limiterFor(plan);
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', ...NDJSON_TYPES, 'text/plain'], { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));
    scope.post('/v1/events', { bodyLimit }, async (request, reply) => {
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
      const text = typeof request.body === 'string' ? request.body : '';
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const parsed = NDJSON_TYPES.includes(contentType) ? parseNdjsonBody(text) : parseJsonBody(text);
      if (parsed.kind === 'malformed') {
        options.counters.rejectedRequests.malformed++;
        return sendError(reply, 'invalid_body', parsed.error);
      }
      const now = options.now();
      const limiter = limiterFor(plan);
      if (limiter) {
        const decision = limiter.take(key.name, parsed.items.length, now);
        if (decision.kind === 'over_burst') {
          return sendError(reply, 'payload_too_large', `${parsed.items.length} events in one request is more than the rate limit's burst of ${decision.burst}; send smaller batches`);
        }
        if (decision.kind === 'limited') {
          options.counters.rejectedRequests.rateLimited++;
          reply.header('retry-after', String(Math.ceil(decision.retryAfterMs / 1000)));
          return sendError(reply, 'rate_limited', `ingest key "${key.name}" is over its rate limit of ${plan.ingest.rateLimit?.eventsPerSecond} events/s; retry after the Retry-After header's seconds`);
        }
      }
      const rejected: { index: number; error: string }[] = [];
      const dropped: Record<string, number> = {};
      const admitted: AdmittedEvent[] = [];
      const redactions = new RedactionBatch(now);
      parsed.items.forEach((item, index) => {
        if (item.kind === 'unreadable') {
          rejected.push({ index, error: item.error });
          return;
        }
        const result = admitFromClient(item.value, plan, now);
        if (result.kind === 'rejected') {
          rejected.push({ index, error: result.error });
          return;
        }
        admitted.push(result.event);
        for (const name of result.dropped) dropped[name] = (dropped[name] ?? 0) + 1;
        if (result.redactions) redactions.add(result.event, result.redactions);
      });
      const accepted = await commitRequest(options, {
        admitted,
        redactions,
        rejected: rejected.length,
        dropped: Object.values(dropped).reduce((a, b) => a + b, 0),
      });
      const answer: IngestAnswer = {
        accepted,
        duplicates: admitted.length - accepted,
        rejected,
        ...(Object.keys(dropped).length ? { dropped } : {}),
        ...redactions.summary(),
      };
      return reply.code(200).send(answer);
    });
  });
}
