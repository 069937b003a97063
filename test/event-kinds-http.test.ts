/**
 * The event metric kinds of the richer metric language on the real server
 * over loopback: events posted to /v1/events give a funnel, a share of
 * distinct users, an NPS, a max and a min, a distinct count with having and a
 * ratio with any: in GET /api/v1/metrics, with their status against the
 * targets, and in the series and /metrics like every metric.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
let t: TestApp;

interface GroupJson {
  group: Record<string, string | number | boolean | null>;
  value: number | null;
  status: string;
  conversion_from_first?: number | null;
  conversion_from_previous?: number | null;
}
interface MetricJson {
  id: string;
  kind: string;
  unit: string;
  value: number | null;
  status: string;
  events: number;
  groups: GroupJson[];
}

const at = (minutes: number) => new Date(T0 - minutes * M).toISOString();
const event = (type: string, user: string, minutesAgo: number, properties: Record<string, unknown> = {}) => ({ type, user_id: user, timestamp: at(minutesAgo), properties });

beforeAll(async () => {
  const plan = planFrom(`
version: 1
product: { name: kinds }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
events:
  signup: {}
  checkout: {}
  payment: { success: boolean, amount: number }
  session_start: { platform: { enum: [ios, android] } }
  survey_answer: { score: number }
  command_generation: { success: boolean, error_category: { type: string, optional: true } }
metrics:
  signup_to_paid:
    funnel:
      steps:
        - { event: signup }
        - { event: checkout }
        - { event: payment, where: { success: true } }
      within: 1d
    window: 30d
    target: { green: ">= 50%", yellow: ">= 20%" }
  platform_users: { from: session_start, share: platform, distinct: user_id, window: 7d }
  nps: { from: survey_answer, nps: score, window: 30d, target: { green: ">= 40", yellow: ">= 0" } }
  max_amount: { from: payment, max: amount, window: 1h }
  min_amount: { from: payment, min: amount, window: 1h }
  power_users: { from: command_generation, distinct: user_id, having: { count: "> 2" }, window: 7d }
  safe_outcomes: { from: command_generation, ratio: { any: [ { success: true }, { error_category: unsafe_command } ] }, window: 24h }
`);
  t = await startTestApp({ plan, now: () => T0 });
  const events = [
    // Funnel: u1 pays, u2 stops at checkout, u3 only signs up, u4's payment failed.
    event('signup', 'u1', 50), event('checkout', 'u1', 40), event('payment', 'u1', 30, { success: true, amount: 30 }),
    event('signup', 'u2', 50), event('checkout', 'u2', 45),
    event('signup', 'u3', 50),
    event('signup', 'u4', 50), event('checkout', 'u4', 45), event('payment', 'u4', 20, { success: false, amount: 5 }),
    // Platforms: u1 on both, u2 three sessions on ios, u3 on android.
    event('session_start', 'u1', 10, { platform: 'ios' }), event('session_start', 'u1', 9, { platform: 'android' }),
    ...[1, 2, 3].map((i) => event('session_start', 'u2', i, { platform: 'ios' })),
    event('session_start', 'u3', 5, { platform: 'android' }),
    // Scores: two promoters, one passive, one detractor: (2 - 1) / 4 = 25 points.
    ...[10, 9, 8, 3].map((score, i) => event('survey_answer', `s${i}`, 10, { score })),
    // u1 generates four times, u2 twice: one power user; outcomes kept: 3 successes + 1 unsafe of 6.
    ...[true, true, true, false].map((success, i) => event('command_generation', 'u1', i + 1, { success, error_category: success ? null : 'unsafe_command' })),
    ...[false, false].map((success, i) => event('command_generation', 'u2', i + 1, { success, error_category: 'timeout' })),
  ];
  const answer = await t.post('/v1/events', JSON.stringify(events));
  expect(answer.status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

async function metrics(): Promise<Map<string, MetricJson>> {
  const { status, json } = await t.get('/api/v1/metrics');
  expect(status).toBe(200);
  return new Map((json as { metrics: MetricJson[] }).metrics.map((m) => [m.id, m]));
}

describe('event metric kinds over HTTP', () => {
  it('funnel: the conversion judged against its target, one group per step with its users and conversions', async () => {
    const funnel = (await metrics()).get('signup_to_paid');
    expect(funnel).toMatchObject({ kind: 'funnel', unit: 'percent', value: 0.25, status: 'yellow', events: 4 });
    expect(funnel?.groups).toEqual([
      { group: { step: '1 signup' }, value: 4, status: 'unknown', events: 4, target: null, conversion_from_first: 1, conversion_from_previous: null },
      { group: { step: '2 checkout' }, value: 3, status: 'unknown', events: 3, target: null, conversion_from_first: 0.75, conversion_from_previous: 0.75 },
      { group: { step: '3 payment' }, value: 1, status: 'unknown', events: 1, target: null, conversion_from_first: 0.25, conversion_from_previous: 1 / 3 },
    ]);
    const { status, json } = await t.get(`/api/v1/metrics/signup_to_paid/series?from=${T0 - 60 * M}&to=${T0}&step=1h`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ points: [{ value: 0.25 }] });
  });

  it('share with distinct: each platform as a share of the distinct users, not of the sessions', async () => {
    const share = (await metrics()).get('platform_users');
    expect(share?.groups.map((g) => [g.group.platform, g.value]).sort()).toEqual([
      ['android', 2 / 3],
      ['ios', 2 / 3],
    ]);
  });

  it('nps: promoters minus detractors in points, judged against its target', async () => {
    expect((await metrics()).get('nps')).toMatchObject({ kind: 'nps', value: 25, status: 'yellow', events: 4 });
  });

  it('max and min of a number property', async () => {
    const m = await metrics();
    expect(m.get('max_amount')).toMatchObject({ kind: 'max', value: 30 });
    expect(m.get('min_amount')).toMatchObject({ kind: 'min', value: 5 });
  });

  it('having: only the users with more than N events', async () => {
    expect((await metrics()).get('power_users')).toMatchObject({ kind: 'distinct', unit: 'count', value: 1, events: 6 });
  });

  it('any: an OR of filter lists in a ratio, and every kind in /metrics', async () => {
    expect((await metrics()).get('safe_outcomes')?.value).toBeCloseTo(4 / 6, 12);
    const response = await fetch(`${t.url}/metrics`);
    const text = await response.text();
    for (const id of ['signup_to_paid', 'nps', 'max_amount', 'power_users', 'safe_outcomes']) expect(text).toContain(id);
  });
});
