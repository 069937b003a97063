/**
 * Reports and criteria over HTTP, against the real app on loopback and a
 * real DuckDB file: a week of events against the week before, the weekly
 * report in its three formats, the monthly report, the criteria and the GA
 * decision turning NO_GO when a SEV1 is declared; errors and the admin token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const ADMIN = 'admin-token-0123456789abcdef';
const NOW = Date.parse('2026-11-25T12:00:00Z'); // Wednesday of 2026-W48
const H = 3_600_000;

const PLAN = `
version: 1
product: { name: testprod }
ingest: { keys: [ { name: cli, key: test-ingest-key-0123456789 } ] }
events:
  gen: { success: boolean, ms: number }
metrics:
  success_rate: { title: Success rate, from: gen, ratio: { success: true }, window: 24h, target: { green: ">= 80%" } }
  users: { title: Weekly users, from: gen, distinct: user_id, window: 7d, target: { green: ">= 3" } }
  p95: { title: Latency p95, from: gen, quantile: { of: ms, q: 0.95 }, window: 24h, unit: ms, target: { green: "< 500" } }
reports:
  summary: [users, success_rate]
success_criteria:
  window: 7d
  must: [ "success_rate >= 75%", "incidents(SEV1) == 0" ]
  should: [ "users >= 6" ]
phases:
  stable: { title: Stable, all: [ "incidents(SEV1, SEV2) == 0 over 30d" ] }
  faster: { title: Faster, all: [ "change(p95, baseline: launch) <= -10%" ] }
baselines:
  launch: { values: { p95: 250 } }
`;

interface Gen {
  at: number;
  user: string;
  success: boolean;
  ms: number;
}

let t: TestApp;
let seq = 0;

async function send(gens: readonly Gen[]): Promise<void> {
  const events = gens.map((g) => ({ id: `g${seq++}`, type: 'gen', timestamp: g.at, user_id: g.user, properties: { success: g.success, ms: g.ms } }));
  const answer = await t.post('/v1/events', JSON.stringify({ events }));
  expect(answer).toMatchObject({ status: 200, json: { accepted: events.length } });
}

const range = (n: number): number[] => [...Array(n).keys()];

async function text(path: string, token = ADMIN): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN, now: () => NOW });
  const w46 = Date.parse('2026-11-12T10:00:00Z');
  const w47 = Date.parse('2026-11-20T10:00:00Z');
  // 2026-W46: 10 generations, 9 succeed, 2 users, 100 ms.
  await send(range(10).map((i) => ({ at: w46 + i * H, user: `u${i % 2}`, success: i !== 0, ms: 100 })));
  // 2026-W47: 10 generations, 8 succeed, 4 users, 200 ms.
  await send(range(10).map((i) => ({ at: w47 + i * H, user: `u${i % 4}`, success: i >= 2, ms: 200 })));
  // Today (W48): 4 generations, all succeed.
  await send(range(4).map((i) => ({ at: NOW - (i + 1) * H, user: 'u9', success: true, ms: 150 })));
});

afterAll(async () => {
  await t?.close();
});

interface Row {
  id: string;
  value: number | null;
  previous: number | null;
  status: string;
  basis: string;
  change: { direction: string; better: boolean | null } | null;
  daily: (number | null)[];
}

describe('GET /api/v1/reports/weekly', () => {
  it('reports the last closed week by default, measured from the events, with trends against the week before', async () => {
    const answer = await t.get('/api/v1/reports/weekly', ADMIN);
    expect(answer.status).toBe(200);
    const report = answer.json as { period: { label: string; from: string; to: string }; previous: { label: string }; metrics: Row[]; movers: string[]; summary: { health: string } };
    expect(report.period).toMatchObject({ label: '2026-W47', from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' });
    expect(report.previous.label).toBe('2026-W46');
    const byId = Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    expect(byId.success_rate).toMatchObject({ value: 0.8, previous: 0.9, status: 'green', basis: 'period', change: { direction: 'down', better: false } });
    expect(byId.users).toMatchObject({ value: 4, previous: 2, status: 'green', basis: 'period', change: { direction: 'up', better: true } });
    expect(byId.p95).toMatchObject({ value: 200, previous: 100, status: 'green' });
    // One point per day, Monday to Sunday: the events were all on Friday the 20th.
    expect(byId.success_rate?.daily).toEqual([null, null, null, null, 0.8, null, null]);
    // p95 and users both doubled: a tie, in id order.
    expect(report.movers).toEqual(['p95', 'users', 'success_rate']);
    expect(report.summary.health).toBe('green');
  });

  it('renders Markdown and HTML with their content types', async () => {
    const md = await text('/api/v1/reports/weekly?week=2026-W47&format=md');
    expect(md.type).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('# testprod — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)');
    expect(md.body).toContain('| Success rate | >= 80% | 80.0% | 🟢 green | ↓ −10.0 pp (worse) |');
    const html = await text('/api/v1/reports/weekly?week=2026-W47&format=html');
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body).toContain('<svg ');
    expect(html.body).not.toContain('<script');
  });

  it('reports any week asked for, also one without data', async () => {
    const answer = await t.get('/api/v1/reports/weekly?week=2026-W40', ADMIN);
    const report = answer.json as { metrics: Row[]; summary: { health: string } };
    expect(report.metrics.map((m) => [m.id, m.value])).toEqual([
      ['success_rate', null],
      ['users', 0],
      ['p95', null],
    ]);
  });

  it('refuses a week that does not exist, a bad format, and a request without the admin token', async () => {
    expect(await t.get('/api/v1/reports/weekly?week=2025-W53', ADMIN)).toEqual({
      status: 400,
      json: { error: { code: 'invalid_request', message: 'week: 2025 has weeks 1 to 52; there is no week 53' } },
    });
    expect(await t.get('/api/v1/reports/weekly?format=pdf', ADMIN)).toMatchObject({ status: 400, json: { error: { code: 'invalid_request', message: 'format: "pdf" is not one of md, html, json' } } });
    expect(await t.get('/api/v1/reports/weekly')).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
  });
});

describe('GET /api/v1/reports/monthly', () => {
  it('has the month figures and a row per ISO week of the month', async () => {
    const answer = await t.get('/api/v1/reports/monthly?month=2026-11', ADMIN);
    expect(answer.status).toBe(200);
    const report = answer.json as { period: { label: string }; metrics: Row[]; weeks: { label: string; values: Record<string, { value: number | null }> }[] };
    expect(report.period.label).toBe('2026-11');
    // 24 generations in November, 21 succeed.
    expect(report.metrics.find((m) => m.id === 'success_rate')?.value).toBeCloseTo(21 / 24, 12);
    expect(report.weeks.map((w) => [w.label, w.values.success_rate?.value ?? null])).toEqual([
      ['2026-W44', null],
      ['2026-W45', null],
      ['2026-W46', 0.9],
      ['2026-W47', 0.8],
      ['2026-W48', 1],
      ['2026-W49', null],
    ]);
    expect((await t.get('/api/v1/reports/monthly?month=2026-13', ADMIN)).status).toBe(400);
  });
});

interface CriteriaAnswer {
  decision: string;
  blocking: string[];
  window: string;
  levels: { level: string; met: number; total: number; criteria: { text: string; now: { value: number | null }; window: { value: number | null }; verdict: string }[] }[];
  phases: { id: string; complete: boolean; blocking: string[]; all: unknown[] }[];
}

describe('GET /api/v1/criteria', () => {
  it('says GO when every must holds now and over the window, then NO_GO with what blocks after a SEV1', async () => {
    const before = (await t.get('/api/v1/criteria', ADMIN)).json as CriteriaAnswer;
    expect(before.decision).toBe('GO');
    expect(before.window).toBe('7d');
    const must = before.levels.find((l) => l.level === 'must');
    // Now: the last 24 h, 4 of 4. Over 7 days: Nov 18 12:00 to now, 12 of 14.
    expect(must?.criteria[0]).toMatchObject({ text: 'success_rate >= 75%', now: { value: 1 }, window: { value: 12 / 14 }, verdict: 'met' });
    expect(before.levels.find((l) => l.level === 'should')).toMatchObject({ met: 0, total: 1, criteria: [{ text: 'users >= 6', now: { value: 5 }, verdict: 'not_met' }] });
    expect(before.phases[0]).toMatchObject({ id: 'stable', complete: true, blocking: [] });
    // p95 now (last 24 h): 150 ms; over 7 days: 200 ms (W47's 200 ms events and today's 150 ms ones). Against 250 ms: −40 % and −20 %.
    expect(before.phases[1]).toMatchObject({ id: 'faster', complete: true, all: [{ text: 'change(p95, baseline: launch) <= -10%', now: { value: -0.4 }, window: { value: -0.2 }, verdict: 'met' }] });

    const declared = await fetch(`${t.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Everything is down', severity: 'SEV1' }),
    });
    expect(declared.status).toBe(201);
    const after = (await t.get('/api/v1/criteria', ADMIN)).json as CriteriaAnswer;
    expect(after.decision).toBe('NO_GO');
    expect(after.blocking).toEqual(['incidents(SEV1) == 0: not met now and over the window']);
    expect(after.phases[0]).toMatchObject({ complete: false, blocking: ['incidents(SEV1, SEV2) == 0 over 30d: not met now and over the window'] });
  });
});

describe('reports in the plan time zone (reports.timezone)', () => {
  it("cuts weeks at Monday 00:00 in the plan's zone, with one daily point per local day across a daylight-saving change", async () => {
    const zoned = await startTestApp({ plan: planFrom(PLAN.replace('reports:\n', 'reports:\n  timezone: America/New_York\n')), adminToken: ADMIN, now: () => NOW });
    try {
      const post = async (gens: readonly Gen[]): Promise<void> => {
        const events = gens.map((g) => ({ id: `z${seq++}`, type: 'gen', timestamp: g.at, user_id: g.user, properties: { success: g.success, ms: g.ms } }));
        expect(await zoned.post('/v1/events', JSON.stringify({ events }))).toMatchObject({ status: 200, json: { accepted: events.length } });
      };
      // W47's ten generations, as above; then Sunday Nov 22, 22:00 in New York, which is Monday 03:00 UTC: in New York's W47, in UTC's W48.
      const w47 = Date.parse('2026-11-20T10:00:00Z');
      await post(range(10).map((i) => ({ at: w47 + i * H, user: `u${i % 4}`, success: i >= 2, ms: 200 })));
      await post([{ at: Date.parse('2026-11-23T03:00:00Z'), user: 'u7', success: false, ms: 1 }]);
      const week = (await zoned.get('/api/v1/reports/weekly?week=2026-W47', ADMIN)).json as { period: { from: string; to: string; timezone: string; dates: string }; metrics: Row[] };
      expect(week.period).toEqual({ label: '2026-W47', from: '2026-11-16T05:00:00.000Z', to: '2026-11-23T05:00:00.000Z', dates: 'Nov 16–22, 2026', timezone: 'America/New_York' });
      const rate = week.metrics.find((m) => m.id === 'success_rate');
      expect(rate?.value).toBeCloseTo(8 / 11, 10); // W47's ten generations (eight succeed) and the late one
      expect(rate?.daily).toHaveLength(7);
      expect(rate?.daily.at(-1)).toBe(0); // the Sunday: the late failure alone

      // The week New York leaves daylight time (169 hours): still seven days, Monday to Sunday.
      await post([{ at: Date.parse('2026-11-02T04:30:00Z'), user: 'u8', success: true, ms: 1 }]); // Sunday Nov 1, 23:30 EST
      const dst = (await zoned.get('/api/v1/reports/weekly?week=2026-W44', ADMIN)).json as { period: { from: string; to: string }; metrics: Row[] };
      expect(dst.period).toMatchObject({ from: '2026-10-26T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
      expect(dst.metrics.find((m) => m.id === 'success_rate')?.daily).toEqual([null, null, null, null, null, null, 1]);
    } finally {
      await zoned.close();
    }
  });
});
