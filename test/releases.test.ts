/** Releases and their impact over HTTP against the real app (a real DuckDB file), and the impact of a release measured on real events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImpactJson } from '../src/releases/json.js';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const H = 3_600_000;
const RELEASE_AT = Date.parse('2026-11-20T12:00:00Z');
const NOW = RELEASE_AT + 50 * H;
let t: TestApp;

const admin = { authorization: `Bearer ${ADMIN}` };
const post = (path: string, body: unknown) => t.post(path, JSON.stringify(body), admin);
const get = (path: string) => t.get(path, ADMIN);

beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan(), adminToken: ADMIN, now: () => NOW });
  // 100 static generations in the 48 h before the release (60 % succeed) and 100 after (85 %), latencies 40 ms lower after.
  const events = [];
  for (let i = 0; i < 100; i++) {
    const ms = (i * 37) % 200;
    events.push({ id: `b${i}`, type: 'command_generation', timestamp: RELEASE_AT - 1 - i * 60_000, user_id: `u${i % 5}`, session_id: `s${i % 20}`, properties: { backend: 'static', success: i < 60, duration_ms: 100 + ms } });
    events.push({ id: `a${i}`, type: 'command_generation', timestamp: RELEASE_AT + i * 60_000, user_id: `u${i % 5}`, session_id: `t${i % 20}`, properties: { backend: 'static', success: i < 85, duration_ms: 60 + ms } });
  }
  // Outside both windows: ignored.
  events.push({ id: 'old', type: 'command_generation', timestamp: RELEASE_AT - 49 * H, properties: { backend: 'static', success: false, duration_ms: 99_999 } });
  const answer = await t.post('/v1/events', JSON.stringify({ events }));
  expect(answer.json).toMatchObject({ accepted: events.length });
});
afterAll(async () => t.close());

describe('POST and GET /api/v1/releases', () => {
  it('marks a release (time defaulting to now) and lists releases oldest first, as the dashboard draws them', async () => {
    expect(await post('/api/v1/releases', { version: '1.1.0', at: '2026-11-20T12:00:00Z', notes: 'static matcher cache' })).toEqual({
      status: 201,
      json: { release: { version: '1.1.0', at: '2026-11-20T12:00:00.000Z', notes: 'static matcher cache' } },
    });
    expect((await post('/api/v1/releases', { version: '1.1.1' })).json).toEqual({ release: { version: '1.1.1', at: new Date(NOW).toISOString(), notes: null } });
    expect((await post('/api/v1/releases', { version: '1.0.0', at: RELEASE_AT - 72 * H })).status).toBe(201);
    expect(await get('/api/v1/releases')).toEqual({
      status: 200,
      json: {
        releases: [
          { version: '1.0.0', at: '2026-11-17T12:00:00.000Z', notes: null },
          { version: '1.1.0', at: '2026-11-20T12:00:00.000Z', notes: 'static matcher cache' },
          { version: '1.1.1', at: '2026-11-22T14:00:00.000Z', notes: null },
        ],
      },
    });
    expect((await get('/api/v1/releases/1.1.0')).json).toMatchObject({ release: { version: '1.1.0' } });
  });

  it('refuses a version marked before (409), and says when it was marked', async () => {
    const again = await post('/api/v1/releases', { version: '1.1.0', at: '2026-11-21T00:00:00Z' });
    expect(again).toEqual({ status: 409, json: { error: { code: 'conflict', message: 'release 1.1.0 is already marked at 2026-11-20T12:00:00.000Z; a version is marked once' } } });
  });

  it('refuses bad bodies with the field named', async () => {
    expect((await post('/api/v1/releases', { version: 'a b' })).json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^body version: a version is/) } });
    expect((await post('/api/v1/releases', { version: '2.0.0', at: 'yesterday' })).json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^body at: "yesterday" is not ISO-8601/) } });
    expect((await post('/api/v1/releases', { version: '2.0.0', at: '2030-01-01T00:00:00Z' })).json).toMatchObject({ error: { message: expect.stringMatching(/is in the future/) } });
    expect((await post('/api/v1/releases', { version: '2.0.0', colour: 'red' })).json).toMatchObject({ error: { code: 'invalid_request', message: 'body colour: unknown field' } });
    expect((await get('/api/v1/releases')).json).not.toMatchObject({ releases: expect.arrayContaining([expect.objectContaining({ version: '2.0.0' })]) });
  });

  it('requires the admin token', async () => {
    expect((await t.get('/api/v1/releases')).status).toBe(401);
    expect((await t.post('/api/v1/releases', JSON.stringify({ version: '3.0.0' }))).status).toBe(401);
    expect((await t.get('/api/v1/releases/1.1.0/impact')).status).toBe(401);
  });
});

describe('GET /api/v1/releases/:version/impact', () => {
  it('compares every plan metric 48 h before and after, with the test, p-value and verdict', async () => {
    const { status, json } = await get('/api/v1/releases/1.1.0/impact');
    expect(status).toBe(200);
    const impact = json as ImpactJson;
    expect(impact.window).toEqual({
      ms: 48 * H,
      before: { from: '2026-11-18T12:00:00.000Z', to: '2026-11-20T11:59:59.999Z' },
      after: { from: '2026-11-20T12:00:00.000Z', to: '2026-11-22T11:59:59.999Z' },
      complete: true,
    });
    expect(impact.metrics.map((m) => m.metric)).toEqual(['awu', 'command_success_rate', 'generation_latency_p95', 'backend_usage', 'commands_per_session', 'mean_latency']);
    const by = Object.fromEntries(impact.metrics.map((m) => [m.metric, m]));

    // 60/100 against 85/100: z = 3.959, p = 7.525e-5 (two-proportion z-test, pooled).
    const rate = by.command_success_rate;
    expect(rate).toMatchObject({ before: 0.6, after: 0.85, events_before: 100, events_after: 100, better: 'higher', significant: true, verdict: 'improved' });
    expect(rate?.change).toBeCloseTo(0.25, 12);
    expect(rate?.test?.name).toBe('two_proportion_z');
    expect(rate?.test?.z).toBeCloseTo(3.959037912324479, 9);
    expect(rate?.test?.p_value).toBeCloseTo(7.525229170296329e-5, 12);
    // Per group (all static here): the same test, at the Bonferroni level for one group.
    expect(rate?.groups).toEqual([expect.objectContaining({ group: { backend: 'static' }, before: 0.6, after: 0.85, verdict: 'improved', better: 'higher' })]);

    // Latencies 40 ms lower: Mann-Whitney U = 3186.5 (of the after sample, as scipy counts it), p = 9.428e-6.
    const p95 = by.generation_latency_p95;
    expect(p95).toMatchObject({ better: 'lower', verdict: 'improved', significant: true });
    expect(p95?.before).toBeCloseTo(290.05, 9);
    expect(p95?.after).toBeCloseTo(250.05, 9);
    expect(p95?.test).toMatchObject({ name: 'mann_whitney_u', statistic: 3186.5, n_before: 100, n_after: 100, sampled: false });
    expect(p95?.test?.p_value).toBeCloseTo(9.428161593848933e-6, 12);

    // Without a target, the same shift is "changed"; counts are not testable but show their change.
    expect(by.mean_latency).toMatchObject({ before: 199.5, after: 159.5, verdict: 'changed', better: 'none' });
    expect(by.awu).toMatchObject({ before: 0, after: 0, verdict: 'not_testable', test: null });
    expect(by.commands_per_session).toMatchObject({ before: 5, after: 5, verdict: 'not_testable' });
    expect(by.backend_usage).toMatchObject({ before: null, verdict: 'not_testable' });
    // A share is tested per group: static was every event before and after.
    expect(by.backend_usage?.groups).toEqual([expect.objectContaining({ group: { backend: 'static' }, before: 1, after: 1, verdict: 'no_measurable_change', better: 'higher' })]);
    expect(p95?.groups).toEqual([]);

    expect(impact.counts).toMatchObject({ improved: 2, regressed: 0, changed: 1, not_testable: 3 });
    expect(impact.recommendation).toBe('keep');
  });

  it('takes a window, says when the after window is still open, and reports no data honestly', async () => {
    const open = (await get('/api/v1/releases/1.1.1/impact?window=24h')).json as ImpactJson;
    expect(open.window.complete).toBe(false);
    expect(open.recommendation).toBe('too_early');
    const rate = open.metrics.find((m) => m.metric === 'command_success_rate');
    expect(rate).toMatchObject({ after: null, verdict: 'insufficient_data', reason: 'no value before or after the release' });
  });

  it('answers 404 for an unknown release and 400 for a bad window', async () => {
    expect((await get('/api/v1/releases/9.9.9/impact')).json).toMatchObject({ error: { code: 'not_found', message: expect.stringMatching(/^no release "9.9.9"/) } });
    expect((await get('/api/v1/releases/1.1.0/impact?window=soon')).json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^query window: "soon" is not a duration/) } });
    expect((await get('/api/v1/releases/1.1.0/impact?window=365d')).status).toBe(400);
    expect((await get('/api/v1/releases/1.1.0/impact?windw=1h')).json).toMatchObject({ error: { message: 'query windw: unknown field' } });
  });
});
