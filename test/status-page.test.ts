/**
 * The public status page against the real server: incidents declared, updated
 * and resolved through the incidents API on a moving clock, then /status,
 * /status.json and /status/feed.xml read without a token.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, htmlTags, wellFormedXml } from '../src/status/fixtures.js';
import type { StatusJson } from '../src/status/json.js';
import { planFrom } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const MINUTE = 60_000;
const HOSTILE_TITLE = `${HOSTILE.script} ${HOSTILE.cdata}`;
/** People, notes, alerts, severities and commanders written below: none may reach the public page. */
const PRIVATE = ['Ana Silva', 'cleo', 'hunter2', 'customer=acme', 'fp-0123', 'SEV1', 'SEV2', 'internal-only'];

const PLAN = `
version: 1
product: { name: "Caro <beta> & co" }
events: {}
components:
  api: { name: API, description: "REST & <GraphQL>" }
  web: Web app
`;

let clock = Date.parse('2026-11-12T10:00:00Z');
let t: TestApp;

async function api(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  return t.post(path, JSON.stringify(body), { authorization: `Bearer ${ADMIN}` });
}

async function declare(body: Record<string, unknown>): Promise<string> {
  const answer = await api('/api/v1/incidents', body);
  expect(answer.status).toBe(201);
  return (answer.json as { incident: { id: string } }).incident.id;
}

async function page(path: string): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${t.url}${path}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

let inc1 = '';
let inc2 = '';
let internal = '';

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), adminToken: ADMIN, now: () => clock });
  // Ten days ago: a major API outage, with a private note, resolved after 90 minutes.
  inc1 = await declare({ title: 'API unavailable', severity: 'SEV1', components: { api: 'major_outage' }, commander: 'Ana Silva', summary: 'hunter2 leaked in logs', alerts: ['fp-0123'], public_update: 'We are looking into errors on the API.', by: 'Ana Silva' });
  clock += 20 * MINUTE;
  expect((await api(`/api/v1/incidents/${inc1}/updates`, { text: 'customer=acme is the trigger', by: 'cleo' })).status).toBe(201);
  clock += 70 * MINUTE;
  expect((await api(`/api/v1/incidents/${inc1}/resolve`, { text: 'Fixed & verified.', by: 'cleo' })).status).toBe(201);

  // Today: an open incident with a hostile title and update, and an internal one on no component.
  clock = Date.parse('2026-11-22T09:00:00Z');
  inc2 = await declare({ title: HOSTILE_TITLE, severity: 'SEV2', components: { api: 'degraded', web: 'partial_outage' }, by: 'Ana Silva' });
  clock += 30 * MINUTE;
  expect((await api(`/api/v1/incidents/${inc2}/updates`, { text: `${HOSTILE.img} & more`, public: true, by: 'cleo' })).status).toBe(201);
  clock += 10 * MINUTE;
  expect((await api(`/api/v1/incidents/${inc2}/updates`, { text: 'internal-only: rollback failed', by: 'cleo' })).status).toBe(201);
  internal = await declare({ title: 'internal-only key rotation', severity: 'SEV1', by: 'Ana Silva' });
  clock = Date.parse('2026-11-22T12:00:00Z');
});
afterAll(async () => t.close());

describe('GET /status', () => {
  it('answers without a token, as HTML with a strict CSP and cache headers, while /api/ still needs one', async () => {
    const { status, headers, body } = await page('/status');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'unsafe-inline'(;|$)/);
    expect(headers.get('cache-control')).toBe('public, max-age=30');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect((await t.get('/api/v1/incidents')).status).toBe(401);
  });

  it('shows the components in words, the open incident and its public update escaped, and nothing private', async () => {
    const { body } = await page('/status');
    // This plan takes no subscribers: no link to a subscription page that would answer 404.
    expect(body).not.toContain('/status/subscribe');
    expect(body).toContain('<title>Caro &lt;beta&gt; &amp; co status</title>');
    expect(body).toContain('role="status">Partial outage</p>');
    expect(body).toContain('<h3>API</h3><span class="state s-degraded">Degraded performance</span>');
    expect(body).toContain('<h3>Web app</h3><span class="state s-partial_outage">Partial outage</span>');
    expect(body).toContain('<h3>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &amp; &lt;![CDATA[ &amp;amp; &amp;#x3c;</h3>');
    expect(body).toContain('<p class="text">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more</p>');
    expect(body).toContain('title="2026-11-12: Major outage (INC-1)"');
    expect(body).toContain('after 1 h 30 min');
    expect(htmlTags(body).some((tag) => tag.name === 'script' || tag.name === 'img' || tag.attributes.some((a) => a.startsWith('on')))).toBe(false);
    for (const word of PRIVATE) expect(body).not.toContain(word);
    expect(body).not.toContain(`id="incident-${internal}"`);
  });
});

describe('GET /status.json', () => {
  it('gives states, 90 days of history and the incidents with public updates only', async () => {
    const { status, headers, body } = await page('/status.json');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    const json = JSON.parse(body) as StatusJson;
    expect(json.overall).toEqual({ state: 'partial_outage', reason: 'components_affected' });
    expect(json.components.map((c) => [c.id, c.name, c.description, c.state, c.history.length])).toEqual([
      ['api', 'API', 'REST & <GraphQL>', 'degraded', 90],
      ['web', 'Web app', null, 'partial_outage', 90],
    ]);
    expect(json.components[0]?.history.find((d) => d.date === '2026-11-12')).toEqual({ date: '2026-11-12', state: 'major_outage', incidents: [inc1], uptime: null, observed: true });
    expect(json.incidents.active.map((i) => [i.id, i.title, i.updates.map((u) => [u.kind, u.text])])).toEqual([
      [inc2, HOSTILE_TITLE, [['public_update', `${HOSTILE.img} & more`], ['declared', HOSTILE_TITLE]]],
    ]);
    expect(json.incidents.resolved.map((i) => [i.id, i.resolved_at, i.updates.map((u) => u.text)])).toEqual([
      [inc1, '2026-11-12T11:30:00.000Z', ['Fixed & verified.', 'We are looking into errors on the API.', 'API unavailable']],
    ]);
    for (const word of PRIVATE) expect(body).not.toContain(word);
  });
});

describe('GET /status/feed.xml', () => {
  it('is a well-formed Atom feed of the public updates, linked to this server', async () => {
    const { status, headers, body } = await page('/status/feed.xml');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(wellFormedXml(body).filter((name) => name === 'entry')).toHaveLength(5);
    expect(body).toContain(`<link rel="self" type="application/atom+xml" href="${t.url}/status/feed.xml"/>`);
    expect(body).toContain('<updated>2026-11-22T09:30:00.000Z</updated>');
    for (const word of PRIVATE) expect(body).not.toContain(word);
  });

  it('does not echo a Host header that is not a host name', async () => {
    // fetch sets Host itself: a raw request carries the hostile one.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${t.url}/status/feed.xml`, { headers: { host: 'evil.example"><x' } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject).end();
    });
    expect(status).toBe(200);
    expect(body).not.toContain('evil.example');
    expect(body).toContain('<id>http://localhost/status/feed.xml</id>');
  });
});

describe('as incidents move on', () => {
  it('shows an internal incident once it has a public update, and all operational once everything is resolved', async () => {
    clock += MINUTE;
    expect((await api(`/api/v1/incidents/${internal}/updates`, { text: 'Sign-ins may fail for a few minutes.', public: true })).status).toBe(201);
    let json = JSON.parse((await page('/status.json')).body) as StatusJson;
    expect(json.incidents.active.map((i) => i.id)).toEqual([internal, inc2]);

    clock += MINUTE;
    for (const id of [inc2, internal]) expect((await api(`/api/v1/incidents/${id}/resolve`, {})).status).toBe(201);
    json = JSON.parse((await page('/status.json')).body) as StatusJson;
    expect(json.overall).toEqual({ state: 'operational', reason: 'all_operational' });
    expect(json.components.map((c) => c.state)).toEqual(['operational', 'operational']);
    expect(json.incidents.active).toEqual([]);
    expect(json.incidents.resolved.map((i) => i.id)).toEqual([internal, inc2, inc1]);
    // Today's bars still carry the incidents of the day.
    expect(json.components[1]?.history.at(-1)).toEqual({ date: '2026-11-22', state: 'partial_outage', incidents: [inc2], uptime: null, observed: true });
    expect((await page('/status')).body).toContain('role="status">All systems operational</p>');
  });
});
