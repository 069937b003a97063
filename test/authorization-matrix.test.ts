/**
 * The authorization matrix, from the route table (test/fuzz/routes.ts):
 * every route of the running server × no token, a wrong one, an ingest key,
 * the viewer token, the admin token and the scrape token, each answered as
 * the route's access says — 401 for a secret that does not open it, 403 for
 * the viewer on a change, and for the right secret neither (nor a 5xx). A
 * route the table lacks fails the test, so a new route says who may call it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, specOf, type Access } from './fuzz/routes.js';
import { SECRETS, pathOf, startFuzzServer, type FuzzServer } from './fuzz/server.js';

type Credential = 'none' | 'wrong' | 'ingest' | 'viewer' | 'admin' | 'scrape';
const CREDENTIALS: readonly Credential[] = ['none', 'wrong', 'ingest', 'viewer', 'admin', 'scrape'];

/** What each access answers each credential: 401, 403, or `served` (neither, and no 5xx). */
const EXPECTED: Record<Access, Record<Credential, 401 | 403 | 'served'>> = {
  public: { none: 'served', wrong: 'served', ingest: 'served', viewer: 'served', admin: 'served', scrape: 'served' },
  ingest: { none: 401, wrong: 401, ingest: 'served', viewer: 401, admin: 401, scrape: 401 },
  scrape: { none: 401, wrong: 401, ingest: 401, viewer: 401, admin: 401, scrape: 'served' },
  read: { none: 401, wrong: 401, ingest: 401, viewer: 'served', admin: 'served', scrape: 401 },
  admin: { none: 401, wrong: 401, ingest: 401, viewer: 403, admin: 'served', scrape: 401 },
};

const token = (credential: Credential): string | undefined =>
  credential === 'none' ? undefined : credential === 'wrong' ? 'not-a-secret-0123456789abcdef' : SECRETS[credential];

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(async () => server.close());

describe('the authorization matrix', () => {
  it('has every route of the running server in the table, and no route the server lacks', () => {
    const missing = server.routes.filter((route) => specOf(route) === undefined);
    expect(missing, 'routes with no entry in test/fuzz/routes.ts: say who may call them').toEqual([]);
    const served = new Set(server.routes);
    expect(Object.keys(ROUTES).filter((route) => !served.has(route))).toEqual([]);
    expect(server.routes.length).toBeGreaterThan(100);
  });

  it('answers every route × credential as the table says', async () => {
    const wrong: string[] = [];
    // Changes last, so that a change (an expired silence, paused ingest) does not decide another route's answer.
    const routes = [...server.routes].sort((a, b) => Number(specOf(a)?.access === 'admin') - Number(specOf(b)?.access === 'admin'));
    for (const route of routes) {
      const spec = specOf(route);
      if (!spec) continue;
      const method = route.slice(0, route.indexOf(' '));
      const path = pathOf(route, server.targets);
      for (const credential of CREDENTIALS) {
        const secret = token(credential);
        const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
        let body: string | undefined;
        if (method === 'POST' && spec.body !== 'none') {
          headers['content-type'] = 'application/json';
          body = spec.body === 'events' ? '{"events":[]}' : spec.body === 'otlp' ? '{"resourceLogs":[]}' : '{}';
        }
        const answer = await server.send({ method, path, headers, ...(body !== undefined ? { body } : {}) });
        const expected = EXPECTED[spec.access][credential];
        const ok = expected === 'served' ? answer.status !== 401 && answer.status !== 403 && answer.status < 500 : answer.status === expected;
        if (!ok) wrong.push(`${route} with ${credential}: expected ${expected}, got ${answer.status} ${answer.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 401 without a valid token for the methods an /api/ path does not take, and for paths under /api/ that do not exist', async () => {
    const wrong: string[] = [];
    const byPath = new Map<string, Set<string>>();
    for (const route of server.routes) {
      const [method = '', path = ''] = route.split(' ');
      if (path.startsWith('/api/')) byPath.set(path, (byPath.get(path) ?? new Set()).add(method));
    }
    const asked: [string, string][] = [];
    for (const [path, methods] of byPath) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) if (!methods.has(method)) asked.push([method, pathOf(`${method} ${path}`, server.targets)]);
    }
    for (const path of ['/api/v1/no-such-route', '/api/v3/alerts', '/api/', '/api', '/%61pi/v1/nothing']) asked.push(['GET', path], ['POST', path]);
    for (const [method, path] of asked) {
      for (const credential of ['none', 'wrong', 'ingest', 'scrape'] as const) {
        const secret = token(credential);
        const answer = await server.send({ method, path, headers: secret ? { authorization: `Bearer ${secret}` } : {} });
        if (answer.status !== 401) wrong.push(`${method} ${path} with ${credential}: expected 401, got ${answer.status}`);
      }
      const admin = await server.send({ method, path, headers: { authorization: `Bearer ${SECRETS.admin}` } });
      if (admin.status !== 404) wrong.push(`${method} ${path} with admin: expected 404, got ${admin.status}`);
    }
    expect(asked.length).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
  });
});
