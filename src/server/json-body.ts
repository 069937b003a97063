/**
 * JSON bodies of the API routes (/api/, /-/reload): parsed with JSON.parse,
 * then refused when a key could change an object's prototype (`__proto__`,
 * or `constructor` holding `prototype`), naming the key and where it is, as
 * POST /v1/events names its fields. Fastify's own parser refuses these too,
 * but says only that the body is not valid JSON.
 */
import type { FastifyInstance } from 'fastify';
import { LaunchwatchError } from '../errors.js';

/** Where the first key that could change a prototype is (`body.matchers[0].__proto__`), or undefined. */
export function prototypeKey(value: unknown, path = 'body'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = prototypeKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const inner = record[key];
    if (key === '__proto__') return `${path}.${key}`;
    if (key === 'constructor' && typeof inner === 'object' && inner !== null && Object.hasOwn(inner, 'prototype')) return `${path}.constructor.prototype`;
    const found = prototypeKey(inner, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** The body as JSON, or a LaunchwatchError saying what is wrong with it. */
export function parseJsonRequestBody(text: string): unknown {
  if (text.trim() === '') throw new LaunchwatchError('invalid_body', 'body is empty; send JSON, or no Content-Type: application/json');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new LaunchwatchError('invalid_body', `body is not valid JSON${error instanceof SyntaxError ? `: ${error.message}` : ''}`);
  }
  // Only a body that spells one of the keys can hold it: most bodies are not walked.
  if (!text.includes('__proto__') && !text.includes('constructor')) return value;
  const key = prototypeKey(value);
  if (key) throw new LaunchwatchError('invalid_body', `${key}: this key is refused (it would change an object's prototype)`);
  return value;
}

/** Replaces the app's JSON parser (encapsulated scopes that set their own, as ingest does, keep theirs). */
export function installJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonRequestBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error: unknown) {
      done(error instanceof Error ? error : new Error(String(error)), undefined);
    }
  });
}
