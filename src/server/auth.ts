/**
 * Bearer tokens, compared in constant time. Tokens are hashed first so the
 * comparison does not leak their length either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { IngestKey } from '../plan/types.js';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The ingest key a token belongs to; every key is compared so timing does not tell which matched. */
export function findIngestKey(keys: readonly IngestKey[], token: string | undefined): IngestKey | undefined {
  if (token === undefined) return undefined;
  let found: IngestKey | undefined;
  for (const key of keys) if (sameSecret(token, key.key) && !found) found = key;
  return found;
}
