/**
 * Client-supplied regexes on the real server: RE2 syntax, and time linear in
 * the value, so a pattern that makes a backtracking engine take exponential
 * time neither stalls the request nor, the process being single-threaded,
 * every other request (GET /healthz included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFrom } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const ADMIN = 'admin-token-for-matcher-tests';
const VIEWER = 'viewer-token-for-matcher-tests';
/** A label value long enough that `(.*){22}X` against it would backtrack for longer than any test runs. */
const LONG = 'x'.repeat(4_000);
/**
 * Generous on purpose: the bound is for a slow shared CI machine, and what it
 * tells apart is linear time (a few ms here) from backtracking, which took
 * 3.8 s on a 30-character value and grows exponentially with its length.
 */
const BOUND_MS = 1_000;

let t: TestApp;

async function call(method: string, path: string, body?: unknown, token = VIEWER): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null, ms: performance.now() - started };
}
const q = (value: string) => encodeURIComponent(value);

beforeAll(async () => {
  const plan = planFrom(`
version: 1
product: { name: alertmanager-matchers }
events:
  gen: { success: boolean }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
routing:
  group_by: [alertname]
  routes:
    - { match: { team: web }, channels: [hook] }
`);
  t = await startTestApp({ plan, adminToken: ADMIN, viewerToken: VIEWER });
  const alerts = Array.from({ length: 50 }, (_, i) => ({ labels: { alertname: `slow_${i}`, team: 'web', summary: LONG } }));
  expect((await call('POST', '/api/v2/alerts', [...alerts, { labels: { alertname: 'multi', summary: 'a\nb' } }], ADMIN)).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('regex matchers over HTTP', () => {
  for (const pattern of ['(.*){22}X', '(.*){200}X', '(x+x+)+y', '((.*){30}){30}X']) {
    it(`answers filter=summary=~"${pattern}" over long values, and /healthz meanwhile`, async () => {
      const filter = q(`summary=~"${pattern}"`);
      const [alerts, groups, health] = await Promise.all([
        call('GET', `/api/v2/alerts?filter=${filter}`),
        call('GET', `/api/v2/alerts/groups?filter=${filter}`),
        fetch(`${t.url}/healthz`).then((r) => r.status),
      ]);
      expect(alerts).toMatchObject({ status: 200, json: [] });
      expect(groups).toMatchObject({ status: 200, json: [] });
      expect(health).toBe(200);
      expect(Math.max(alerts.ms, groups.ms)).toBeLessThan(BOUND_MS);
    });
  }

  it('still matches what the pattern describes, anchored', async () => {
    const answer = await call('GET', `/api/v2/alerts?filter=${q('summary=~"x+"')}`);
    expect((answer.json as unknown[]).length).toBe(50);
    expect(((await call('GET', `/api/v2/alerts?filter=${q('summary=~"x{100}"')}`)).json as unknown[]).length).toBe(0);
  });

  it('reads . as not matching a newline, as Alertmanager’s Go regexps', async () => {
    const names = async (matcher: string) => ((await call('GET', `/api/v2/alerts?filter=${q(matcher)}`)).json as { labels: { alertname: string } }[]).map((a) => a.labels.alertname);
    expect(await names('summary=~"a.b"')).toEqual([]);
    expect(await names('summary=~"(?s)a.b"')).toEqual(['multi']);
  });

  it('answers a silence whose regex is pathological as quickly, and lists it', async () => {
    const created = await call('POST', '/api/v2/silences', {
      matchers: [{ name: 'summary', value: '(.*){22}X', isRegex: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'ana',
      comment: 'nothing ends in X',
    }, ADMIN);
    expect(created.status).toBe(200);
    const alerts = await call('GET', '/api/v2/alerts');
    expect(alerts.status).toBe(200);
    expect((alerts.json as { status: { state: string } }[]).every((a) => a.status.state === 'active')).toBe(true);
    expect(alerts.ms).toBeLessThan(BOUND_MS);
    const silences = await call('GET', `/api/v2/silences?filter=${q('summary=~"(.*){22}X"')}`);
    expect(silences).toMatchObject({ status: 200, json: [{ matchers: [{ name: 'summary', value: '(.*){22}X', isRegex: true }] }] });
  });

  it('refuses what RE2 cannot read with 400 and the reason, backreferences and lookaround included', async () => {
    expect(await call('GET', `/api/v2/alerts?filter=${q('summary=~"(a)\\1"')}`)).toMatchObject({ status: 400, json: expect.stringMatching(/^query\.filter: .*no backreferences/) });
    expect(await call('GET', `/api/v2/alerts/groups?receiver=${q('(?!hook)')}`)).toMatchObject({ status: 400, json: expect.stringMatching(/^query\.receiver: .*no lookahead or lookbehind/) });
    expect(await call('GET', `/api/v2/silences?filter=${q('summary=~"(x"')}`)).toMatchObject({ status: 400, json: expect.stringContaining('missing closing )') });
    const silence = await call('POST', '/api/v2/silences', {
      matchers: [{ name: 'summary', value: '(?<=a)b', isRegex: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'ana',
      comment: 'lookbehind',
    }, ADMIN);
    expect(silence).toMatchObject({ status: 400, json: expect.stringMatching(/^silence\.matchers\[0\]\.value: .*no lookahead or lookbehind/) });
  });
});
