/**
 * SLOs end to end on a fake clock: events ingested over HTTP (through the group committer, so the
 * rollups hear of every commit), the figures of GET /api/v1/slos, and the moments the generated
 * page and ticket alerts fire and resolve.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const M = 60_000;
const D = 24 * 60 * M;
const T0 = Date.parse('2026-12-01T00:00:00Z');

const PLAN = (slo: string) => `
version: 1
product: { name: shop }
ingest: { keys: [ { name: web, key: "test-ingest-key-0123456789" } ] }
events:
  api_request: { route: string, status: number, region: string }
slos:
${slo}
`;

let t: TestApp | undefined;
let clock = T0;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(slo: string): Promise<TestApp> {
  clock = T0;
  t = await startTestApp({ plan: planFrom(PLAN(slo)), now: () => clock });
  return t;
}

/** `n` requests at `ts` (status 200 good, 503 bad), from `region`. */
async function ingest(app: TestApp, ts: number, n: number, status: number, region = 'us'): Promise<void> {
  const events = Array.from({ length: n }, () => ({ type: 'api_request', timestamp: ts, properties: { route: '/checkout', status, region } }));
  const answer = await app.post('/v1/events', JSON.stringify(events));
  expect(answer.status).toBe(200);
}

/** The clock at half past minute `m` (since T0); ticks the alert engine there. */
async function at(app: TestApp, m: number): Promise<void> {
  clock = T0 + m * M + 30_000;
  await app.app.committer.idle();
  await app.app.alerts.tick();
}

function state(app: TestApp, name: string, region?: string): string {
  const view = app.app.alerts.list().find((v) => v.alert.labels.alertname === name && (region === undefined || v.alert.labels.region === region));
  return view?.alert.state ?? 'none';
}

interface SloAnswer {
  id: string;
  sli: number | null;
  good: number;
  total: number;
  error_budget: { total: number; consumed: number; remaining: number | null };
  burn_rates: Record<string, number | null>;
  status: string;
  alerts: { name: string; firing: boolean; windows: { burning: boolean }[] }[];
  groups: { group: Record<string, string>; error_budget: { remaining: number | null }; status: string }[];
}

async function slos(app: TestApp): Promise<SloAnswer[]> {
  const answer = await app.get('/api/v1/slos');
  expect(answer.status).toBe(200);
  return (answer.json as { slos: SloAnswer[] }).slos;
}

const CHECKOUT = `
  checkout:
    objective: 99%
    window: 30d
    sli: { events: api_request, where: { route: /checkout }, good: { status: { lt: 500 } } }
    alerts: { page: { severity: P1 }, ticket: { severity: P3 } }
`;

describe('SLOs over ingested events', () => {
  it('reports the figures worked by hand, pages when both windows of a pair burn and resolves when neither pair does', async () => {
    const app = await start(CHECKOUT);
    // 19 300 good requests five days back, then 10 good a minute for an hour.
    for (let i = 0; i < 5; i++) await ingest(app, T0 - 5 * D, 3_860, 200);
    for (let m = 0; m < 60; m++) await ingest(app, T0 + m * M, 10, 200);
    await at(app, 59);
    expect(state(app, 'checkout_page')).not.toBe('firing');
    // Minute 60: 100 failures. 1 h (minutes 1..60): 100 bad of 690, 14.49 × the 1 % allowed; 5 m: 100 of 140.
    await ingest(app, T0 + 60 * M, 100, 503);
    await at(app, 60);
    expect(state(app, 'checkout_page')).toBe('firing');
    expect(state(app, 'checkout_ticket')).toBe('firing');
    const [checkout] = await slos(app);
    expect(checkout).toMatchObject({
      id: 'checkout',
      sli: 0.995,
      good: 19_900,
      total: 20_000,
      // 1 % of 20 000 allowed bad: 200; 100 spent; half remains.
      error_budget: { total: 200, consumed: 100, remaining: 0.5 },
      status: 'green',
      burn_rates: { '5m': 71.4285714286, '30m': 25.641025641, '1h': 14.4927536232, '2h': 14.2857142857, '6h': 14.2857142857, '1d': 14.2857142857, '3d': 14.2857142857 },
    });
    expect(checkout?.alerts.map((a) => [a.name, a.firing, a.windows.map((w) => w.burning)])).toEqual([
      ['checkout_page', true, [true, true]],
      ['checkout_ticket', true, [true, true]],
    ]);
    // Good traffic again. The 5 m window is clean from minute 65, but 6 h and 30 m burn until minute 60 leaves the 30 m window.
    for (let m = 61; m <= 90; m++) {
      await ingest(app, T0 + m * M, 10, 200);
      if (m % 5 !== 0 && m !== 89) continue;
      await at(app, m);
      if (m < 90) expect(state(app, 'checkout_page')).toBe('firing');
    }
    expect(state(app, 'checkout_page')).toBe('resolved');
    // The ticket's pairs (1 d with 2 h, 3 d with 6 h) still burn.
    expect(state(app, 'checkout_ticket')).toBe('firing');
  });

  it('reads again a minute it had kept when late events arrive for it', async () => {
    const app = await start(CHECKOUT);
    for (let m = 0; m <= 40; m++) await ingest(app, T0 + m * M, 10, 200);
    await at(app, 40);
    const before = await slos(app);
    expect([before[0]?.good, before[0]?.total, before[0]?.burn_rates['30m']]).toEqual([410, 410, 0]);
    // 50 failures stamped minute 35, long since kept as a closed minute: 30 m is now 50 bad of 350.
    await ingest(app, T0 + 35 * M, 50, 503);
    await at(app, 40);
    const after = await slos(app);
    expect([after[0]?.good, after[0]?.total, after[0]?.burn_rates['30m']]).toEqual([410, 460, 14.2857142857]);
    expect(state(app, 'checkout_page')).toBe('firing');
    const exposition = await (await fetch(`${app.url}/metrics`)).text();
    expect(exposition).toContain('launchwatch_slo_burn_rate{slo="checkout",window="30m"} 14.2857142857\n');
    expect(exposition).toContain('launchwatch_slo_sli{slo="checkout"} 0.891304347826\n');
    // 1 % of 460 allowed: 4.6; 50 spent.
    expect(exposition).toContain('launchwatch_slo_error_budget_remaining{slo="checkout"} -9.86956521739\n');
  });

  it('with by, gives each group its own budget and pages for the group that burns, labelled with it', async () => {
    const app = await start(`
  checkout:
    objective: 99%
    window: 30d
    sli: { events: api_request, good: { status: { lt: 500 } } }
    by: region
    alerts: { page: {} }
`);
    for (let m = 0; m < 60; m++) {
      await ingest(app, T0 + m * M, 10, 200, 'eu');
      await ingest(app, T0 + m * M, 10, 200, 'us');
    }
    await ingest(app, T0 + 60 * M, 100, 503, 'eu');
    await at(app, 60);
    expect(state(app, 'checkout_page', 'eu')).toBe('firing');
    expect(state(app, 'checkout_page', 'us')).not.toBe('firing');
    const eu = app.app.alerts.list().find((v) => v.alert.labels.region === 'eu');
    expect(eu?.alert.labels).toMatchObject({ alertname: 'checkout_page', slo: 'checkout', region: 'eu', severity: 'P1' });
    const [checkout] = await slos(app);
    // eu: 600 good of 700, 7 bad allowed, 100 spent: 1 − 100/7; us: untouched.
    expect(checkout?.groups.map((g) => [g.group, g.error_budget.remaining, g.status])).toEqual([
      [{ region: 'eu' }, -13.2857142857, 'red'],
      [{ region: 'us' }, 1, 'green'],
    ]);
  });

  it('answers a series of the remaining budget and the burn rates, and names a bad parameter with a 400', async () => {
    const app = await start(CHECKOUT);
    await ingest(app, T0 + 10 * M, 100, 200);
    await ingest(app, T0 + 20 * M, 1, 503);
    await at(app, 30);
    const series = await app.get(`/api/v1/slos/checkout/series?from=${T0}&to=${T0 + 30 * M}&step=10m`);
    expect(series.status).toBe(200);
    const points = (series.json as { points: { t: string; remaining: number | null; burn_rates: Record<string, number | null> }[] }).points;
    expect(points.map((p) => [p.t, p.remaining, p.burn_rates['5m']])).toEqual([
      ['2026-12-01T00:00:00.000Z', null, null],
      ['2026-12-01T00:10:00.000Z', 1, 0],
      // 1 bad of 101: 1.01 allowed, 1 spent.
      ['2026-12-01T00:20:00.000Z', 0.00990099009901, 100],
      ['2026-12-01T00:30:00.000Z', 0.00990099009901, null],
    ]);
    for (const [query, name] of [['step=1s', 'step'], ['from=yesterday', 'from'], [`from=${T0}&to=${T0 - 1}`, 'from'], ['step=1m&from=0', 'from']] as const) {
      const answer = await app.get(`/api/v1/slos/checkout/series?${query}`);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.json)).toContain(name);
    }
    expect((await app.get('/api/v1/slos/nope/series')).status).toBe(404);
  });
});
