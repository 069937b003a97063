/**
 * The fuzz suite: generated hostile query strings, path parameters, bodies,
 * content types and headers sent to every route of docs/api.md and the
 * Alertmanager API on the real server, each answer checked (hostile.ts's
 * problemOf): no 5xx, none slower than 2 s, every 400 naming a field or
 * parameter, no internals (stack, SQL, paths) in any body (a route slower by
 * nature has its budget, with the reason, in routes.ts); after each route
 * the server still answers /healthz. Bounded in runs and time per route, so
 * the whole suite stays well under a minute. FUZZ_SEED replays a run;
 * FUZZ_SCALE=10 hunts ten times longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_TYPES, hostileBody, hostileHeaders, hostileParam, hostileQuery, keysOf, nearTokens, problemOf, type Asked } from './hostile.js';
import { ROUTES, type RouteSpec } from './routes.js';
import { SECRETS, pathOf, startFuzzServer, type FuzzServer } from './server.js';

/** Runs per route and property; FUZZ_SCALE multiplies them (and the time limit) for a longer hunt. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = { query: 12 * SCALE, body: 16 * SCALE, headers: 5 * SCALE };
const TIME_LIMIT_MS = 3000 * SCALE;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const settings = (numRuns: number) => ({ numRuns, endOnFailure: true, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, ...(seed === undefined ? {} : { seed }) });

/** Stands for "the real target" among generated path parameters. */
const REAL = '\u0000real';

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(async () => server.close());

/** The secret that opens a route, so that generated requests reach its handler. */
function secretOf(spec: RouteSpec): string | undefined {
  if (spec.access === 'ingest') return SECRETS.ingest;
  if (spec.access === 'scrape') return SECRETS.scrape;
  return spec.access === 'public' ? undefined : SECRETS.admin;
}

const paramNames = (route: string): string[] => route.split('/').flatMap((part) => (part.startsWith(':') ? [part.slice(1)] : part === '*' ? ['*'] : []));

function paramsArbitrary(route: string): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(paramNames(route).map((name) => [name, hostileParam(REAL)])));
}

function pathWith(route: string, params: Record<string, string>, query = ''): string {
  const path = pathOf(route, server.targets, (name) => (params[name] === REAL ? undefined : params[name]));
  return query === '' ? path : `${path}?${query}`;
}

async function check(asked: Asked, sent: Parameters<FuzzServer['send']>[0]): Promise<void> {
  const answer = await server.send(sent);
  const problem = problemOf(asked, answer);
  if (problem) throw new Error(problem);
}

async function stillHealthy(): Promise<void> {
  const answer = await server.send({ method: 'GET', path: '/healthz' });
  expect(answer.status).toBe(200);
}

describe.each(Object.keys(ROUTES))('%s', (route) => {
  const spec = ROUTES[route] as RouteSpec;
  const method = route.slice(0, route.indexOf(' '));
  const secret = secretOf(spec);
  const auth: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
  const takesBody = method !== 'GET' && spec.body !== 'none';
  const budget = { ...(spec.budgetMs === undefined ? {} : { budgetMs: spec.budgetMs }), ...(spec.errors === 'page' ? { errorsAsPage: true } : {}) };

  it('answers generated query strings and path parameters', async () => {
    const heads = method === 'GET' ? fc.boolean() : fc.constant(false);
    await fc.assert(
      fc.asyncProperty(paramsArbitrary(route), hostileQuery(spec.query ?? []), heads, async (params, query, head) => {
        const path = pathWith(route, params, query.text);
        const sentMethod = head ? 'HEAD' : method;
        const body = takesBody ? (spec.body === 'events' ? '{"events":[]}' : spec.body === 'otlp' ? '{"resourceLogs":[]}' : '{}') : undefined;
        const headers = body === undefined ? auth : { ...auth, 'content-type': 'application/json' };
        await check({ route, method: sentMethod, path, names: [...query.keys, ...paramNames(route)], ...budget }, { method: sentMethod, path, headers, ...(body === undefined ? {} : { body }) });
      }),
      settings(RUNS.query),
    );
    await stillHealthy();
  });

  // Only the routes that read a body are sent generated ones (the others are not registered, rather than skipped).
  if (takesBody) it('answers generated bodies and content types', async () => {
    await fc.assert(
      fc.asyncProperty(paramsArbitrary(route), hostileBody, fc.constantFrom(...CONTENT_TYPES), async (params, body, contentType) => {
        const path = pathWith(route, params);
        await check({ route, method, path, names: [...keysOf(body), ...paramNames(route)], ...budget }, { method, path, headers: { ...auth, 'content-type': contentType }, body });
      }),
      settings(RUNS.body),
    );
    await stillHealthy();
  });

  it('answers generated headers and nearly right tokens', async () => {
    await fc.assert(
      fc.asyncProperty(hostileHeaders, nearTokens(secret ?? SECRETS.admin), async (headers, authorization) => {
        const path = pathWith(route, {});
        const sent = { ...headers, ...(authorization === '' ? {} : { authorization }) };
        const body = takesBody && headers['content-type'] !== undefined ? '{}' : undefined;
        await check({ route, method, path, names: Object.keys(headers), ...budget }, { method, path, headers: sent, ...(body === undefined ? {} : { body }) });
      }),
      settings(RUNS.headers),
    );
    await stillHealthy();
  });
});
