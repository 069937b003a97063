/**
 * prometheus: metrics against the real Prometheus (Debian's `prometheus`,
 * installed by scripts/test-deps.sh) scraping a small exporter on loopback,
 * through a proxy that lets a request in only with the plan's bearer token:
 * values, groups and series over HTTP as Prometheus itself answers them; a
 * query error, a NaN, a timeout and a stopped Prometheus make the metric
 * unknown with the reason while the rest of the plan evaluates.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import type { MetricResult, PlanEvaluation } from '../src/metrics/result.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { promQuery } from './helpers/prometheus-scrape.js';
import { requireTools, spawnPrometheus, type PrometheusProcess } from './helpers/prometheus-tools.js';

const TOKEN = 'prom-test-token-0123456789abcdef';
const LOAD = 'max by (host) (lw_test_load)';
const QUEUE = 'sum(lw_test_queue)';
const EXPOSITION = ['# TYPE lw_test_load gauge', 'lw_test_load{host="api-1"} 0.42', 'lw_test_load{host="api-2"} 0.91', '# TYPE lw_test_queue gauge', 'lw_test_queue 17', ''].join('\n');

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server | undefined): Promise<void> => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: URLSearchParams;
}

/** In front of Prometheus: 401 without the bearer token, else the request forwarded as it came. */
function tokenProxy(upstream: string, seen: Seen[]): Server {
  return createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: new URLSearchParams(body) });
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        response.writeHead(401).end('unauthorized');
        return;
      }
      void fetch(`${upstream}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers: { 'content-type': request.headers['content-type'] ?? '' }, ...(request.method === 'POST' ? { body } : {}) }).then(
        async (answer) => response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
        () => response.writeHead(502).end(),
      );
    });
  });
}

function planYaml(url: string, timeout = '5s'): string {
  return `version: 1
product: { name: infra }
evaluation: { interval: 1s }
ingest: { keys: [ { name: test, key: "${INGEST_KEY}" } ] }
events:
  gen: { success: boolean }
sources:
  prometheus: { url: "${url}", token: "\${PROMETHEUS_TOKEN}", timeout: ${timeout} }
metrics:
  load: { title: API load, prometheus: '${LOAD}', unit: percent, target: { green: "< 50%", yellow: "< 80%" } }
  queue: { prometheus: '${QUEUE}', target: { green: "< 20" } }
  not_a_number: { prometheus: 'sum(lw_test_queue) * 0 / 0' }
  bad_query: { prometheus: 'sum(' }
  raw: { prometheus: lw_test_queue }
  gens: { from: gen, count: true, window: 1h, target: { green: ">= 1" } }
alerts:
  - { name: queue_high, when: "queue > 10", severity: P2 }
`;
}

const byId = (evaluation: PlanEvaluation, id: string): MetricResult => {
  const found = evaluation.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id} in the answer`);
  return found;
};

describe('prometheus: metrics against a real Prometheus', () => {
  let exporter: Server | undefined;
  let proxy: Server | undefined;
  let prometheus: PrometheusProcess | undefined;
  let app: TestApp | undefined;
  const seen: Seen[] = [];
  const logs: string[] = [];
  /** By then Prometheus held the exporter's samples. */
  let scrapedAt = 0;

  beforeAll(async () => {
    requireTools();
    exporter = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(EXPOSITION));
    const exporterUrl = await listen(exporter);
    const dir = mkdtempSync(join(tmpdir(), 'lw-prometheus-source-'));
    const target = exporterUrl.replace('http://', '');
    writeFileSync(join(dir, 'prometheus.yml'), ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: exporter', `    static_configs: [ { targets: [${JSON.stringify(target)}] } ]`, ''].join('\n'));
    const started = await spawnPrometheus(dir);
    prometheus = started;
    const deadline = Date.now() + 60_000;
    while ((await promQuery(started.url, 'lw_test_load')).length < 2) {
      if (Date.now() > deadline) throw new Error(`Prometheus did not scrape the exporter:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    scrapedAt = Date.now();
    proxy = tokenProxy(started.url, seen);
    const proxyUrl = await listen(proxy);
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) }));
    app = await startTestApp({ plan: planFrom(planYaml(proxyUrl), { PROMETHEUS_TOKEN: TOKEN }), logger, scheduler: true });
    const posted = await app.post('/v1/events', JSON.stringify([1, 2, 3].map((i) => ({ type: 'gen', id: `g${i}`, timestamp: Date.now() - 1000, properties: { success: true } }))));
    expect(posted.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await prometheus?.stop();
    await close(proxy);
    await close(exporter);
  });

  it('gives each label set of the answer as a group and a single unlabelled sample as the value, as Prometheus answers them', async () => {
    const current = app ? await app.get('/api/v1/metrics') : undefined;
    const evaluation = current?.json as PlanEvaluation;
    const reference = await promQuery(prometheus?.url ?? '', LOAD);
    const load = byId(evaluation, 'load');
    expect(load).toMatchObject({ kind: 'prometheus', value: null, status: 'red', reason: 'worst_group', unit: 'percent', window: '5m', target: { green: '< 50%', yellow: '< 80%' } });
    const expected = reference.map((r) => ({ group: r.metric, value: Number(r.value[1]) })).sort((a, b) => String(a.group.host).localeCompare(String(b.group.host)));
    expect(load.groups.map((g) => ({ group: g.group, value: g.value }))).toEqual(expected);
    expect(load.groups.map((g) => [g.group.host, g.status])).toEqual([
      ['api-1', 'green'],
      ['api-2', 'red'],
    ]);
    const [queueReference] = await promQuery(prometheus?.url ?? '', QUEUE);
    expect(byId(evaluation, 'queue')).toMatchObject({ value: Number(queueReference?.value[1]), status: 'green', reason: 'meets_green', groups: [] });
    expect(byId(evaluation, 'gens')).toMatchObject({ value: 3, status: 'green' });
  });

  it('fires an alert rule on a prometheus metric, with its value', async () => {
    const deadline = Date.now() + 30_000;
    let alert: { rule: string; state: string; value: number | null } | undefined;
    while (!alert) {
      const alerts = ((await app?.get('/api/v1/alerts'))?.json as { alerts: { rule: string; state: string; value: number | null }[] }).alerts;
      alert = alerts.find((a) => a.rule === 'queue_high' && a.state === 'firing');
      if (!alert && Date.now() > deadline) throw new Error(`queue_high did not fire: ${JSON.stringify(alerts)}`);
      if (!alert) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(alert.value).toBe(17);
  });

  it('exposes a group with the labels Prometheus reserves at GET /metrics under a name of its own', async () => {
    const raw = byId((await app?.get('/api/v1/metrics'))?.json as PlanEvaluation, 'raw');
    expect(raw.groups.map((g) => [g.group.__name__, g.value])).toEqual([['lw_test_queue', 17]]);
    const exposition = await (await fetch(`${app?.url ?? ''}/metrics`)).text();
    expect(exposition).toMatch(/^launchwatch_metric_raw\{field___name__="lw_test_queue",instance="127\.0\.0\.1:\d+",job="exporter"\} 17$/m);
  });

  it('sends the query as written in a form-encoded POST with the bearer token, and never logs the token', () => {
    const instant = seen.filter((s) => s.path === '/api/v1/query');
    expect(instant.map((s) => s.body.get('query'))).toEqual(expect.arrayContaining([LOAD, QUEUE]));
    expect(instant.every((s) => s.method === 'POST' && s.contentType === 'application/x-www-form-urlencoded' && s.body.get('timeout') === '5000ms')).toBe(true);
    expect(logs.join('')).not.toContain(TOKEN);
  });

  it('makes a query Prometheus refuses, or one that answers NaN, unknown with the reason', async () => {
    const evaluation = (await app?.get('/api/v1/metrics'))?.json as PlanEvaluation;
    expect(byId(evaluation, 'bad_query')).toMatchObject({ status: 'unknown', reason: 'source_unavailable', unavailable: expect.stringMatching(/^Prometheus answered bad_data: .*parse error/) });
    expect(byId(evaluation, 'not_a_number')).toMatchObject({ status: 'unknown', reason: 'source_unavailable', unavailable: 'Prometheus answered NaN, not a number' });
  });

  it('gives the series as Prometheus answers the same range query, group by group', async () => {
    // A range that ends in the past and after the first scrape: Prometheus answers it the same every time.
    const to = scrapedAt + 3_000;
    while (Date.now() < to + 1_000) await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await app?.get(`/api/v1/metrics/load/series?from=${to - 20_000}&to=${to}&step=2s`);
    expect(answer?.status).toBe(200);
    const series = answer?.json as { from: string; step_ms: number; points: { t: number; value: number | null }[]; groups: { group: Record<string, string>; points: { t: number; value: number | null }[] }[] };
    const times = series.points.map((p) => p.t);
    // The points are the series' bucket starts, as an event metric's: from (a whole step) and every step before to.
    const starts = Array.from({ length: Math.ceil((to - Date.parse(series.from)) / 2_000) }, (_, i) => Date.parse(series.from) + i * 2_000);
    expect(times).toEqual(starts);
    expect(series.points.every((p) => p.value === null)).toBe(true);
    const params = new URLSearchParams({ query: LOAD, start: String((times[0] ?? 0) / 1000), end: String((times[times.length - 1] ?? 0) / 1000), step: '2' });
    const reference = (await (await fetch(`${prometheus?.url ?? ''}/api/v1/query_range?${params.toString()}`)).json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
    const expected = reference.data.result
      .map((r) => ({ group: r.metric, points: times.map((t) => ({ t, value: ((v) => (v === undefined ? null : Number(v[1])))(r.values.find(([s]) => Math.round(s * 1000) === t)) })) }))
      .sort((a, b) => String(a.group.host).localeCompare(String(b.group.host)));
    expect(expected.map((g) => g.group.host)).toEqual(['api-1', 'api-2']);
    expect(series.groups).toEqual(expected);
    expect(series.groups.map((g) => g.points.some((p) => p.value !== null))).toEqual([true, true]);
    expect(seen.some((s) => s.path === '/api/v1/query_range' && s.method === 'POST' && s.body.get('query') === LOAD && s.body.get('step') === '2.000')).toBe(true);
  });

  it('gives a sliding series as the instant queries at each point, as Prometheus answers them', async () => {
    const to = scrapedAt + 3_000;
    while (Date.now() < to + 1_000) await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await app?.get(`/api/v1/metrics/queue/series?mode=sliding&from=${to - 10_000}&to=${to}&step=2s`);
    expect(answer?.status).toBe(200);
    const points = (answer?.json as { points: { t: number; value: number | null }[] }).points;
    expect(points.length).toBeGreaterThanOrEqual(5);
    for (const point of points) {
      const params = new URLSearchParams({ query: QUEUE, time: String(point.t / 1000) });
      const reference = (await (await fetch(`${prometheus?.url ?? ''}/api/v1/query?${params.toString()}`)).json()) as { data: { result: { value: [number, string] }[] } };
      const value = reference.data.result[0]?.value[1];
      expect(point.value).toBe(value === undefined ? null : Number(value));
    }
    expect(points.at(-1)?.value).toBe(17);
  });

  it('with Prometheus stopped, its metrics are unknown with the reason while the rest of the plan evaluates', async () => {
    await prometheus?.stop();
    await close(proxy);
    proxy = undefined;
    // A new event: the next answer is a new evaluation, not the one cached before the stop.
    expect((await app?.post('/v1/events', JSON.stringify([{ type: 'gen', timestamp: Date.now() - 1000, properties: { success: true } }])))?.status).toBe(200);
    const answer = await app?.get('/api/v1/metrics');
    expect(answer?.status).toBe(200);
    const evaluation = answer?.json as PlanEvaluation;
    for (const id of ['load', 'queue']) {
      expect(byId(evaluation, id)).toMatchObject({ status: 'unknown', reason: 'source_unavailable', value: null, groups: [], unavailable: expect.stringMatching(/^Prometheus at 127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)$/) });
    }
    expect(byId(evaluation, 'gens')).toMatchObject({ value: 4, status: 'green' });
    const series = await app?.get(`/api/v1/metrics/queue/series?from=${Date.now() - 60_000}&step=10s`);
    expect(series?.status).toBe(200);
    const points = (series?.json as { points: { value: number | null }[] }).points;
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.value === null)).toBe(true);
  });
});

describe('a Prometheus that does not answer in time, or redirects', () => {
  let silent: Server | undefined;
  let app: TestApp | undefined;

  afterAll(async () => {
    await app?.close();
    silent?.closeAllConnections();
    await close(silent);
  });

  it('makes the metric unknown after the timeout, saying so', async () => {
    silent = createServer(() => undefined);
    const url = await listen(silent);
    app = await startTestApp({ plan: planFrom(planYaml(url, '1s'), { PROMETHEUS_TOKEN: TOKEN }) });
    const evaluation = (await app.get('/api/v1/metrics')).json as PlanEvaluation;
    expect(byId(evaluation, 'queue')).toMatchObject({ status: 'unknown', reason: 'source_unavailable', unavailable: 'Prometheus did not answer within 1s' });
    expect(byId(evaluation, 'gens')).toMatchObject({ status: 'red', value: 0 });
  });

  it('does not follow a redirect (the token would go elsewhere), saying so', async () => {
    const redirecting = createServer((_request, response) => response.writeHead(302, { location: 'http://127.0.0.1:9/api/v1/query' }).end());
    const url = await listen(redirecting);
    const other = await startTestApp({ plan: planFrom(planYaml(url), { PROMETHEUS_TOKEN: TOKEN }) });
    try {
      const evaluation = (await other.get('/api/v1/metrics')).json as PlanEvaluation;
      expect(byId(evaluation, 'queue')).toMatchObject({ status: 'unknown', reason: 'source_unavailable', unavailable: expect.stringMatching(/^Prometheus at 127\.0\.0\.1:\d+ is unreachable \(unexpected redirect\)$/) });
    } finally {
      await other.close();
      await close(redirecting);
    }
  });
});
