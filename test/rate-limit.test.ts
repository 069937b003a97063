/** ingest.rate_limit over HTTP: 429 with Retry-After once a key's bucket is empty; other keys unaffected. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFrom } from './helpers/plan.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  const plan = planFrom(`
version: 1
product: { name: limited }
ingest:
  keys: [ { name: cli, key: "${INGEST_KEY}" }, { name: web, key: other-key-0123456789 } ]
  rate_limit: { events_per_second: 1, burst: 5 }
events:
  ping: { n: number }
`);
  t = await startTestApp({ plan });
});
afterAll(async () => t.close());

const pings = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ type: 'ping', timestamp: Date.now(), properties: { n: i } })));

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After when a key is over its limit, and keeps other keys going', async () => {
    expect((await t.post('/v1/events', pings(5))).json).toMatchObject({ accepted: 5 });
    const limited = await fetch(`${t.url}/v1/events`, { method: 'POST', body: pings(2), headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('"cli" is over its rate limit of 1 events/s') } });
    expect((await t.post('/v1/events', pings(3), { authorization: 'Bearer other-key-0123456789' })).json).toMatchObject({ accepted: 3 });
  });

  it('refuses one request larger than the burst with 413', async () => {
    const { status, json } = await t.post('/v1/events', pings(6), { authorization: 'Bearer other-key-0123456789' });
    expect(status).toBe(413);
    expect(json).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringContaining('burst of 5') } });
  });
});
