/**
 * GET /api/v1/metrics/:id/series?mode=sliding against the real server: a
 * 7-day distinct-users metric charted over a day shows, at each point, the
 * users of the 7 days ending there, so its last point is the value the tile
 * shows; per-bucket values are far smaller. The number of points is capped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const H = 3_600_000;
const PLAN = `
version: 1
product: { name: Caro }
ingest: { keys: [{ name: test, key: ${INGEST_KEY} }] }
events:
  run: { os: { enum: [linux, macos] } }
metrics:
  awu:
    title: Active weekly users
    from: run
    distinct: user_id
    by: os
    window: 7d
    target: { green: ">= 20" }
`;

const NOW = Date.parse('2026-11-22T12:00:00Z');
let t: TestApp;

interface SeriesAnswer {
  mode: string;
  window_ms: number;
  step_ms: number;
  points: { t: number; value: number | null }[];
  groups: { group: Record<string, string>; points: { t: number; value: number | null }[] }[];
}

async function series(query: string): Promise<{ status: number; json: unknown }> {
  return t.get(`/api/v1/metrics/awu/series?${query}`);
}

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), now: () => NOW });
  // One new user every 3 hours over the last 3 days: 24 users in the week, one or none per 3-hour bucket.
  const events = Array.from({ length: 24 }, (_, i) => ({ id: `r${i}`, type: 'run', timestamp: NOW - i * 3 * H - 1000, user_id: `user-${i}`, properties: { os: i % 2 ? 'linux' : 'macos' } }));
  expect((await t.post('/v1/events', JSON.stringify({ events }))).status).toBe(200);
});
afterAll(async () => t?.close());

describe('a sliding series', () => {
  it("ends at the tile's value, each point the users of the window ending there", async () => {
    const tile = (await t.get('/api/v1/metrics/awu')).json as { metric: { value: number } };
    expect(tile.metric.value).toBe(24);
    const { status, json } = await series(`from=${NOW - 24 * H}&to=${NOW}&mode=sliding`);
    expect(status).toBe(200);
    const answer = json as SeriesAnswer;
    expect(answer).toMatchObject({ mode: 'sliding', window_ms: 7 * 24 * H, step_ms: 30 * 60_000 });
    expect(answer.points).toHaveLength(48);
    expect(answer.points.at(-1)).toEqual({ t: NOW, value: 24 });
    // A day before now the window held the users of the two days before: 16.
    expect(answer.points[0]).toEqual({ t: NOW - 24 * H + 30 * 60_000, value: 16 });
    const linux = answer.groups.find((g) => g.group.os === 'linux');
    expect(linux?.points.at(-1)).toEqual({ t: NOW, value: 12 });
  });

  it('differs from the per-bucket series, which counts each bucket alone', async () => {
    const answer = (await series(`from=${NOW - 24 * H}&to=${NOW}&step=3h`)).json as SeriesAnswer;
    expect(answer.mode).toBe('buckets');
    expect(Math.max(...answer.points.map((p) => p.value ?? 0))).toBe(1);
  });

  it('refuses more points than it measures, and a mode it does not know', async () => {
    const many = await series(`from=${NOW - 24 * H}&to=${NOW}&mode=sliding&step=1m`);
    expect(many.status).toBe(400);
    expect(many.json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/^step: .*more than 60 points/) } });
    const odd = await series('mode=rolling');
    expect(odd.status).toBe(400);
    expect(odd.json).toMatchObject({ error: { message: 'mode must be given once, as buckets or sliding' } });
  });
});
