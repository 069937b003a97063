/**
 * Probes across a plan reload, on the real app against HTTP servers on
 * loopback: a probe new in the plan starts running, one that left it stops
 * and is forgotten by the status page's state.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

let server: Server;
let port = 0;
const hits = { a: 0, b: 0 };
const waiters: (() => void)[] = [];
let t: TestApp;

/** Resolves once `probe` has been requested `count` times in all. */
function requested(probe: 'a' | 'b', count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => (hits[probe] >= count ? resolve() : void waiters.push(check));
    check();
  });
}

const planWith = (probes: readonly ('a' | 'b')[]) =>
  planFrom(`
version: 1
product: { name: probes }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
evaluation: { interval: 1h }
events: { visit: { page: string } }
probes:
${probes.map((p) => `  ${p}: { url: "http://127.0.0.1:${port}/${p}", interval: 1s, timeout: 1s }`).join('\n')}
`);

beforeAll(async () => {
  server = createServer((request, response) => {
    const probe = request.url === '/a' ? 'a' : 'b';
    hits[probe]++;
    for (const check of waiters.splice(0)) check();
    response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t = await startTestApp({ plan: planWith(['a']), scheduler: true });
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('probes after a plan reload', () => {
  it('start the probe that is new and stop the one that left the plan', async () => {
    await requested('a', 1);
    expect(await t.app.reload(planWith(['b']))).toMatchObject({ kind: 'reloaded' });
    await requested('b', 1);
    // A run of a in flight at the reload may still end; after it, a is never requested again.
    const a = hits.a;
    await requested('b', hits.b + 2);
    expect(hits.a).toBeLessThanOrEqual(a + 1);
    const settled = hits.a;
    await requested('b', hits.b + 2);
    expect(hits.a).toBe(settled);
    expect([...t.app.probes.state().keys()]).toEqual(['b']);
  });
});
