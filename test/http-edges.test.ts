/**
 * The edges of the API on the real server: the token checked before the
 * route for every path under /api/, keys that would change a prototype
 * refused by name, and numbers out of range answered 400 with the range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-edges-0123456789';
const VIEWER = 'viewer-token-for-edges-012345678';
const NOW = Date.parse('2026-11-22T12:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan(), adminToken: ADMIN, viewerToken: VIEWER, now: () => NOW });
});
afterAll(async () => t.close());

async function call(method: string, path: string, token?: string, body?: string): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('the token is checked before the route under /api/', () => {
  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['GET', '/api/'],
    ['GET', '/api'],
    ['GET', '/api/v3/alerts'],
    ['GET', '/%61pi/v9/x'],
    ['OPTIONS', '/api/v1/metrics'],
    ['PUT', '/api/v1/metrics'],
    ['PATCH', '/api/v1/incidents'],
    ['DELETE', '/api/v1/releases'],
    ['DELETE', '/api/v2/silences'],
  ])('%s %s without a token is 401', async (method, path) => {
    const { status, json } = await call(method, path);
    expect(status).toBe(401);
    if (!path.startsWith('/api/v2/')) expect(json).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('answers 404 for an unknown path or method with the admin token, 403 for a change with the viewer token', async () => {
    expect(await call('GET', '/api/v1/nothing-here', ADMIN)).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect((await call('PUT', '/api/v1/metrics', ADMIN)).status).toBe(404);
    expect((await call('GET', '/api/v1/nothing-here', VIEWER)).status).toBe(404);
    expect((await call('PUT', '/api/v1/metrics', VIEWER)).status).toBe(403);
  });

  it('leaves paths outside /api/ as they were', async () => {
    expect((await call('GET', '/nothing-here')).status).toBe(404);
    expect((await call('GET', '/apis/v1')).status).toBe(404);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });
});

describe('URLs the router refuses', () => {
  it.each(['/api/v1/incidents/%zz', '/api/v1/incidents/%ff/ack', `/api/v1/incidents/${'a'.repeat(101)}`])('%s is 401 without a token, then a 400 naming the path', async (path) => {
    const method = path.endsWith('/ack') ? 'POST' : 'GET';
    expect((await call(method, path)).status).toBe(401);
    const { status, json } = await call(method, path, ADMIN);
    expect(status).toBe(400);
    expect(json).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/^path: /) } });
  });

  it('answers the Alertmanager API as Alertmanager does, and a bad URL outside /api/ in our error body', async () => {
    expect(await call('GET', '/api/v2/silence/%zz', ADMIN)).toEqual({ status: 400, json: expect.stringMatching(/^path: not a valid URL/) });
    expect(await call('GET', '/app/%zz')).toEqual({ status: 400, json: { error: { code: 'invalid_request', message: expect.stringMatching(/^path: /) } } });
  });
});

describe('keys that would change a prototype', () => {
  it.each([
    ['/api/v1/releases', '{"version":"1.0.0","__proto__":{"admin":true}}', 'body.__proto__'],
    ['/api/v1/incidents', '{"title":"x","severity":"SEV2","components":{"constructor":{"prototype":{"x":1}}}}', 'body.components.constructor.prototype'],
    ['/api/v1/baselines', '[{"a":[{"__proto__":null}]}]', 'body[0].a[0].__proto__'],
  ])('POST %s names the key', async (path, body, key) => {
    const { status, json } = await call('POST', path, ADMIN, body);
    expect(status).toBe(400);
    expect(json).toEqual({ error: { code: 'invalid_body', message: `${key}: this key is refused (it would change an object's prototype)` } });
  });

  it('names it on the Alertmanager API too, as Alertmanager answers errors', async () => {
    const { status, json } = await call('POST', '/api/v2/silences', ADMIN, '{"matchers":[{"name":"a","value":"b","__proto__":{}}]}');
    expect(status).toBe(400);
    expect(json).toBe("body.matchers[0].__proto__: this key is refused (it would change an object's prototype)");
  });

  it('still takes a "constructor" key that is not a prototype, and says what is wrong with JSON that is not', async () => {
    expect((await call('POST', '/api/v1/releases', ADMIN, '{"version":"1.0.1","notes":"constructor"}')).status).toBe(201);
    expect(await call('POST', '/api/v1/releases', ADMIN, '{"version":')).toMatchObject({ status: 400, json: { error: { code: 'invalid_body', message: expect.stringMatching(/^body is not valid JSON: /) } } });
    expect(await call('POST', '/api/v1/releases', ADMIN, '')).toMatchObject({ status: 400, json: { error: { code: 'invalid_body' } } });
  });
});

describe('numbers out of range are a 400 naming the parameter and the range', () => {
  const TIME_RANGE = /out of range; a time is from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59\.999Z/;
  it.each([
    ['/api/v1/metrics/awu/series?step=999999999999w', /^step: out of range; must be from 1s to 365d$/],
    ['/api/v1/metrics/awu/series?to=99999999999999999999999', /^to: /],
    ['/api/v1/metrics/awu/history?to=99999999999999999999999', /^to: /],
    ['/api/v1/metrics/awu/history?to=8640000000000001', /^to: /],
    ['/api/v1/metrics/awu/history?from=0000-01-01T00:00:00Z', /^from: /],
    ['/api/v1/alerts/history?from=99999999999999999999999', /^query from: /],
    ['/api/v1/alerts/history?to=99999999999999999999999', /^query to: /],
  ])('GET %s', async (path, message) => {
    const { status, json } = await call('GET', path, ADMIN);
    expect(status).toBe(400);
    const text = (json as { error: { message: string } }).error.message;
    expect(text).toMatch(message);
    if (!path.includes('step=')) expect(text).toMatch(TIME_RANGE);
  });

  it('GET /api/v1/incidents/stats?window=999999999999w', async () => {
    expect(await call('GET', '/api/v1/incidents/stats?window=999999999999w', ADMIN)).toEqual({
      status: 400,
      json: { error: { code: 'invalid_request', message: 'query window: out of range; must be from 1ms to 3650d' } },
    });
  });

  it.each(['1.7976931348623157e308', '123456789012345678901234567890', '"+275760-09-13T00:00:00Z"'])('POST /api/v1/releases with at %s', async (at) => {
    const { status, json } = await call('POST', '/api/v1/releases', ADMIN, `{"version":"2.0.0","at":${at}}`);
    expect(status).toBe(400);
    expect((json as { error: { message: string } }).error.message).toMatch(/^body at: /);
  });

  it.each(['/api/v1/reports/monthly?month=0000-01', '/api/v1/reports/weekly?week=0000-W01', '/api/v1/reports/weekly?week=1970-W02'])('GET %s', async (path) => {
    const key = path.includes('month=') ? 'month' : 'week';
    expect(await call('GET', path, ADMIN)).toEqual({ status: 400, json: { error: { code: 'invalid_request', message: `${key}: out of range; a report covers a ${key} from 1971 to 9999` } } });
  });

  it('POST /api/v1/baselines with a range end out of range', async () => {
    const { status, json } = await call('POST', '/api/v1/baselines', ADMIN, '{"name":"b","from":1700000000000,"to":1e300}');
    expect(status).toBe(400);
    expect((json as { error: { message: string } }).error.message).toMatch(/^body to: out of range/);
  });
});
