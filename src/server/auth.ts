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

/** Who a request to /api/ speaks for: the admin, a viewer (reads only), or nobody known. */
export type Access = 'admin' | 'viewer' | 'none';

export interface ApiTokens {
  readonly admin: string;
  readonly viewer?: string;
}

/** Both tokens are always compared, so timing does not tell which one matched. */
export function accessOf(token: string | undefined, tokens: ApiTokens): Access {
  if (token === undefined) return 'none';
  const admin = sameSecret(token, tokens.admin);
  const viewer = tokens.viewer !== undefined && sameSecret(token, tokens.viewer);
  if (admin) return 'admin';
  return viewer ? 'viewer' : 'none';
}

/** What the API answers a request: go on, 401, or 403 for a viewer that tries to change something. */
export type Verdict = { readonly kind: 'allowed'; readonly access: 'admin' | 'viewer' } | { readonly kind: 'unauthorized' } | { readonly kind: 'forbidden' };

const READS = new Set(['GET', 'HEAD']);

export function authorize(method: string, access: Access): Verdict {
  if (access === 'none') return { kind: 'unauthorized' };
  if (access === 'viewer' && !READS.has(method.toUpperCase())) return { kind: 'forbidden' };
  return { kind: 'allowed', access };
}

/** Why a pair of tokens cannot be used, or undefined when it can. */
export function tokenProblem(tokens: { admin?: string; viewer?: string }): string | undefined {
  if (tokens.viewer === undefined) return undefined;
  if (tokens.admin === undefined) return 'LAUNCHWATCH_VIEWER_TOKEN needs LAUNCHWATCH_ADMIN_TOKEN: without an admin token /api/ is open to anyone';
  if (tokens.viewer === tokens.admin) return 'LAUNCHWATCH_VIEWER_TOKEN must differ from LAUNCHWATCH_ADMIN_TOKEN';
  return undefined;
}
