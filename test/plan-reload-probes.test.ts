/**
 * The scheduled parts across a plan reload, on the real app: a probe new in
 * the plan starts running against an HTTP server on loopback, one that left
 * it stops and is forgotten by the status page's state; a digest new in the
 * plan has its schedule started at once, not at the runner's next wake-up.
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

const planWith = (probes: readonly ('a' | 'b')[], reports = '') =>
  planFrom(`
version: 1
product: { name: probes }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
evaluation: { interval: 1h }
events: { visit: { page: string } }
channels: { hook: { type: webhook, url: "http://127.0.0.1:${port}/digest" } }
probes:
${probes.map((p) => `  ${p}: { url: "http://127.0.0.1:${port}/${p}", interval: 1s, timeout: 1s }`).join('\n')}
${reports}`);

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

  it('start the schedule of a digest that is new in the plan', async () => {
    expect(await t.app.stores.digests.lastDigestRun('weekly')).toBeUndefined();
    expect(await t.app.reload(planWith(['b'], 'reports:\n  weekly: { cron: "0 9 * * MON", channels: [hook] }\n'))).toMatchObject({ kind: 'reloaded' });
    // The runner slept up to an hour with no digest in the plan; the reload wakes it, and it records the schedule's start.
    for (let run = await t.app.stores.digests.lastDigestRun('weekly'); run === undefined; run = await t.app.stores.digests.lastDigestRun('weekly')) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await t.app.stores.digests.lastDigestRun('weekly')).toMatchObject({ kind: 'initialised' });
  });
});
