/**
 * What the dashboard relies on, against the real server: the viewer token
 * (reads only), GET /api/v1/session, GET /api/v1/overview, the live stream,
 * and the static app with its headers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-dashboard-0123';
const VIEWER = 'viewer-token-for-dashboard-0123';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const webRoot = mkdtempSync(join(tmpdir(), 'lw-webroot-'));
let t: TestApp;

beforeAll(async () => {
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>launchwatch</title><script type="module" src="/app/assets/main-1a2b.js"></script>');
  writeFileSync(join(webRoot, 'assets', 'main-1a2b.js'), `export const x = ${JSON.stringify('y'.repeat(4000))};\n`);
  t = await startTestApp({ plan: await fixturePlan(), adminToken: ADMIN, viewerToken: VIEWER, now: () => NOW, webRoot });
  const events = [];
  // Today: 4 of 5 successful; the day before: 1 of 5.
  for (let i = 0; i < 5; i++) events.push({ id: `now${i}`, type: 'command_generation', timestamp: NOW - (i + 1) * HOUR, properties: { backend: 'static', success: i !== 0, duration_ms: 10 } });
  for (let i = 0; i < 5; i++) events.push({ id: `old${i}`, type: 'command_generation', timestamp: NOW - 25 * HOUR - i * HOUR, properties: { backend: 'static', success: i === 0, duration_ms: 10 } });
  expect((await t.post('/v1/events', JSON.stringify({ events }))).json).toMatchObject({ accepted: 10 });
});
afterAll(async () => {
  await t.close();
  rmSync(webRoot, { recursive: true, force: true });
});

const call = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('the viewer token', () => {
  it('reads under /api/ and is refused 403 forbidden for any change', async () => {
    expect((await call('GET', '/api/v1/metrics', VIEWER)).status).toBe(200);
    expect((await call('GET', '/api/v1/alerts', VIEWER)).status).toBe(200);
    const ack = await call('POST', '/api/v1/alerts/0123456789abcdef/ack', VIEWER, { by: 'eve' });
    expect(ack.status).toBe(403);
    expect(await ack.json()).toEqual({ error: { code: 'forbidden', message: 'the viewer token can only read; this request needs the admin token' } });
    expect((await call('POST', '/api/v1/incidents', VIEWER, { title: 'x', severity: 'SEV3' })).status).toBe(403);
    expect((await call('DELETE', '/api/v2/silence/x', VIEWER)).status).toBe(403);
    // The admin token still acts: the same ack reaches the route (no such alert).
    expect((await call('POST', '/api/v1/alerts/0123456789abcdef/ack', ADMIN, { by: 'ana' })).status).toBe(404);
    expect((await call('GET', '/api/v1/metrics', 'wrong')).status).toBe(401);
  });
});

describe('GET /api/v1/session', () => {
  it('says what the token may do', async () => {
    expect(await (await call('GET', '/api/v1/session', VIEWER)).json()).toEqual({ product: 'testprod', access: 'viewer', token_required: true });
    expect(await (await call('GET', '/api/v1/session', ADMIN)).json()).toEqual({ product: 'testprod', access: 'admin', token_required: true });
    expect((await call('GET', '/api/v1/session')).status).toBe(401);
  });
});

describe('GET /api/v1/overview', () => {
  it('gives each metric the value of the window before and a sparkline of the current one', async () => {
    const json = (await (await call('GET', '/api/v1/overview', VIEWER)).json()) as {
      at: string;
      metrics: { id: string; previous: { from: string; to: string; value: number | null; status: string }; spark: { step_ms: number; points: { t: number; value: number | null }[] } }[];
    };
    expect(json.at).toBe('2026-11-22T12:00:00.000Z');
    const rate = json.metrics.find((m) => m.id === 'command_success_rate');
    expect(rate?.previous).toEqual({ from: '2026-11-20T12:00:00.000Z', to: '2026-11-21T12:00:00.000Z', value: 0.2, status: 'red' });
    expect(rate?.spark.step_ms).toBe(HOUR);
    expect(rate?.spark.points).toHaveLength(24);
    expect(rate?.spark.points.filter((p) => p.value !== null).map((p) => p.value)).toEqual([1, 1, 1, 1, 0]); // oldest first: the failure was the last hour
  });
});

describe('GET /api/v1/stream', () => {
  it('announces each evaluation to an open stream, and needs a token', async () => {
    expect((await call('GET', '/api/v1/stream')).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(`${t.url}/api/v1/stream`, { headers: { authorization: `Bearer ${VIEWER}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += chunk.value;
      }
    };
    await readUntil('event: ready');
    await t.app.evaluateAndRecord();
    await readUntil('event: evaluation');
    const data = /event: evaluation\ndata: (.*)\n/.exec(text)?.[1] ?? '';
    expect(JSON.parse(data)).toMatchObject({ evaluated_at: '2026-11-22T12:00:00.000Z', alerts: { firing: expect.any(Number), pending: expect.any(Number) } });
    controller.abort();
  });
});

describe('GET /api/v1/overview/metrics', () => {
  type Evaluation = { evaluated_at: string; metrics: { id: string; value: number | null }[] };
  const rate = async (path: string): Promise<number | null | undefined> => ((await (await call('GET', path, VIEWER)).json()) as Evaluation).metrics.find((m) => m.id === 'command_success_rate')?.value;

  it('serves the last published evaluation, while GET /api/v1/metrics reflects every event already accepted', async () => {
    await t.app.evaluateAndRecord();
    expect(await rate('/api/v1/overview/metrics')).toBe(0.8);
    const late = [{ id: 'late0', type: 'command_generation', timestamp: NOW - HOUR / 2, properties: { backend: 'static', success: true, duration_ms: 10 } }];
    expect((await t.post('/v1/events', JSON.stringify({ events: late }))).json).toMatchObject({ accepted: 1 });
    // Read-your-writes: answered 2xx, so counted: 5 of 6.
    expect(await rate('/api/v1/metrics')).toBeCloseTo(5 / 6, 10);
    // The overview may be one evaluation old: the event shows with the next one.
    expect(await rate('/api/v1/overview/metrics')).toBe(0.8);
    await t.app.evaluateAndRecord();
    expect(await rate('/api/v1/overview/metrics')).toBeCloseTo(5 / 6, 10);
    expect((await call('GET', '/api/v1/overview/metrics')).status).toBe(401);
  });
});

describe('the dashboard files', () => {
  it('redirects / to /app/ and serves the page with a strict policy and no cache', async () => {
    const root = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const page = await fetch(`${t.url}/app/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>launchwatch</title>');
  });
  it('serves hashed assets for good, gzipped when asked, and 404 for anything else', async () => {
    const asset = await fetch(`${t.url}/app/assets/main-1a2b.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toContain('yyyy');
    expect((await fetch(`${t.url}/app/assets/../../package.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/app/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    const missing = await fetch(`${t.url}/app/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
