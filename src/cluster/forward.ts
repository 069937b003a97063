/**
 * On a replica that does not lead, every change made through the API goes to
 * the leader: the alert engine, incident automation and the outbox live
 * there, and one writer keeps their read-change-write steps whole. So a
 * follower passes a POST, PUT, PATCH or DELETE under /api/ (the Alertmanager
 * API's too) to the leader as it came, after checking the token itself, and
 * answers with the leader's answer. Reads, ingest (/v1/...) and /-/reload,
 * which reloads this replica's own plan file, stay on the replica.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../server/errors.js';

export interface ForwardOptions {
  /** Whether this replica leads now (then nothing is forwarded). */
  readonly leading: () => boolean;
  /** The leader's URL from the lease, or undefined during an election. */
  readonly leaderUrl: () => Promise<string | undefined>;
  /** How long the leader may take to answer (default 15 s). */
  readonly timeoutMs?: number;
}

/** Marks a forwarded request, so that a replica that has just stopped leading answers 503 instead of forwarding it on. */
export const FORWARDED_HEADER = 'x-launchwatch-forwarded';
/** The request headers the leader needs; the rest (hop-by-hop, host) stay behind. */
const PASSED_HEADERS = ['authorization', 'content-type', 'accept', 'user-agent'] as const;
/** A bound on a forwarded body: the largest any /api/ route takes. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request changes something through the API (and so belongs to the leader). */
export function isApiWrite(method: string, url: string): boolean {
  if (READS.has(method)) return false;
  const path = url.split('?')[0] ?? '';
  return path.startsWith('/api/');
}

/** The onRequest hook a follower runs: forwards API writes to the leader. */
export function forwardWrites(options: ForwardOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async (request, reply) => {
    if (!isApiWrite(request.method, request.url) || options.leading()) return undefined;
    if (request.headers[FORWARDED_HEADER] !== undefined) {
      return sendError(reply, 'unavailable', 'this replica has just stopped leading; retry, and the new leader will answer');
    }
    const leader = await options.leaderUrl();
    if (leader === undefined) return sendError(reply, 'unavailable', 'no replica leads at the moment (an election is under way); retry in a few seconds');
    const body = await readBody(request.raw);
    if (body === undefined) return sendError(reply, 'payload_too_large', `the request body is over ${MAX_BODY_BYTES} bytes`);
    const headers: Record<string, string> = { [FORWARDED_HEADER]: '1' };
    for (const name of PASSED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let response: Response;
    try {
      response = await fetch(new URL(request.url, leader), {
        method: request.method,
        headers,
        ...(body.length > 0 ? { body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      return sendError(reply, 'unavailable', 'the leader did not answer; retry in a few seconds');
    }
    const answer = Buffer.from(await response.arrayBuffer());
    reply.code(response.status);
    const type = response.headers.get('content-type');
    if (type) reply.header('content-type', type);
    return reply.send(answer);
  };
}

/** The raw body, or undefined when it is over the bound. */
async function readBody(raw: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
