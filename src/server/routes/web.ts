/**
 * The dashboard: the single-page app built by `npm run build` into dist/web,
 * served at /app/ (and / redirects there). Files are read once into memory
 * with their gzip form; hashed assets are cached for good, the page itself is
 * revalidated, and every answer carries a strict Content-Security-Policy.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../errors.js';

/** dist/web from both src/server/routes (tests) and dist/server/routes (the built server). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface WebFile {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly cache: string;
}

/** How long a file may be cached: hashed assets forever, anything else revalidated. */
export function cacheControl(path: string): string {
  return path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Tells the page whether /api/ needs a token, so it can show the login screen without a refused request first. */
export function withTokenHint(html: string, tokenRequired: boolean): string {
  return html.replace('</head>', `  <meta name="launchwatch-token" content="${tokenRequired ? 'required' : 'none'}" />\n  </head>`);
}

/** Every file of the built app by its path under /app/, or undefined when the app is not built. */
export function loadWebFiles(root: string, tokenRequired = false): Map<string, WebFile> | undefined {
  if (!existsSync(join(root, 'index.html'))) return undefined;
  const files = new Map<string, WebFile>();
  for (const full of listFiles(root)) {
    const path = relative(root, full).split(sep).join('/');
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const body = path === 'index.html' ? Buffer.from(withTokenHint(readFileSync(full, 'utf8'), tokenRequired)) : readFileSync(full);
    const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
    files.set(path, { type, body, cache: cacheControl(path), ...(compressible ? { gzip: gzipSync(body, { level: 9 }) } : {}) });
  }
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile): FastifyReply {
  const gzip = file.gzip !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  reply
    .header('content-type', file.type)
    .header('cache-control', file.cache)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('vary', 'accept-encoding');
  if (gzip && file.gzip) return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}

export function webRoutes(app: FastifyInstance, options: { root?: string; tokenRequired: boolean }): void {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  let files: Map<string, WebFile> | undefined;
  // Read on first use, so a server started before `npm run build` finished still serves the app.
  const built = (): Map<string, WebFile> | undefined => (files ??= loadWebFiles(root, options.tokenRequired));

  app.get('/', async (_request, reply) => reply.redirect('/app/', 302));
  app.get('/app', async (_request, reply) => reply.redirect('/app/', 301));
  app.get<{ Params: { '*': string } }>('/app/*', async (request, reply) => {
    const all = built();
    if (!all) return sendError(reply, 'unavailable', 'the dashboard is not built: run npm run build');
    const path = request.params['*'] || 'index.html';
    const file = all.get(path);
    if (!file) return sendError(reply, 'not_found', `no file /app/${path}`);
    return send(request, reply, file);
  });
}
