/**
 * Uptime probes against real HTTP servers on loopback that go down and come
 * back: results stored as probe_result events, uptime metrics, the uptime()
 * alert condition, and the status page's component with its uptime bars.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

type Mode = 'up' | 'error' | 'wrong_body' | 'hang';

/** A product endpoint on loopback whose answer the test chooses; it can be closed and opened again on the same port. */
class Endpoint {
  mode: Mode = 'up';
  private server: Server | undefined;
  private readonly hanging = new Set<() => void>();
  port = 0;

  async open(): Promise<void> {
    this.server = createServer((_request, response) => {
      if (this.mode === 'hang') {
        this.hanging.add(() => response.destroy());
        return;
      }
      response.writeHead(this.mode === 'error' ? 503 : 200, { 'content-type': 'application/json' });
      response.end(this.mode === 'wrong_body' ? '{"status":"degraded"}' : '{"status":"ok"}');
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const end of this.hanging) end();
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const T0 = Date.parse('2026-05-04T10:00:00Z');

function planFor(port: number, timeout = '1s'): string {
  return `
version: 1
product: { name: probes }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
events: { visit: { page: string } }
components: { api: { name: Public API }, web: Website }
probes:
  api:
    url: http://127.0.0.1:${port}/healthz
    body_contains: '"status":"ok"'
    timeout: ${timeout}
    interval: 1s
    component: api
metrics:
  api_uptime: { uptime: api, window: 1h, target: { green: ">= 99.5%" } }
  api_latency_p95: { from: probe_result, where: { probe: api }, quantile: { of: latency_ms, q: 0.95 }, window: 1h, unit: ms }
alerts:
  - { name: api_uptime_low, when: "uptime(api, 1h) < 99.5%", severity: P2 }
`;
}

let endpoint: Endpoint | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await endpoint?.close();
  endpoint = undefined;
});

interface StatusJson {
  components: { id: string; state: string; uptime: number | null; history: { date: string; state: string; uptime: number | null }[] }[];
}

async function statusJson(test: TestApp): Promise<StatusJson> {
  return (await (await fetch(`${test.url}/status.json`)).json()) as StatusJson;
}

async function metricValue(test: TestApp, id: string): Promise<number | null> {
  const { json } = await test.get(`/api/v1/metrics/${id}`);
  return (json as { metric: { value: number | null } }).metric.value;
}

describe('uptime probes', () => {
  it('records each run, sees the endpoint go down and come back, and shows it on the status page', async () => {
    endpoint = new Endpoint();
    await endpoint.open();
    let now = T0;
    app = await startTestApp({ plan: planFrom(planFor(endpoint.port)), now: () => now });
    const probes = app.app.probes;

    expect(await probes.run('api')).toMatchObject({ probe: 'api', ok: true, reason: 'ok', status: 200 });
    now += 60_000;
    expect(await probes.run('api')).toMatchObject({ ok: true });
    expect(await metricValue(app, 'api_uptime')).toBe(1);
    expect((await statusJson(app)).components.find((c) => c.id === 'api')).toMatchObject({ state: 'operational', uptime: 1 });

    await endpoint.close();
    now += 60_000;
    expect(await probes.run('api')).toMatchObject({ ok: false, reason: 'connection', status: null });
    // One failure is not yet an outage now (down_after: 2), but today's bar already shows the day's uptime.
    let api = (await statusJson(app)).components.find((c) => c.id === 'api');
    expect(api).toMatchObject({ state: 'operational', uptime: 2 / 3 });
    expect(api?.history.at(-1)).toMatchObject({ state: 'major_outage', uptime: 2 / 3 });
    now += 60_000;
    await probes.run('api');
    api = (await statusJson(app)).components.find((c) => c.id === 'api');
    expect(api?.state).toBe('major_outage');
    expect(api?.uptime).toBe(0.5);
    expect(api?.history).toHaveLength(90);
    expect(api?.history.at(-1)).toMatchObject({ date: '2026-05-04', state: 'major_outage', uptime: 0.5 });
    expect(api?.history.at(-2)).toMatchObject({ state: 'operational', uptime: null });
    expect((await statusJson(app)).components.find((c) => c.id === 'web')).toMatchObject({ state: 'operational', uptime: null });
    const html = await (await fetch(`${app.url}/status`)).text();
    expect(html).toContain('uptime 50.00 %');

    await endpoint.open();
    now += 60_000;
    expect(await probes.run('api')).toMatchObject({ ok: true });
    api = (await statusJson(app)).components.find((c) => c.id === 'api');
    expect(api?.uptime).toBe(0.6);
    // Up again now; today's bar keeps the day's uptime.
    expect(api?.state).toBe('operational');
    expect(api?.history.at(-1)).toMatchObject({ state: 'major_outage', uptime: 0.6 });
    expect((await app.app.stores.events.counts()).probe_result).toBe(5);
  });

  it('fires uptime(api, 1h) < 99.5% when the endpoint fails, and resolves when the window is clean again', async () => {
    endpoint = new Endpoint();
    await endpoint.open();
    let now = T0;
    app = await startTestApp({ plan: planFrom(planFor(endpoint.port)), now: () => now });
    await app.app.probes.run('api');
    await app.app.evaluateAndRecord();
    const alert = async () => ((await app?.get('/api/v1/alerts'))?.json as { alerts: { rule: string; state: string; value: number | null }[] }).alerts.find((a) => a.rule === 'api_uptime_low');
    expect(await alert()).toBeUndefined();

    endpoint.mode = 'error';
    now += 60_000;
    expect(await app.app.probes.run('api')).toMatchObject({ ok: false, reason: 'status', status: 503 });
    await app.app.evaluateAndRecord();
    expect(await alert()).toMatchObject({ state: 'firing', value: 0.5 });

    endpoint.mode = 'up';
    now += 3_600_001; // windows include both ends
    await app.app.probes.run('api');
    await app.app.evaluateAndRecord();
    expect(await alert()).toMatchObject({ state: 'resolved', value: 1 });
  });

  it('fails on a wrong body and on a timeout, and feeds latency metrics', async () => {
    endpoint = new Endpoint();
    await endpoint.open();
    app = await startTestApp({ plan: planFrom(planFor(endpoint.port, '300ms')), now: () => T0 });
    endpoint.mode = 'wrong_body';
    expect(await app.app.probes.run('api')).toMatchObject({ ok: false, reason: 'body', status: 200 });
    endpoint.mode = 'hang';
    const timedOut = await app.app.probes.run('api');
    expect(timedOut).toMatchObject({ ok: false, reason: 'timeout', status: null });
    expect(typeof timedOut?.latencyMs).toBe('number');
    expect(await metricValue(app, 'api_latency_p95')).toBeGreaterThan(0);
    const exposition = await (await fetch(`${app.url}/metrics`)).text();
    expect(exposition).toContain('launchwatch_metric_api_uptime 0\n');
  });

  it('runs on its interval once the server runs its loops, until stopped', async () => {
    endpoint = new Endpoint();
    await endpoint.open();
    app = await startTestApp({ plan: planFrom(planFor(endpoint.port)), scheduler: true });
    const deadline = Date.now() + 30_000;
    while (((await app.app.stores.events.counts()).probe_result ?? 0) < 2) {
      if (Date.now() > deadline) throw new Error('the probe did not run twice');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await app.app.probes.stop();
    const stopped = (await app.app.stores.events.counts()).probe_result ?? 0;
    expect(app.app.probes.state().get('api')?.last.ok).toBe(true);
    await app.app.committer.idle();
    expect((await app.app.stores.events.counts()).probe_result).toBe(stopped);
  });
});
