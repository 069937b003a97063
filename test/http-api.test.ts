/** The metrics API against the real server: values, statuses, series, history, auth and errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEvaluation } from '../src/metrics/evaluate.js';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const NOW = Date.parse('2026-11-22T12:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan(), adminToken: ADMIN, now: () => NOW });
  const events = [];
  // 10 static generations, 9 successful (90 %), durations 10..100; 5 embedded, 3 successful (60 %).
  for (let i = 0; i < 10; i++) {
    events.push({ id: `s${i}`, type: 'command_generation', timestamp: NOW - (i + 1) * 60_000, user_id: `u${i % 4}`, session_id: `x${i % 3}`, properties: { backend: 'static', success: i !== 0, duration_ms: (i + 1) * 10 } });
  }
  for (let i = 0; i < 5; i++) {
    events.push({ id: `e${i}`, type: 'command_generation', timestamp: NOW - (i + 1) * 3_600_000, user_id: 'u9', session_id: 'x9', properties: { backend: 'embedded', success: i < 3, duration_ms: 1000 + i * 500 } });
  }
  for (let i = 0; i < 2; i++) events.push({ type: 'command_execution', timestamp: NOW - 1000, user_id: `u${i}`, properties: { success: true } });
  const answer = await t.post('/v1/events', JSON.stringify({ events }));
  expect(answer.json).toMatchObject({ accepted: events.length });
});
afterAll(async () => t.close());

describe('GET /api/v1/metrics', () => {
  it('requires the admin token when one is set, and /healthz does not', async () => {
    expect((await t.get('/api/v1/metrics')).status).toBe(401);
    // However the path is spelled: "/%61pi" routes to /api too.
    expect((await t.get('/%61pi/v1/status')).status).toBe(401);
    expect((await t.get('/%61pi/v1/metrics/awu/history')).status).toBe(401);
    expect((await t.get('/api/v1/metrics', 'wrong')).status).toBe(401);
    expect((await t.get('/healthz')).json).toMatchObject({ status: 'ok' });
  });

  it('shows every metric in plan order with its value, status and groups', async () => {
    const { status, json } = await t.get('/api/v1/metrics', ADMIN);
    expect(status).toBe(200);
    const evaluation = json as PlanEvaluation;
    expect(evaluation.evaluated_at).toBe('2026-11-22T12:00:00.000Z');
    expect(evaluation.metrics.map((m) => m.id)).toEqual(['awu', 'command_success_rate', 'generation_latency_p95', 'backend_usage', 'commands_per_session', 'mean_latency']);
    const byId = Object.fromEntries(evaluation.metrics.map((m) => [m.id, m]));

    expect(byId.awu).toMatchObject({ value: 2, status: 'yellow', window: '7d', target: { green: '>= 3', yellow: '>= 2' } });
    const rate = byId.command_success_rate;
    expect(rate?.value).toBeCloseTo(12 / 15, 12);
    expect(rate?.status).toBe('yellow');
    expect(rate?.groups).toEqual([
      expect.objectContaining({ group: { backend: 'static' }, value: 0.9, status: 'green', events: 10 }),
      expect.objectContaining({ group: { backend: 'embedded' }, value: 0.6, status: 'red', events: 5 }),
    ]);
    // Per-group latency targets: static p95 of 10..100 is 95.5 (green < 100); embedded p95 of 1000..3000 is 2900 (red: not < 2400).
    const latency = byId.generation_latency_p95;
    expect(latency?.groups.find((g) => g.group.backend === 'static')).toMatchObject({ value: 95.5, status: 'green' });
    expect(latency?.groups.find((g) => g.group.backend === 'embedded')).toMatchObject({ value: 2900, status: 'red' });
    expect(latency).toMatchObject({ status: 'red', reason: 'worst_group' });
    expect(byId.backend_usage).toMatchObject({ value: null, status: 'yellow' });
    expect(byId.backend_usage?.groups.find((g) => g.group.backend === 'static')?.value).toBeCloseTo(10 / 15, 12);
    expect(byId.mean_latency).toMatchObject({ status: 'unknown', reason: 'no_target' });
  });

  it('answers 404 for an unknown metric', async () => {
    const { status, json } = await t.get('/api/v1/metrics/nope', ADMIN);
    expect(status).toBe(404);
    expect(json).toEqual({ error: { code: 'not_found', message: 'no metric "nope" in the plan' } });
  });
});

describe('GET /api/v1/metrics/:id/series', () => {
  it('gives one value per bucket, aligned to the step, with groups', async () => {
    const from = new Date(NOW - 6 * 3_600_000).toISOString();
    const { status, json } = await t.get(`/api/v1/metrics/command_success_rate/series?from=${from}&step=1h`, ADMIN);
    expect(status).toBe(200);
    const series = json as { step_ms: number; points: { t: number; value: number | null }[]; groups: { group: { backend: string } }[] };
    expect(series.step_ms).toBe(3_600_000);
    expect(series.points.every((p) => p.t % 3_600_000 === 0)).toBe(true);
    // Buckets cover [from, to): the last is 11:00-12:00, holding the 10 static events (9 successful) and one successful embedded event at 11:00.
    expect(series.points).toHaveLength(6);
    expect(series.points.at(-1)?.t).toBe(NOW - 3_600_000);
    expect(series.points.at(-1)?.value).toBeCloseTo(10 / 11, 12);
    expect(series.groups.map((g) => g.group.backend).sort()).toEqual(['embedded', 'static']);
  });

  it('says exactly what is wrong with a bad range', async () => {
    const bad = async (query: string) => (await t.get(`/api/v1/metrics/awu/series?${query}`, ADMIN)).json;
    expect(await bad('step=soon')).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^step: "soon" is not a duration/) } });
    expect(await bad('from=yesterday')).toMatchObject({ error: { message: 'from: "yesterday" is not an ISO-8601 time with a time zone or epoch milliseconds' } });
    expect(await bad('from=2026-11-22T10:00:00')).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await bad('step=1s&from=0')).toMatchObject({ error: { message: expect.stringMatching(/more than 5000 buckets/) } });
    expect(await bad(`from=${NOW}&to=${NOW - 1}`)).toMatchObject({ error: { message: 'from must be before to' } });
  });
});

describe('GET /api/v1/metrics/:id/history', () => {
  it('returns the samples recorded by evaluations', async () => {
    await t.app.evaluateAndRecord();
    const { json } = await t.get('/api/v1/metrics/awu/history', ADMIN);
    const history = json as { samples: { t: number; value: number; status: string; group: object }[] };
    expect(history.samples).toEqual([{ t: NOW, group: {}, value: 2, status: 'yellow' }]);
  });

  it('keeps the newest samples when there are more than the limit', async () => {
    await t.app.evaluateAndRecord();
    const rate = (await t.get('/api/v1/metrics/command_success_rate/history?limit=2', ADMIN)).json as { truncated: boolean; samples: { group: object }[] };
    // One evaluation records the whole metric and its two groups: three samples.
    expect(rate.truncated).toBe(true);
    expect(rate.samples).toHaveLength(2);
    expect((await t.get('/api/v1/metrics/awu/history?limit=many', ADMIN)).status).toBe(400);
  });
});

describe('errors', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const { status, json } = await t.get('/nowhere');
    expect(status).toBe(404);
    expect(json).toMatchObject({ error: { code: 'not_found' } });
  });
});
