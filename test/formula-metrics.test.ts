/**
 * Formula metrics over HTTP, on the real server and a real DuckDB file: GET
 * /api/v1/metrics computes `feature_users / active_users` from the two
 * metrics' values, group by group for metrics with the same `by`, judges it
 * against its percent target, has no value where a denominator is zero, and
 * charts it from its metrics' series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricResult, PlanEvaluation } from '../src/metrics/result.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const H = 3_600_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const PLAN = `
version: 1
product: { name: p }
ingest: { keys: [{ name: test, key: ${INGEST_KEY} }] }
events:
  session_start: { platform: { enum: [web, ios, android] } }
  feature_used: { platform: { enum: [web, ios, android] } }
metrics:
  active_users: { from: session_start, distinct: user_id, by: platform, window: 7d }
  feature_users: { from: feature_used, distinct: user_id, by: platform, window: 7d }
  feature_adoption:
    title: Feature adoption
    formula: "feature_users / active_users"
    target: { green: ">= 60%", yellow: ">= 30%" }
  adoption_gap: { formula: "(1 - feature_adoption) * 100" }
`;

let t: TestApp;

/** Users 0..9 start sessions (web: 0-5, ios: 6-9), 0..4 and 6 use the feature; nobody is on android. */
function events(): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 10; i++) {
    const platform = i < 6 ? 'web' : 'ios';
    out.push({ id: `s${i}`, type: 'session_start', timestamp: NOW - (i + 1) * H, user_id: `u${i}`, properties: { platform } });
    if (i < 5 || i === 6) out.push({ id: `f${i}`, type: 'feature_used', timestamp: NOW - (i + 1) * H + 60_000, user_id: `u${i}`, properties: { platform } });
  }
  out.push({ id: 'a0', type: 'feature_used', timestamp: NOW - H, user_id: 'u99', properties: { platform: 'android' } });
  return out;
}

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), now: () => NOW });
  expect((await t.post('/v1/events', JSON.stringify({ events: events() }))).status).toBe(200);
});
afterAll(async () => t?.close());

const find = (evaluation: PlanEvaluation, id: string): MetricResult | undefined => evaluation.metrics.find((m) => m.id === id);

describe('formula metrics over HTTP', () => {
  it('computes the formula from its metrics, the whole and each group, judged against its target', async () => {
    const { status, json } = await t.get('/api/v1/metrics');
    expect(status).toBe(200);
    const adoption = find(json as PlanEvaluation, 'feature_adoption');
    // 7 feature users (6 of the sessions' users and one android user) of 10 active users.
    expect(adoption).toMatchObject({ kind: 'formula', unit: 'percent', value: 0.7, status: 'green', target: { green: '>= 60%', yellow: '>= 30%' } });
    const groups = Object.fromEntries((adoption?.groups ?? []).map((g) => [String(g.group.platform), { value: g.value, status: g.status }]));
    // web: 5 of 6; ios: 1 of 4; android: 1 of no active users, no value.
    expect(groups).toEqual({
      web: { value: 5 / 6, status: 'green' },
      ios: { value: 0.25, status: 'red' },
      android: { value: null, status: 'unknown' },
    });
  });

  it('reads another formula', async () => {
    const gap = find((await t.get('/api/v1/metrics')).json as PlanEvaluation, 'adoption_gap');
    expect(gap?.value).toBeCloseTo(30, 10);
    expect(gap?.groups.find((g) => g.group.platform === 'ios')?.value).toBeCloseTo(75, 10);
  });

  it('charts it from its metrics’ series, bucket by bucket', async () => {
    const { status, json } = await t.get(`/api/v1/metrics/feature_adoption/series?from=${NOW - 4 * H}&to=${NOW}&step=2h`);
    expect(status).toBe(200);
    const answer = json as { points: { t: number; value: number | null }[] };
    // Bucket [now-4h, now-2h): users u2 (web, feature) and u3 (web, feature); [now-2h, now): u0, u1 (feature) and u99 (android feature only).
    expect(answer.points).toEqual([
      { t: NOW - 4 * H, value: 1 },
      { t: NOW - 2 * H, value: 1.5 },
    ]);
  });
});
