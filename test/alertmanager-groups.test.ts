/**
 * GET /api/v2/alerts/groups and GET /api/v2/receivers on the real server, in
 * Alertmanager 0.25's shapes as karma and Alertmanager's UI read them: one
 * group per route receiver and group labels, in Alertmanager's order, and the
 * filters of GET /api/v2/alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFrom } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const ADMIN = 'admin-token-for-alert-group-tests';
const VIEWER = 'viewer-token-for-alert-group-tests';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface GettableAlert {
  labels: Record<string, string>;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}
interface AlertGroup {
  labels: Record<string, string>;
  receiver: { name: string };
  alerts: GettableAlert[];
}

let t: TestApp;
let hook: Receiver;
let silenceId: string;

async function call(method: string, path: string, body?: unknown, token = ADMIN): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}
const groups = async (query = ''): Promise<AlertGroup[]> => {
  const answer = await call('GET', `/api/v2/alerts/groups${query}`, undefined, VIEWER);
  expect(answer.status).toBe(200);
  return answer.json as AlertGroup[];
};
/** Each group as `alertname/receiver`, in the order answered. */
const outline = (list: AlertGroup[]) => list.map((g) => `${g.labels.alertname ?? ''}/${g.receiver.name}`);
const q = (value: string) => encodeURIComponent(value);

beforeAll(async () => {
  hook = await startReceiver();
  // Routes as Alertmanager's: team=web goes to two receivers and continues, P1 goes to pager; the rest to the root route, which sends nothing.
  const plan = planFrom(`
version: 1
product: { name: alertmanager-groups }
events:
  gen: { success: boolean }
channels:
  hook: { type: webhook, url: "${hook.url}/hook" }
  pager: { type: webhook, url: "${hook.url}/pager" }
routing:
  group_by: [alertname, service]
  group_wait: 0s
  routes:
    - { match: { team: web }, channels: [hook, pager], continue: true }
    - { match: { severity: P1 }, channels: [pager] }
inhibit:
  - { source: { severity: P1 }, target: { severity: P3 }, equal: [service] }
`);
  t = await startTestApp({ plan, adminToken: ADMIN, viewerToken: VIEWER });
  const posted = await call('POST', '/api/v2/alerts', [
    { labels: { alertname: 'grp_a', team: 'web', service: 'api', instance: 'b' }, annotations: { summary: 'second by instance' }, generatorURL: 'http://prom/graph?g0.expr=up' },
    { labels: { alertname: 'grp_a', team: 'web', service: 'api', instance: 'a' } },
    { labels: { alertname: 'grp_a', team: 'web', service: 'api', job: 'x' } },
    { labels: { alertname: 'grp_b', severity: 'P1', service: 'db' } },
    { labels: { alertname: 'grp_c', severity: 'P3', service: 'db' } },
    { labels: { alertname: 'grp_d', team: 'web', severity: 'P1' } },
  ]);
  expect(posted.status).toBe(200);
  const silence = await call('POST', '/api/v2/silences', {
    matchers: [{ name: 'alertname', value: 'grp_b', isRegex: false }],
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    createdBy: 'ana',
    comment: 'maintenance',
  });
  silenceId = (silence.json as { silenceID: string }).silenceID;
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

describe('GET /api/v2/alerts/groups', () => {
  it('answers one group per route receiver and group labels, fewest labels first, then by labels and receiver', async () => {
    expect(outline(await groups())).toEqual(['grp_d/hook', 'grp_d/pager', 'grp_d/pager', 'grp_a/hook', 'grp_a/pager', 'grp_b/pager', 'grp_c/none']);
  });

  it('gives each group exactly labels, receiver and alerts, and each alert the gettableAlert shape', async () => {
    const all = await groups();
    for (const group of all) expect(Object.keys(group).sort()).toEqual(['alerts', 'labels', 'receiver']);
    const apiHook = all.find((g) => g.labels.alertname === 'grp_a' && g.receiver.name === 'hook');
    expect(apiHook?.labels).toEqual({ alertname: 'grp_a', service: 'api' });
    expect(apiHook?.receiver).toEqual({ name: 'hook' });
    // Alertmanager's order within a group: by job (an alert without one after), then by instance.
    expect(apiHook?.alerts.map((a) => a.labels)).toEqual([
      { alertname: 'grp_a', team: 'web', service: 'api', job: 'x' },
      { alertname: 'grp_a', team: 'web', service: 'api', instance: 'a' },
      { alertname: 'grp_a', team: 'web', service: 'api', instance: 'b' },
    ]);
    expect(apiHook?.alerts[2]).toEqual({
      labels: { alertname: 'grp_a', team: 'web', service: 'api', instance: 'b' },
      annotations: { summary: 'second by instance' },
      startsAt: expect.stringMatching(ISO),
      endsAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      receivers: [{ name: 'hook' }, { name: 'pager' }],
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      generatorURL: 'http://prom/graph?g0.expr=up',
    });
    // The same alert in every group it is in, with the same fingerprint as GET /api/v2/alerts.
    const listed = (await call('GET', '/api/v2/alerts')).json as GettableAlert[];
    const fingerprint = listed.find((a) => a.labels.instance === 'b')?.fingerprint;
    expect(all.find((g) => g.labels.alertname === 'grp_a' && g.receiver.name === 'pager')?.alerts[2]?.fingerprint).toBe(fingerprint);
  });

  it('shows silenced and inhibited alerts with their status, and an unrouted one under the root receiver', async () => {
    const all = await groups();
    const source = all.find((g) => g.labels.alertname === 'grp_b')?.alerts[0];
    expect(source?.status).toEqual({ state: 'suppressed', silencedBy: [silenceId], inhibitedBy: [] });
    const target = all.find((g) => g.labels.alertname === 'grp_c');
    expect(target).toMatchObject({ labels: { alertname: 'grp_c', service: 'db' }, receiver: { name: 'none' } });
    expect(target?.alerts[0]).toMatchObject({ receivers: [{ name: 'none' }], status: { state: 'suppressed', silencedBy: [], inhibitedBy: [source?.fingerprint] } });
  });

  it('filters as GET /api/v2/alerts does: matchers, states and the receiver, which selects groups', async () => {
    expect(outline(await groups(`?filter=${q('service="api"')}`))).toEqual(['grp_a/hook', 'grp_a/pager']);
    expect(outline(await groups(`?filter=${q('alertname=~"grp_[bc]"')}&filter=${q('service="db"')}`))).toEqual(['grp_b/pager', 'grp_c/none']);
    expect(outline(await groups('?silenced=false'))).not.toContain('grp_b/pager');
    expect(outline(await groups('?inhibited=false'))).not.toContain('grp_c/none');
    expect(outline(await groups('?active=false'))).toEqual(['grp_b/pager', 'grp_c/none']);
    const hookOnly = await groups('?receiver=ho.*');
    expect(outline(hookOnly)).toEqual(['grp_d/hook', 'grp_a/hook']);
    // Receivers of an alert are those of the groups listed.
    expect(hookOnly.flatMap((g) => g.alerts.map((a) => a.receivers))).toEqual(Array.from({ length: 4 }, () => [{ name: 'hook' }]));
    expect(await groups('?receiver=h')).toEqual([]);
  });

  it('refuses a bad filter or receiver with 400, naming the query field', async () => {
    expect(await call('GET', `/api/v2/alerts/groups?filter=${q('==x')}`, undefined, VIEWER)).toEqual({ status: 400, json: expect.stringContaining('query.filter') });
    expect(await call('GET', '/api/v2/alerts/groups?receiver=(', undefined, VIEWER)).toEqual({ status: 400, json: expect.stringContaining('query.receiver') });
    expect(await call('GET', '/api/v2/alerts/groups?active=maybe', undefined, VIEWER)).toEqual({ status: 400, json: expect.stringContaining('query.active') });
  });
});

describe('GET /api/v2/receivers', () => {
  it('lists every channel, then the root route receiver, as names only', async () => {
    expect(await call('GET', '/api/v2/receivers', undefined, VIEWER)).toEqual({ status: 200, json: [{ name: 'hook' }, { name: 'pager' }, { name: 'none' }] });
  });
});
