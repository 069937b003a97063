/**
 * GET /metrics on the real app: valid for promtool, scraped by a real
 * Prometheus, escaped label values, and the optional scrape token.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import type { PrometheusProcess } from './helpers/prometheus-tools.js';
import { promQuery, promtoolCheck, requirePromtool, startScrapingPrometheus, type InstantVector } from './helpers/prometheus-scrape.js';

const PLAN = `
version: 1
product: { name: expo }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
events:
  command: { ok: boolean, platform: string, duration_ms: number }
metrics:
  success_rate:
    title: Command success rate
    from: command
    ratio: { ok: true }
    by: platform
    window: 1h
    target: { green: ">= 90%", yellow: ">= 50%" }
  latency_p95:
    from: command
    quantile: { of: duration_ms, q: 0.95 }
    window: 1h
    unit: ms
  no_data_yet:
    from: command
    where: { platform: nowhere }
    mean: duration_ms
    window: 1h
    target: { green: "< 10" }
`;

const ODD = 'mac "14" \\ beta\nline';
const T = Date.parse('2026-03-02T10:00:00Z');

async function exposition(app: TestApp, token?: string): Promise<Response> {
  return fetch(`${app.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function ingest(app: TestApp): Promise<void> {
  const events = [
    { type: 'command', timestamp: new Date(T - 60_000).toISOString(), properties: { ok: true, platform: 'linux', duration_ms: 100 } },
    { type: 'command', timestamp: new Date(T - 50_000).toISOString(), properties: { ok: false, platform: 'linux', duration_ms: 300 } },
    { type: 'command', timestamp: new Date(T - 40_000).toISOString(), properties: { ok: true, platform: ODD, duration_ms: 200 } },
  ];
  const answer = await app.post('/v1/events', JSON.stringify({ events }));
  expect(answer).toMatchObject({ status: 200, json: { accepted: 3 } });
}

let app: TestApp | undefined;
let prometheus: PrometheusProcess | undefined;
afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
  await app?.close();
  app = undefined;
});

beforeAll(() => requirePromtool());

describe('GET /metrics', () => {
  it('exposes every plan metric, its groups and statuses, and its own health, in a format promtool accepts', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T });
    await ingest(app);
    const response = await exposition(app);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();

    const check = promtoolCheck(text);
    expect(check, check.output).toEqual({ status: 0, output: '' });

    expect(text).toContain('# HELP launchwatch_metric_success_rate Command success rate (ratio over 1h; a fraction: 0.95 is 95 %).');
    expect(text).toContain('# TYPE launchwatch_metric_success_rate gauge\n');
    expect(text).toMatch(/^launchwatch_metric_success_rate 0\.666666666\d*$/m);
    expect(text).toContain('launchwatch_metric_success_rate{platform="linux"} 0.5\n');
    expect(text).toContain('launchwatch_metric_success_rate{platform="mac \\"14\\" \\\\ beta\\nline"} 1\n');
    expect(text).toContain('launchwatch_status{metric="success_rate"} 1\n');
    expect(text).toContain('launchwatch_status{metric="success_rate",platform="linux"} 1\n');
    expect(text).toContain('launchwatch_metric_latency_p95 290\n');
    // No target: no status. No data: no value, and an unknown status has no sample.
    expect(text).not.toContain('metric="latency_p95"');
    expect(text).toContain('# TYPE launchwatch_metric_no_data_yet gauge\n');
    expect(text).not.toMatch(/^launchwatch_metric_no_data_yet /m);
    expect(text).not.toContain('metric="no_data_yet"');

    expect(text).toContain('launchwatch_events_ingested_total 3\n');
    expect(text).toContain('launchwatch_events_stored{type="command"} 3\n');
    expect(text).toContain('launchwatch_notifications{state="pending"} 0\n');
    expect(text).toMatch(/^launchwatch_store_size_bytes [1-9]\d*$/m);
    expect(text).not.toContain(INGEST_KEY);
  });

  it('counts rejected requests by reason', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T });
    expect((await app.post('/v1/events', '{}', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await app.post('/v1/events', '{nope')).status).toBe(400);
    const text = await (await exposition(app)).text();
    expect(text).toContain('launchwatch_ingest_requests_rejected_total{reason="unauthorized"} 1\n');
    expect(text).toContain('launchwatch_ingest_requests_rejected_total{reason="malformed"} 1\n');
  });

  it('counts scheduled evaluations and their time', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T });
    await app.app.evaluateAndRecord();
    await app.app.evaluateAndRecord();
    const text = await (await exposition(app)).text();
    expect(text).toContain('launchwatch_evaluation_duration_seconds_count 2\n');
    expect(text).toMatch(/^launchwatch_evaluation_duration_seconds_sum \d/m);
  });

  it('answers 401 without the scrape token when one is set, and is not gated by the admin token', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T, scrapeToken: 'scrape-secret-1', adminToken: 'admin-secret-1' });
    const without = await exposition(app);
    expect(without.status).toBe(401);
    expect(await without.json()).toEqual({ error: { code: 'unauthorized', message: 'this endpoint requires the scrape token: Authorization: Bearer <token>' } });
    expect((await exposition(app, 'admin-secret-1')).status).toBe(401);
    const withToken = await exposition(app, 'scrape-secret-1');
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toContain('launchwatch_build_info');
  });

  it('is open without a scrape token, even when the admin token protects /api/', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T, adminToken: 'admin-secret-1' });
    expect((await exposition(app)).status).toBe(200);
    expect((await app.get('/api/v1/status')).status).toBe(401);
  });
});

describe('a real Prometheus scraping GET /metrics', () => {
  async function until(query: string, accept: (v: InstantVector[]) => boolean): Promise<InstantVector[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = await promQuery(prometheus?.url ?? '', query);
      if (accept(found)) return found;
      if (Date.now() > deadline) throw new Error(`Prometheus never answered ${query} as expected; last: ${JSON.stringify(found)}\n${prometheus?.output() ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('reads the plan metrics with their group labels, escaped values intact, through the scrape token', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T, scrapeToken: 'scrape-secret-2' });
    await ingest(app);
    prometheus = await startScrapingPrometheus({ target: new URL(app.url).host, token: 'scrape-secret-2' });

    const up = await until('up{job="launchwatch"}', (v) => v.length === 1 && v[0]?.value[1] === '1');
    expect(up[0]?.metric.instance).toBe(new URL(app.url).host);
    const groups = await until('launchwatch_metric_success_rate{platform!=""}', (v) => v.length === 2);
    const byPlatform = Object.fromEntries(groups.map((g) => [g.metric.platform, g.value[1]]));
    expect(byPlatform).toEqual({ linux: '0.5', [ODD]: '1' });
    const statuses = await until('launchwatch_status{metric="success_rate",platform=""}', (v) => v.length === 1);
    expect(statuses[0]?.value[1]).toBe('1');
    const ingested = await until('launchwatch_events_ingested_total', (v) => v.length === 1);
    expect(ingested[0]?.value[1]).toBe('3');
  });

  it('sees the target down when it scrapes without the token', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T, scrapeToken: 'scrape-secret-3' });
    prometheus = await startScrapingPrometheus({ target: new URL(app.url).host });
    await until('up{job="launchwatch"}', (v) => v.length === 1 && v[0]?.value[1] === '0');
  });
});
