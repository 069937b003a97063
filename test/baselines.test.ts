/**
 * Baselines against the real app (a real DuckDB file): the plan's baselines
 * (measured once their range has passed, pending before), taking and setting
 * baselines over HTTP, regressions against them, and a regression() alert
 * rule firing in the real alert engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaselineJson, ComparisonJson } from '../src/baselines/json.js';
import { planFrom } from './helpers/plan.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const LAUNCH_FROM = NOW - 7 * D;
const LAUNCH_TO = NOW - 5 * D;
let t: TestApp;

const plan = planFrom(`
version: 1
product: { name: baselines }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
events:
  gen: { backend: { enum: [static, embedded] }, ok: boolean, ms: number }
metrics:
  success: { from: gen, ratio: { ok: true }, window: 1d, target: { green: ">= 80%" } }
  p95: { from: gen, quantile: { of: ms, q: 0.95 }, by: backend, window: 1d, targets: [ { group: { backend: static }, green: "< 200" }, { group: { backend: embedded }, green: "< 2000" } ] }
  total: { from: gen, count: true, window: 1d }
  open_incidents: { incidents: { figure: open }, window: 1d, target: { green: "< 1" } }
baselines:
  launch: { from: "${new Date(LAUNCH_FROM).toISOString()}", to: "${new Date(LAUNCH_TO).toISOString()}" }
  next_week: { from: "${new Date(NOW - D).toISOString()}", to: "${new Date(NOW + 6 * D).toISOString()}" }
  test_suite: { source: test suite, values: { success: 94.8% } }
alerts:
  - { name: latency_regression, when: "regression(p95, baseline: launch) > 20%", severity: P2 }
  - { name: success_below_suite, when: "regression(success, baseline: test_suite) > 10%", severity: P3 }
`);

const admin = { authorization: `Bearer ${ADMIN}` };
const post = (path: string, body: unknown) => t.post(path, JSON.stringify(body), admin);
const get = (path: string) => t.get(path, ADMIN);

beforeAll(async () => {
  t = await startTestApp({ plan, adminToken: ADMIN, now: () => NOW });
  // Launch week: static 100 ms, embedded 1000 ms, 90 % success. The last day: static 150 ms (+50 %), embedded 1100 ms (+10 %), 80 % success.
  const events = [];
  for (let i = 0; i < 20; i++) {
    events.push({ type: 'gen', timestamp: LAUNCH_FROM + i * H, properties: { backend: 'static', ok: i % 10 !== 0, ms: 100 } });
    events.push({ type: 'gen', timestamp: LAUNCH_FROM + i * H + 1, properties: { backend: 'embedded', ok: i % 10 !== 5, ms: 1000 } });
    events.push({ type: 'gen', timestamp: NOW - (i + 1) * 60_000, properties: { backend: 'static', ok: i % 5 !== 0, ms: 150 } });
    events.push({ type: 'gen', timestamp: NOW - (i + 1) * 60_000 - 1, properties: { backend: 'embedded', ok: i % 5 !== 1, ms: 1100 } });
  }
  const answer = await t.post('/v1/events', JSON.stringify({ events }));
  expect(answer.json).toMatchObject({ accepted: events.length });
});
afterAll(async () => t.close());

describe('GET /api/v1/baselines', () => {
  it("lists the plan's baselines: a past range measured (with groups), a future one pending, values from the plan", async () => {
    const { status, json } = await get('/api/v1/baselines');
    expect(status).toBe(200);
    const baselines = (json as { baselines: BaselineJson[] }).baselines;
    expect(baselines.map((b) => [b.name, b.status, b.source])).toEqual([
      ['launch', 'taken', 'measured'],
      ['next_week', 'pending', 'measured'],
      ['test_suite', 'plan', 'test suite'],
    ]);
    const launch = baselines[0];
    expect(launch?.range).toEqual({ from: new Date(LAUNCH_FROM).toISOString(), to: new Date(LAUNCH_TO).toISOString() });
    expect(launch?.values.success).toEqual({ value: 0.9, events: 40, groups: [] });
    expect(launch?.values.total).toEqual({ value: 40, events: 40, groups: [] });
    // A metric not computed from events has no value in a measured baseline.
    expect(launch?.values.open_incidents).toEqual({ value: null, events: 0, groups: [] });
    expect(launch?.values.p95?.groups).toEqual(
      expect.arrayContaining([
        { group: { backend: 'static' }, value: 100 },
        { group: { backend: 'embedded' }, value: 1000 },
      ]),
    );
    expect(baselines[2]?.values).toEqual({ success: { value: 0.948, events: null, groups: [] } });
    expect((await get('/api/v1/baselines/launch')).json).toMatchObject({ baseline: { name: 'launch', status: 'taken' } });
    expect((await get('/api/v1/baselines/next_week')).json).toMatchObject({ baseline: { status: 'pending', values: {} } });
    expect((await get('/api/v1/baselines/nope')).json).toEqual({ error: { code: 'not_found', message: 'no baseline "nope"' } });
  });

  it('requires the admin token', async () => {
    expect((await t.get('/api/v1/baselines')).status).toBe(401);
    expect((await t.get('/api/v1/regressions')).status).toBe(401);
  });
});

describe('POST /api/v1/baselines', () => {
  it('takes a baseline from a time range that has ended (both ends included)', async () => {
    // The first 4 hours of launch week hold 5 static events (at 0..4 h) and 4 embedded ones (1 ms after 0..3 h).
    const { status, json } = await post('/api/v1/baselines', { name: 'launch-day', from: new Date(LAUNCH_FROM).toISOString(), to: LAUNCH_FROM + 4 * H });
    expect(status).toBe(201);
    expect((json as { baseline: BaselineJson }).baseline).toMatchObject({ name: 'launch-day', status: 'taken', source: 'measured', values: { total: { value: 9 } } });
  });

  it('sets values by hand from a test suite, adding to the same baseline', async () => {
    expect(await post('/api/v1/baselines', { name: 'beta', values: { success: '94.8%' }, source: 'test suite' })).toMatchObject({ status: 201 });
    const { json } = await post('/api/v1/baselines', { name: 'beta', values: { total: 35 }, source: 'test suite' });
    expect((json as { baseline: BaselineJson }).baseline).toEqual({
      name: 'beta',
      status: 'taken',
      source: 'test suite',
      range: null,
      taken_at: new Date(NOW).toISOString(),
      values: { success: { value: 0.948, events: null, groups: [] }, total: { value: 35, events: null, groups: [] } },
    });
    expect(((await get('/api/v1/baselines')).json as { baselines: BaselineJson[] }).baselines.map((b) => b.name)).toEqual(['beta', 'launch', 'launch-day', 'next_week', 'test_suite']);
  });

  it('refuses what cannot be a baseline, naming the field', async () => {
    const error = async (body: unknown) => (await post('/api/v1/baselines', body)).json as { error: { code: string; message: string } };
    expect(await error({ name: 'launch', values: { total: 1 } })).toEqual({ error: { code: 'conflict', message: 'baseline "launch" is declared in the plan; change it there, or use another name' } });
    expect((await error({ name: 'x', from: LAUNCH_FROM, to: LAUNCH_TO, values: { total: 1 } })).error.message).toMatch(/^body: give from and to .* or values .*, not both$/);
    expect((await error({ name: 'x' })).error.code).toBe('invalid_request');
    expect((await error({ name: 'x', from: LAUNCH_FROM })).error.message).toBe('body to: a time range needs both from and to');
    expect((await error({ name: 'x', from: NOW - H, to: NOW + H })).error.message).toMatch(/^body to: the range must have ended/);
    expect((await error({ name: 'x', from: LAUNCH_TO, to: LAUNCH_FROM })).error.message).toBe('body to: must be after from');
    expect((await error({ name: 'x', values: { nope: 1 } })).error.message).toMatch(/^body values\.nope: no metric "nope" in the plan/);
    expect((await error({ name: 'x', values: { total: 'lots' } })).error.message).toMatch(/^body values\.total: expected a number or a percentage/);
    expect((await error({ name: 'Bad Name', values: { total: 1 } })).error.message).toMatch(/^body name: a baseline name is/);
    expect((await get('/api/v1/baselines/x')).status).toBe(404);
  });
});

describe('regressions', () => {
  it('GET /api/v1/regressions compares the current values with each baseline, regressions (> 20 %) first', async () => {
    const { json } = await get('/api/v1/regressions?baseline=launch');
    const answer = json as { threshold: number; regressions: number; comparisons: ComparisonJson[] };
    expect(answer.threshold).toBe(0.2);
    expect(answer.regressions).toBe(1);
    expect(answer.comparisons[0]).toMatchObject({ baseline: 'launch', metric: 'p95', group: { backend: 'static' }, better: 'lower', baseline_value: 100, current: 150, regressed: true });
    expect(answer.comparisons[0]?.degradation).toBeCloseTo(0.5, 12);
    const success = answer.comparisons.find((c) => c.metric === 'success');
    expect(success).toMatchObject({ better: 'higher', baseline_value: 0.9, current: 0.8, regressed: false });
    // Against launch, more than 5 % worse: static +50 %, embedded +10 %, the whole p95 +10 %, success 11 % lower.
    expect(((await get('/api/v1/regressions?baseline=launch&threshold=5%')).json as { regressions: number }).regressions).toBe(4);
    expect((await get('/api/v1/regressions?baseline=nope')).status).toBe(404);
    expect((await get('/api/v1/regressions?threshold=0.2')).json).toMatchObject({ error: { message: 'query threshold: expected a percentage such as 20%' } });
  });

  it('a regression() alert rule fires in the alert engine for the group that regressed, and against a hand-entered baseline', async () => {
    await t.app.alerts.tick();
    const { json } = await get('/api/v1/alerts');
    const alerts = (json as { alerts: { rule: string; state: string; value: number; labels: Record<string, string> }[] }).alerts;
    const latency = alerts.filter((a) => a.rule === 'latency_regression');
    expect(latency.map((a) => [a.labels.backend, a.state])).toEqual(expect.arrayContaining([['static', 'firing']]));
    expect(latency.find((a) => a.labels.backend === 'embedded')?.state ?? 'inactive').not.toBe('firing');
    expect(latency.find((a) => a.labels.backend === 'static')?.value).toBeCloseTo(0.5, 12);
    // 80 % against the test suite's 94.8 %: 15.6 % worse, more than 10 %.
    const suite = alerts.find((a) => a.rule === 'success_below_suite');
    expect(suite).toMatchObject({ state: 'firing', labels: { severity: 'P3' } });
    expect(suite?.value).toBeCloseTo((0.948 - 0.8) / 0.948, 12);
  });
});

describe('metrics not computed from events', () => {
  it('are "not testable" in a release impact, beside the event metrics', async () => {
    expect((await post('/api/v1/releases', { version: '2.0.0', at: NOW - D })).status).toBe(201);
    const { status, json } = await get('/api/v1/releases/2.0.0/impact?window=12h');
    expect(status).toBe(200);
    const metrics = (json as { metrics: { metric: string; verdict: string; reason: string }[] }).metrics;
    expect(metrics.find((m) => m.metric === 'open_incidents')).toMatchObject({ verdict: 'not_testable', reason: 'not testable: this metric is not computed from events' });
    expect(metrics.map((m) => m.metric)).toEqual(['success', 'p95', 'total', 'open_incidents']);
  });
});
