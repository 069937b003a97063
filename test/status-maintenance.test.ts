/**
 * Scheduled maintenance, declared in the plan and through the API: shown on
 * the status page (HTML, status.json, the feed) ahead of time and while it
 * runs, gone once it ended; the alerts of its components are muted for its
 * span (no notification, no incident) while another component's alert is
 * not; the API refuses bad windows naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const H = 3_600_000;
const NOW = Date.now();
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    plan: planFrom(`
version: 1
product: { name: maintprod }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  req: { area: string }
metrics:
  api_requests: { from: req, where: { area: api }, count: true, window: 1h }
  web_requests: { from: req, where: { area: web }, count: true, window: 1h }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
components:
  api: API
  web: Website
alerts:
  - { name: api_busy, when: api_requests > 0, severity: P2, labels: { component: api } }
  - { name: web_busy, when: web_requests > 0, severity: P2, labels: { component: web } }
routing:
  group_by: [alertname]
  group_wait: 0s
  routes:
    - { match: { severity: P2 }, channels: [hook] }
status_page:
  maintenance:
    - { components: [api], from: "${new Date(NOW - H).toISOString()}", to: "${new Date(NOW + H).toISOString()}", message: Database upgrade }
`),
  });
});
afterAll(() => t.close());

describe('scheduled maintenance', () => {
  it('is shown while it runs and ahead of time, in the page, the JSON and the feed', async () => {
    const created = await t.post('/api/v1/status/maintenance', JSON.stringify({ components: ['web'], from: new Date(NOW + 24 * H).toISOString(), to: new Date(NOW + 26 * H).toISOString(), message: 'CDN move' }));
    expect(created.status).toBe(201);
    const json = (await t.get('/status.json')).json as { maintenance: { state: string; message: string; components: { id: string }[] }[] };
    expect(json.maintenance.map((m) => [m.state, m.message, m.components.map((c) => c.id)])).toEqual([
      ['in_progress', 'Database upgrade', ['api']],
      ['scheduled', 'CDN move', ['web']],
    ]);
    const html = await (await fetch(`${t.url}/status`)).text();
    expect(html).toContain('Scheduled maintenance');
    expect(html).toContain('In progress: API');
    expect(html).toContain('CDN move');
    const feed = await (await fetch(`${t.url}/status/feed.xml`)).text();
    expect(feed).toContain('Scheduled maintenance (scheduled): Website');
    const listed = (await t.get('/api/v1/status/maintenance')).json as { maintenance: { id: string; source: string }[] };
    expect(listed.maintenance.map((m) => m.source)).toEqual(['plan', 'api']);
    const id = (created.json as { maintenance: { id: string } }).maintenance.id;
    expect((await fetch(`${t.url}/api/v1/status/maintenance/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(((await t.get('/status.json')).json as { maintenance: unknown[] }).maintenance).toHaveLength(1);
    expect((await fetch(`${t.url}/api/v1/status/maintenance/plan-1`, { method: 'DELETE' })).status).toBe(409);
  });

  it("mutes its components' alerts for its span, not the others'", async () => {
    const events = ['api', 'web'].map((area) => ({ type: 'req', timestamp: Date.now() - 1000, properties: { area } }));
    expect((await t.post('/v1/events', JSON.stringify(events))).status).toBeLessThan(300);
    await t.app.committer.idle();
    await t.app.evaluateAndRecord();
    const views = t.app.alerts.list();
    const api = views.find((v) => v.alert.rule === 'api_busy');
    const web = views.find((v) => v.alert.rule === 'web_busy');
    expect(api?.alert.state).toBe('firing');
    expect(api?.silencedBy).toEqual(['maintenance:plan-1:api']);
    expect(web?.silencedBy).toEqual([]);
    const pending = await t.app.stores.state.notifications({});
    expect(pending.flatMap((n) => n.alerts.map((a) => a.labels.alertname))).toEqual(['web_busy']);
  });

  it('refuses bad windows, naming the field', async () => {
    const bad = async (body: unknown) => JSON.stringify((await t.post('/api/v1/status/maintenance', JSON.stringify(body))).json);
    const from = new Date(NOW + H).toISOString();
    expect(await bad({ components: ['nope'], from, to: new Date(NOW + 2 * H).toISOString(), message: 'x' })).toContain('no component \\"nope\\"');
    expect(await bad({ components: ['api'], from, to: from, message: 'x' })).toContain('body to');
    expect(await bad({ components: ['api'], from: 'tomorrow', to: from, message: 'x' })).toContain('body from');
    expect(await bad({ components: [], from, to: from, message: 'x' })).toContain('body components');
  });
});
