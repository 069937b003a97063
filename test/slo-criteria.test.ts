/** Success criteria naming an SLO, judged by GET /api/v1/criteria from events ingested over HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const H = 3_600_000;
const NOW = Date.parse('2026-12-07T12:00:30Z');
const PLAN = `version: 1
product: { name: shop }
ingest: { keys: [ { name: web, key: "test-ingest-key-0123456789" } ] }
events:
  api_request: { status: number }
slos:
  checkout: { objective: 99%, window: 30d, sli: { events: api_request, good: { status: { lt: 500 } } } }
success_criteria:
  window: 7d
  must: [ "slo(checkout) met", "budget(checkout) >= 50%" ]
`;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function ingest(app: TestApp, ts: number, n: number, status: number): Promise<void> {
  const events = Array.from({ length: n }, () => ({ type: 'api_request', timestamp: ts, properties: { status } }));
  expect((await app.post('/v1/events', JSON.stringify(events))).status).toBe(200);
  await app.app.committer.idle();
}

interface Report {
  decision: string;
  blocking: string[];
  levels: { level: string; criteria: { text: string; now: { value: number | null }; window: { value: number | null }; verdict: string }[] }[];
}

async function criteria(app: TestApp): Promise<Report> {
  const answer = await app.get('/api/v1/criteria');
  expect(answer.status).toBe(200);
  return answer.json as Report;
}

describe('criteria naming an SLO', () => {
  it('is GO while the SLO is met with half its budget left, NO GO once more of the budget is spent', async () => {
    t = await startTestApp({ plan: planFrom(PLAN), now: () => NOW });
    // Ten days back (outside the 7-day criteria window): 1 000 good. Two hours back: 996 good, 4 bad.
    await ingest(t, NOW - 240 * H, 1_000, 200);
    await ingest(t, NOW - 2 * H, 996, 200);
    await ingest(t, NOW - 2 * H, 4, 503);
    const go = await criteria(t);
    // 30 d: 20 allowed, 4 spent, 80 % left, SLI 99.8 %; 7 d: 10 allowed, 4 spent, 60 % left, SLI 99.6 %.
    expect(go.levels[0]?.criteria.map((c) => [c.text, c.now.value, c.window.value, c.verdict])).toEqual([
      ['slo(checkout) met', 0.998, 0.996, 'met'],
      ['budget(checkout) >= 50%', 0.8, 0.6, 'met'],
    ]);
    expect(go.decision).toBe('GO');
    await ingest(t, NOW - H, 4, 503);
    const nogo = await criteria(t);
    // 8 spent. 30 d: 20.04 allowed, 60.1 % left; 7 d: 10.04 allowed, 20.3 % left. SLI 99.2 % over 7 d still meets 99 %.
    expect(nogo.levels[0]?.criteria.map((c) => [c.now.value, c.window.value, c.verdict])).toEqual([
      [0.996007984032, 0.99203187251, 'met'],
      [0.600798403194, 0.203187250996, 'not_met'],
    ]);
    expect(nogo.decision).toBe('NO_GO');
    expect(nogo.blocking).toEqual(['budget(checkout) >= 50%: not met over the window']);
  });
});
