/**
 * The reports' SLO section against the real app on loopback and a real
 * DuckDB file, on a fake clock: a week of good and bad events, an incident
 * declared during a burn and one long after it, and the weekly report's
 * figures for the SLO worked by hand, in JSON and Markdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const ADMIN = 'admin-token-0123456789abcdef';
const MONDAY = Date.parse('2026-11-16T10:00:00Z'); // 2026-W47
const M = 60_000;
const D = 24 * 60 * M;

const PLAN = `
version: 1
product: { name: shop }
ingest: { keys: [ { name: web, key: test-ingest-key-0123456789 } ] }
events:
  api_request: { status: number, region: string }
slos:
  availability:
    title: API availability
    objective: 99%
    window: 7d
    sli: { events: api_request, good: { status: { lt: 500 } } }
    by: region
    alerts: { page: { severity: P1 } }
`;

let t: TestApp;
let clock = MONDAY;
let seq = 0;

async function send(at: number, n: number, status: number, region: string): Promise<void> {
  clock = at;
  const events = Array.from({ length: n }, () => ({ id: `r${seq++}`, type: 'api_request', timestamp: at, properties: { status, region } }));
  expect(await t.post('/v1/events', JSON.stringify({ events }))).toMatchObject({ status: 200, json: { accepted: n } });
}

async function declare(at: number, title: string): Promise<string> {
  clock = at;
  const answer = await fetch(`${t.url}/api/v1/incidents`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ title, severity: 'SEV2', by: 'ana' }) });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { incident: { id: string } }).incident.id;
}

interface SloRow {
  id: string;
  bad: number;
  budget: number;
  consumed: number | null;
  remaining: number | null;
  status: string;
  groups: { group: Record<string, string>; bad: number; budget: number; remaining: number | null; status: string }[];
  incidents: { id: string; why: string }[];
}

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN, now: () => clock });
  // The week before: 50 bad events in eu. Outside the period and outside the 7 d window ending with it.
  await send(MONDAY - 3 * D, 50, 503, 'eu');
  // Monday 10:00: 100 good in us. 10:05: 10 bad in eu (that minute burns at 100×).
  await send(MONDAY, 100, 200, 'us');
  await send(MONDAY + 5 * M, 10, 503, 'eu');
  // Wednesday: 1990 good, 990 in eu and 1000 in us.
  await send(MONDAY + 2 * D, 990, 200, 'eu');
  await send(MONDAY + 2 * D, 1000, 200, 'us');
  await t.app.committer.idle();
});

afterAll(async () => {
  await t?.close();
});

describe('the weekly report of a plan with an SLO', () => {
  it('reports the budget the week consumed, what remained at its end, and the incident that overlapped its burn', async () => {
    const during = await declare(MONDAY + 5 * M + 30_000, 'Errors in eu');
    const later = await declare(MONDAY + 4 * D, 'Slow pages');
    expect([during, later]).toEqual(['INC-1', 'INC-2']);
    clock = Date.parse('2026-11-23T09:00:00Z');
    const answer = await t.get('/api/v1/reports/weekly?week=2026-W47', ADMIN);
    expect(answer.status).toBe(200);
    const [slo] = (answer.json as { slos: SloRow[] }).slos;
    // By hand: 2100 events in the week, 10 bad; 1 % of 2100 is a budget of 21 bad events: 10/21 consumed, 11/21 left.
    expect(slo).toMatchObject({ id: 'availability', bad: 10, budget: 21, status: 'green' });
    expect(slo?.consumed).toBeCloseTo(10 / 21, 10);
    expect(slo?.remaining).toBeCloseTo(11 / 21, 10);
    // eu: 1000 events, 10 bad, a budget of 10: all of it spent (red); us: none.
    expect(slo?.groups.map((g) => [g.group.region, g.bad, g.budget, g.remaining, g.status])).toEqual([
      ['eu', 10, 10, 0, 'red'],
      ['us', 0, 11, 1, 'green'],
    ]);
    // INC-1 was open during the 10:05 burn; INC-2 came days later and is tied to no alert of the SLO.
    expect(slo?.incidents).toEqual([{ id: 'INC-1', title: 'Errors in eu', severity: 'SEV2', why: 'burn' }]);

    const md = await fetch(`${t.url}/api/v1/reports/weekly?week=2026-W47&format=md`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const body = await md.text();
    expect(body).toContain('## SLOs');
    expect(body).toContain('| API availability | 99.0% | 99.5% over 7d | 47.6% (10 of 21 bad events allowed) | 52.4% | 🟢 green | INC-1 (overlaps a burn) |');
    expect(body).toContain('| API availability (region=eu) | 99.0% | 99.0% over 7d | 100% (10 of 10 bad events allowed) | 0% | 🔴 red |  |');
  });
});
