/**
 * The Alertmanager API v2 subset on the real server, with the admin token set:
 * shapes and validation of every endpoint over fetch; the real amtool adding,
 * listing and expiring a silence and querying alerts; and a real Prometheus
 * whose always-firing rule reaches our /api/v2/alerts and, routed by the
 * plan, the webhook.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { VERSION } from '../src/version.js';
import { planFrom } from './helpers/plan.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { amtool, requireTools, startPrometheus, waitFor, type Amtool, type PrometheusProcess } from './helpers/prometheus-tools.js';

const ADMIN = 'admin-token-for-alertmanager-tests';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let t: TestApp;
let hook: Receiver;
let cli: Amtool;
let prometheus: PrometheusProcess | undefined;

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
  generatorURL?: string;
}
interface GettableSilence {
  id: string;
  status: { state: string };
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
}

beforeAll(async () => {
  requireTools();
  hook = await startReceiver();
  const plan = planFrom(`
version: 1
product: { name: alertmanager-api }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  gen: { success: boolean }
metrics:
  ok_rate: { from: gen, ratio: { success: true }, window: 1h }
channels:
  hook: { type: webhook, url: "${hook.url}/alerts" }
routing:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  routes:
    - { match: { team: web }, channels: [hook] }
inhibit:
  - { source: { severity: P1 }, target: { severity: P3 }, equal: [service] }
`);
  t = await startTestApp({ plan, adminToken: ADMIN, scheduler: true });
  cli = amtool(t.url, ADMIN);
});
afterAll(async () => {
  await prometheus?.stop();
  cli.close();
  await t.close();
  await hook.close();
});

async function call(method: string, path: string, body?: unknown, token: string | null = ADMIN): Promise<{ status: number; json: unknown; text: string }> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as unknown) : null };
}
const alerts = async (query = ''): Promise<GettableAlert[]> => (await call('GET', `/api/v2/alerts${query}`)).json as GettableAlert[];
const named = (list: GettableAlert[], name: string) => list.filter((a) => a.labels.alertname === name);
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const silenceBody = (over: Record<string, unknown> = {}) => ({
  matchers: [{ name: 'alertname', value: 'api_silenced', isRegex: false }],
  startsAt: new Date().toISOString(),
  endsAt: inAnHour(),
  createdBy: 'ana',
  comment: 'maintenance',
  ...over,
});

describe('the Alertmanager API v2 over HTTP', () => {
  it('requires the admin token, and answers errors as a JSON string like Alertmanager', async () => {
    const denied = await call('GET', '/api/v2/status', undefined, null);
    expect(denied.status).toBe(401);
    expect(denied.json).toEqual(expect.stringContaining('admin token'));
  });

  it('reports status: cluster, version, uptime, and the routing as YAML without secrets', async () => {
    const { status, json } = await call('GET', '/api/v2/status');
    expect(status).toBe(200);
    const body = json as { cluster: unknown; versionInfo: Record<string, unknown>; config: { original: string }; uptime: string };
    expect(body.cluster).toEqual({ name: 'launchwatch', status: 'ready', peers: [] });
    expect(Object.keys(body.versionInfo).sort()).toEqual(['branch', 'buildDate', 'buildUser', 'goVersion', 'launchwatch', 'revision', 'version']);
    expect(Object.values(body.versionInfo).every((v) => typeof v === 'string')).toBe(true);
    // An Alertmanager version amtool accepts without a warning, and launchwatch's own beside it.
    expect(body.versionInfo).toMatchObject({ version: '0.25.0', launchwatch: VERSION });
    expect(body.uptime).toMatch(ISO);
    expect(parseYaml(body.config.original)).toEqual({
      route: { receiver: 'none', group_by: ['alertname'], group_wait: '0s', group_interval: '1s', repeat_interval: '4h', routes: [{ receiver: 'hook', matchers: ['team="web"'], continue: false }] },
      inhibit_rules: [{ source_matchers: ['severity="P1"'], target_matchers: ['severity="P3"'], equal: ['service'] }],
      receivers: [{ name: 'hook' }, { name: 'none' }],
    });
    expect(body.config.original).not.toContain(hook.url);
  });

  it('takes posted alerts and lists them in the gettableAlert shape', async () => {
    const posted = await call('POST', '/api/v2/alerts', [
      { labels: { alertname: 'api_shape', team: 'web', empty: '' }, annotations: { summary: 'shape' }, startsAt: '2026-01-01T00:00:00.123456789Z', generatorURL: 'http://prom/graph?g0.expr=up' },
    ]);
    expect(posted).toMatchObject({ status: 200, text: '' });
    const [alert] = named(await alerts(), 'api_shape');
    expect(alert).toEqual({
      labels: { alertname: 'api_shape', team: 'web' },
      annotations: { summary: 'shape' },
      startsAt: '2026-01-01T00:00:00.123Z',
      endsAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      receivers: [{ name: 'hook' }],
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      generatorURL: 'http://prom/graph?g0.expr=up',
    });
    // Without an end time it ends after Alertmanager's resolve timeout unless posted again.
    expect(Date.parse(alert?.endsAt ?? '')).toBeGreaterThan(Date.now());
  });

  it('refuses bad alerts naming the field, and still takes the good ones of a batch', async () => {
    const bad = async (body: unknown) => (await call('POST', '/api/v2/alerts', body)) as { status: number; json: string };
    expect(await bad({ labels: { alertname: 'x' } })).toMatchObject({ status: 400, json: expect.stringContaining('expected an array') });
    expect(await bad([{ labels: { alertname: 1 } }])).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0].labels.alertname') });
    expect(await bad([{ labels: { empty: '' } }])).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0].labels: at least one label pair') });
    expect(await bad([{ labels: { 'bad-name': 'x' } }])).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0].labels.bad-name') });
    expect(await bad([{ labels: { a: 'b' }, startsAt: '2026-01-01' }])).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0].startsAt') });
    const backwards = [{ labels: { a: 'b' }, startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }];
    expect(await bad(backwards)).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0].endsAt') });
    expect(await bad('{"not json')).toMatchObject({ status: 400 });
    const mixed = await bad([{ labels: {} }, { labels: { alertname: 'api_batch_good' } }]);
    expect(mixed).toMatchObject({ status: 400, json: expect.stringContaining('alerts[0]') });
    expect(named(await alerts(), 'api_batch_good')).toHaveLength(1);
  });

  it('filters alerts by matchers, receiver and state; resolved alerts are not listed', async () => {
    await call('POST', '/api/v2/alerts', [
      { labels: { alertname: 'api_source', severity: 'P1', service: 'db' } },
      { labels: { alertname: 'api_target', severity: 'P3', service: 'db' } },
      { labels: { alertname: 'api_silenced', severity: 'P3', service: 'web' } },
      { labels: { alertname: 'api_resolved' }, startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T01:00:00Z' },
    ]);
    const silence = (await call('POST', '/api/v2/silences', silenceBody())).json as { silenceID: string };
    const all = await alerts();
    const source = named(all, 'api_source')[0];
    expect(named(all, 'api_target')[0]?.status).toEqual({ state: 'suppressed', silencedBy: [], inhibitedBy: [source?.fingerprint] });
    expect(named(all, 'api_silenced')[0]?.status).toEqual({ state: 'suppressed', silencedBy: [silence.silenceID], inhibitedBy: [] });
    expect(named(all, 'api_resolved')).toEqual([]);
    expect(all.map((a) => a.fingerprint)).toEqual(all.map((a) => a.fingerprint).sort());

    const names = (list: GettableAlert[]) => list.map((a) => a.labels.alertname).filter((n) => n?.startsWith('api_')).sort();
    expect(names(await alerts('?filter=alertname%3D%22api_source%22'))).toEqual(['api_source']);
    expect(names(await alerts('?filter=service%3Ddb&filter=severity%3D~%22P1%7CP3%22'))).toEqual(['api_source', 'api_target']);
    expect(names(await alerts('?active=false'))).toEqual(['api_silenced', 'api_target']);
    expect(names(await alerts('?silenced=false&inhibited=false&filter=service%3D~%22db%7Cweb%22'))).toEqual(['api_source']);
    expect(names(await alerts('?receiver=ho.*'))).toEqual(['api_shape']);
    expect((await call('GET', '/api/v2/alerts?filter=%3D%3Dx')).json).toEqual(expect.stringContaining('query.filter'));
    expect((await call('GET', '/api/v2/alerts?receiver=(')).status).toBe(400);
    expect((await call('GET', '/api/v2/alerts?active=maybe')).json).toEqual(expect.stringContaining('query.active'));
  });

  it('creates, reads, updates, lists and expires silences', async () => {
    const created = await call('POST', '/api/v2/silences', silenceBody({ matchers: [{ name: 'team', value: 'ops|db', isRegex: true }], startsAt: '2020-01-01T00:00:00Z' }));
    expect(created.status).toBe(200);
    const id = (created.json as { silenceID: string }).silenceID;
    expect(id).toMatch(UUID);
    const read = async (sid: string) => (await call('GET', `/api/v2/silence/${sid}`)).json as GettableSilence;
    const silence = await read(id);
    expect(silence).toEqual({
      id,
      status: { state: 'active' },
      matchers: [{ name: 'team', value: 'ops|db', isRegex: true, isEqual: true }],
      startsAt: expect.stringMatching(ISO),
      endsAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      createdBy: 'ana',
      comment: 'maintenance',
    });
    // A new silence never starts in the past.
    expect(Date.parse(silence.startsAt)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));

    // Same matchers and start: updated in place. Other matchers: a new silence, the old one expired.
    const inPlace = await call('POST', '/api/v2/silences', { ...silence, comment: 'longer', endsAt: new Date(Date.now() + 7_200_000).toISOString() });
    expect(inPlace.json).toEqual({ silenceID: id });
    expect((await read(id)).comment).toBe('longer');
    const replaced = (await call('POST', '/api/v2/silences', { ...silence, matchers: [{ name: 'team', value: 'ops', isRegex: false }] })).json as { silenceID: string };
    expect(replaced.silenceID).not.toBe(id);
    expect((await read(id)).status.state).toBe('expired');

    const pending = (await call('POST', '/api/v2/silences', silenceBody({ startsAt: inAnHour(), endsAt: new Date(Date.now() + 7_200_000).toISOString() }))).json as { silenceID: string };
    expect((await read(pending.silenceID)).status.state).toBe('pending');

    const listed = (await call('GET', '/api/v2/silences?filter=team%3Dops')).json as GettableSilence[];
    expect(listed.map((s) => s.id)).toEqual([replaced.silenceID]);
    const everything = (await call('GET', '/api/v2/silences')).json as GettableSilence[];
    const states = everything.map((s) => s.status.state);
    expect(states).toEqual([...states].sort((a, b) => ['active', 'pending', 'expired'].indexOf(a) - ['active', 'pending', 'expired'].indexOf(b)));

    expect(await call('DELETE', `/api/v2/silence/${replaced.silenceID}`)).toMatchObject({ status: 200, text: '' });
    const expired = await read(replaced.silenceID);
    expect(expired.status.state).toBe('expired');
    expect(Date.parse(expired.endsAt)).toBeLessThanOrEqual(Date.now());
    expect((await call('DELETE', `/api/v2/silence/${replaced.silenceID}`)).status).toBe(200);
  });

  it('refuses bad silences naming the field, and unknown ids', async () => {
    const bad = async (over: Record<string, unknown>) => (await call('POST', '/api/v2/silences', silenceBody(over))) as { status: number; json: string };
    expect(await bad({ matchers: [] })).toMatchObject({ status: 400, json: expect.stringContaining('silence.matchers') });
    expect(await bad({ createdBy: undefined })).toMatchObject({ status: 400, json: expect.stringContaining('silence.createdBy') });
    expect(await bad({ endsAt: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 400, json: expect.stringContaining('silence.endsAt') });
    expect(await bad({ startsAt: '2030-01-01T00:00:00Z', endsAt: '2029-01-01T00:00:00Z' })).toMatchObject({ status: 400, json: expect.stringContaining('before the end') });
    expect(await bad({ matchers: [{ name: 'a', value: '(', isRegex: true }] })).toMatchObject({ status: 400, json: expect.stringContaining('silence.matchers[0].value') });
    expect(await bad({ matchers: [{ name: 'a-b', value: 'x', isRegex: false }] })).toMatchObject({ status: 400, json: expect.stringContaining('silence.matchers[0].name') });
    expect(await bad({ matchers: [{ name: 'a', value: '.*', isRegex: true }] })).toMatchObject({ status: 400, json: expect.stringContaining('empty string') });
    expect(await bad({ id: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ status: 404 });
    expect((await call('GET', '/api/v2/silence/nope')).status).toBe(404);
    expect((await call('DELETE', '/api/v2/silence/nope')).status).toBe(404);
  });
});

describe('amtool', () => {
  it('adds, lists and expires a silence, and queries alerts', async () => {
    const id = (await cli.ok('silence', 'add', 'alertname=amtool_x', '--comment=from amtool', '--author=ana', '--duration=1h')).trim();
    expect(id).toMatch(UUID);
    const listed = JSON.parse(await cli.ok('silence', 'query', '-o', 'json')) as GettableSilence[];
    expect(listed.find((s) => s.id === id)).toMatchObject({ createdBy: 'ana', comment: 'from amtool', matchers: [{ name: 'alertname', value: 'amtool_x', isRegex: false }] });
    expect((JSON.parse(await cli.ok('silence', 'query', '-o', 'json', 'alertname=amtool_x')) as GettableSilence[]).map((s) => s.id)).toEqual([id]);

    await call('POST', '/api/v2/alerts', [{ labels: { alertname: 'amtool_x', team: 'web' } }, { labels: { alertname: 'amtool_y' } }]);
    const active = JSON.parse(await cli.ok('alert', 'query', '-o', 'json')) as GettableAlert[];
    expect(named(active, 'amtool_y')).toHaveLength(1);
    expect(named(active, 'amtool_x')).toEqual([]);
    const silenced = JSON.parse(await cli.ok('alert', 'query', '--silenced', '-o', 'json', 'alertname=amtool_x')) as GettableAlert[];
    expect(silenced.map((a) => a.status)).toEqual([{ state: 'suppressed', silencedBy: [id], inhibitedBy: [] }]);

    await cli.ok('silence', 'expire', id);
    expect((JSON.parse(await cli.ok('silence', 'query', '-o', 'json')) as GettableSilence[]).map((s) => s.id)).not.toContain(id);
    expect((JSON.parse(await cli.ok('silence', 'query', '--expired', '-o', 'json')) as GettableSilence[]).map((s) => s.id)).toContain(id);
    expect(named(JSON.parse(await cli.ok('alert', 'query', '-o', 'json')) as GettableAlert[], 'amtool_x')).toHaveLength(1);
  });

  it('prints our reason when a silence is refused, and fails without the token', async () => {
    const refused = await cli.run('silence', 'add', 'team=~".*"', '--comment=everything', '--author=ana');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('at least one matcher must not match the empty string');
    const anonymous = amtool(t.url);
    try {
      const denied = await anonymous.run('silence', 'query');
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain('401');
    } finally {
      anonymous.close();
    }
  });

  it('does not warn that its version differs from the server\'s', async () => {
    const result = await cli.run('silence', 'query');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('loads the routing from the status as an Alertmanager configuration', async () => {
    expect((await cli.ok('config', 'routes', 'test', 'team=web')).trim()).toBe('hook');
    expect((await cli.ok('config', 'routes', 'test', 'team=db')).trim()).toBe('none');
  });
});

describe('a real Prometheus', () => {
  it('sends its firing alert to /api/v2/alerts, and the plan routes it to the webhook', async () => {
    prometheus = await startPrometheus({
      alertmanager: new URL(t.url).host,
      token: ADMIN,
      rule: `groups:
  - name: launchwatch
    interval: 1s
    rules:
      - alert: PrometheusAlwaysFiring
        expr: vector(1)
        for: 0s
        labels: { team: web, severity: P2 }
        annotations: { summary: "fires from Prometheus" }
`,
    });
    const running = prometheus;
    const delivered = await waitFor(() => hook.received.find((r) => JSON.stringify(r.body).includes('PrometheusAlwaysFiring')), 'the webhook to hear PrometheusAlwaysFiring', {
      timeoutMs: 90_000,
      detail: () => `Prometheus said:\n${running.output().slice(-3000)}`,
    });
    expect(delivered.body).toMatchObject({
      status: 'firing',
      receiver: 'hook',
      alerts: [{ status: 'firing', labels: { alertname: 'PrometheusAlwaysFiring', team: 'web', severity: 'P2' }, annotations: { summary: 'fires from Prometheus' } }],
    });
    // The webhook passes Prometheus's own link to the expression on, not launchwatch's.
    expect((delivered.body as { alerts: { generatorURL: string }[] }).alerts[0]?.generatorURL).toMatch(/^http:\/\/[^/]+\/graph\?g0\.expr=vector/);
    const [listed] = named(await alerts(), 'PrometheusAlwaysFiring');
    expect(listed).toMatchObject({ receivers: [{ name: 'hook' }], status: { state: 'active' }, generatorURL: expect.stringContaining('/graph?g0.expr=') });
  }, 120_000);
});

describe('amtool with time intervals', () => {
  it('reads time_intervals and the routes naming them from the status: config routes, config show and check-config accept them', async () => {
    const app = await startTestApp({
      plan: planFrom(`
version: 1
product: { name: alertmanager-intervals }
events:
  gen: { success: boolean }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/alerts" }
  mail: { type: webhook, url: "http://127.0.0.1:9/mail" }
time_intervals:
  - name: business_hours
    time_intervals:
      - { weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:30' }], location: Europe/Lisbon }
  - name: maintenance
    time_intervals:
      - { weekdays: [sunday], times: [{ start_time: '22:00', end_time: '24:00' }] }
      - { days_of_month: ['-1', '1:3'], months: ['january:march', '12'], years: ['2026:2027'], location: America/New_York }
routing:
  routes:
    - { match: { severity: P2 }, channels: [hook, mail], active_time_intervals: [business_hours], mute_time_intervals: [maintenance] }
    - { match: { severity: P3 }, channels: [mail], mute_time_intervals: [maintenance] }
`),
      adminToken: ADMIN,
    });
    const tool = amtool(app.url, ADMIN);
    try {
      expect((await tool.ok('config', 'routes', 'test', 'severity=P2')).trim()).toBe('hook,mail');
      expect((await tool.ok('config', 'routes', 'test', 'severity=P3')).trim()).toBe('mail');
      const shown = await tool.ok('config', 'show');
      const config = parseYaml(shown) as { route: { routes: Record<string, unknown>[] }; time_intervals: unknown };
      expect(config.route.routes.map((r) => [r.receiver, r.mute_time_intervals, r.active_time_intervals])).toEqual([
        ['hook', ['maintenance'], ['business_hours']],
        ['mail', ['maintenance'], ['business_hours']],
        ['mail', ['maintenance'], undefined],
      ]);
      expect(config.time_intervals).toEqual([
        { name: 'business_hours', time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:30' }], location: 'Europe/Lisbon' }] },
        {
          name: 'maintenance',
          time_intervals: [
            { weekdays: ['sunday'], times: [{ start_time: '22:00', end_time: '24:00' }] },
            { days_of_month: ['-1', '1:3'], months: ['january:march', 'december'], years: ['2026:2027'], location: 'America/New_York' },
          ],
        },
      ]);
      // Alertmanager's own loader, with its checks of every field and of the names routes give.
      const { status, json } = await (async () => {
        const res = await fetch(`${app.url}/api/v2/status`, { headers: { authorization: `Bearer ${ADMIN}` } });
        return { status: res.status, json: (await res.json()) as { config: { original: string } } };
      })();
      expect(status).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'lw-amconfig-'));
      try {
        const file = join(dir, 'alertmanager.yml');
        writeFileSync(file, json.config.original);
        const checked = await tool.run('check-config', file);
        expect(checked.stdout + checked.stderr).toContain('SUCCESS');
        expect(checked.code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      tool.close();
      await app.close();
    }
  });
});
