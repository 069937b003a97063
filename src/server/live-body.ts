/**
 * Reading an ingest body under the live plan's `ingest.max_body`. Fastify fixes
 * a parser's `bodyLimit` when the route is registered, so the ingest routes read
 * the body with this parser instead: the limit is asked of the plan in force at
 * each request, and a reload's new limit holds for the next request. A body
 * over it answers 413 `payload_too_large` naming the limit, refused from its
 * Content-Length before a byte is read, or as soon as what arrives passes it.
 */
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { LaunchwatchError } from '../errors.js';

const UNITS: readonly [number, string][] = [
  [1024 * 1024 * 1024, 'GB'],
  [1024 * 1024, 'MB'],
  [1024, 'KB'],
];

/** A byte count as the plan writes it: 5MB, 512KB, or bytes when it is no whole unit. */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes} bytes`;
}

export function bodyTooLarge(limit: number, what = 'request body'): LaunchwatchError {
  return new LaunchwatchError('payload_too_large', `${what} is larger than the configured limit (ingest.max_body: ${formatBytes(limit)})`);
}

type Done = (error: Error | null, body?: Buffer) => void;

/** A Fastify content-type parser (no `parseAs`) reading the body whole, up to `limit()` bytes. */
export function liveBodyParser(limit: () => number): (request: FastifyRequest, payload: Readable, done: Done) => void {
  return (request, payload, done) => {
    const max = limit();
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      payload.resume();
      done(bodyTooLarge(max));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | null, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      done(error, body);
    };
    payload.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        settle(bodyTooLarge(max));
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => settle(null, Buffer.concat(chunks, size)));
    payload.on('error', (error: Error) => settle(error));
  };
}
