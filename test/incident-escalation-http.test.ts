/**
 * The escalation scenario end to end over HTTP, on the real server (loopback,
 * a real DuckDB file, the notification worker) with a fake clock: events make
 * a P1 alert fire → an incident is declared → step 1 pages the primary's
 * webhook → nobody acknowledges → step 2 pages the secondary 5 minutes later
 * → an acknowledgement through the API stops the paging → updates → resolved
 * → the post-mortem draft, from the API, holds the whole timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
let clock = T0;
let t: TestApp;
let hook: Receiver;

beforeAll(async () => {
  hook = await startReceiver();
  const plan = planFrom(`
version: 1
product: { name: caro }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  req: { ms: number }
metrics:
  lat: { from: req, mean: ms, window: 10m, unit: ms }
channels:
  ana_hook: { type: webhook, url: "${hook.url}/ana" }
  ben_hook: { type: webhook, url: "${hook.url}/ben" }
  cleo_hook: { type: webhook, url: "${hook.url}/cleo" }
people:
  ana: { name: Ana Silva, channels: [ana_hook], timezone: Europe/Lisbon }
  ben: { name: Ben Okafor, channels: [ben_hook], timezone: America/New_York }
  cleo: { name: Cleo Tan, channels: [cleo_hook], timezone: Asia/Singapore }
schedules:
  primary: { rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ana, cleo] } }
  secondary: { rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ben, cleo] } }
escalation:
  default:
    - { notify: schedule:primary }
    - { after: 5m, notify: schedule:secondary }
    - { after: 30m, notify: person:cleo }
alerts:
  - { name: latency_high, when: "lat > 1000", severity: P1, summary: "latency {{ value }}" }
routing:
  group_wait: 0s
  routes:
    - { match: { severity: P1 }, escalation: default }
`);
  t = await startTestApp({ plan, scheduler: true, now: () => clock });
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

interface Page {
  status: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

const api = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await fetch(`${t.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
/** The pages in the outbox: the channel of each. */
const outbox = async (): Promise<string[]> => ((await api('GET', '/api/v1/notifications')).json.notifications as { channel: string }[]).map((n) => n.channel).sort();
const timeline = async (): Promise<{ kind: string; by: string; text: string }[]> => (await api('GET', '/api/v1/incidents/INC-1')).json.timeline as { kind: string; by: string; text: string }[];

describe('an alert that pages through an escalation policy, over HTTP', () => {
  it('goes from the first page to the post-mortem draft', async () => {
    // Monday 2 March 2026, 10:00 UTC (11:00 in Lisbon): ana is primary, ben secondary this week.
    const oncall = await api('GET', '/api/v1/oncall');
    expect(JSON.stringify(oncall.json)).toContain('"ana"');

    // Slow requests: the rule fires at the next evaluation, which declares INC-1 and pages step 1.
    const events = JSON.stringify(Array.from({ length: 3 }, (_, i) => ({ type: 'req', id: `r${i}`, timestamp: new Date(clock - 1000).toISOString(), properties: { ms: 2500 } })));
    expect((await t.post('/v1/events', events)).status).toBe(200);
    await t.app.evaluateAndRecord();

    const incidents = (await api('GET', '/api/v1/incidents?status=open')).json.incidents as { id: string; severity: string; declared_by: string; alerts: string[]; paging: unknown }[];
    expect(incidents).toEqual([expect.objectContaining({ id: 'INC-1', severity: 'SEV1', declared_by: 'launchwatch', paging: { policy: 'default', steps_paged: 1 } })]);
    const [first] = await hook.waitFor(1);
    expect(first?.path).toBe('/ana');
    const page = first?.body as Page;
    expect(page.groupLabels).toEqual({ incident: 'INC-1', person: 'ana' });
    expect(page.alerts.map((a) => [a.status, a.labels.alertname, a.labels.severity, a.annotations.summary])).toEqual([['firing', 'latency_high', 'P1', 'latency 2500 ms']]);

    // Nobody acknowledges; the latency stays high. At 4 minutes nothing more, at 5 the secondary is paged.
    clock = T0 + 4 * M;
    await t.app.evaluateAndRecord();
    expect(await outbox()).toEqual(['ana_hook']);
    clock = T0 + 5 * M;
    await t.app.evaluateAndRecord();
    const [, second] = await hook.waitFor(2);
    expect(second?.path).toBe('/ben');
    expect((second?.body as Page).groupLabels).toEqual({ incident: 'INC-1', person: 'ben' });

    // Ben acknowledges through the API: step 3 (cleo, at 30 minutes) never comes.
    clock = T0 + 7 * M;
    const ack = await api('POST', '/api/v1/incidents/INC-1/ack', { by: 'ben' });
    expect(ack.status).toBe(201);
    expect(ack.json.incident).toMatchObject({ acknowledged_at: new Date(T0 + 7 * M).toISOString(), targets: { response: { verdict: 'missed', over_ms: 2 * M } } });
    clock = T0 + 31 * M;
    await t.app.evaluateAndRecord();
    expect(await outbox()).toEqual(['ana_hook', 'ben_hook']);

    // Updates: ben takes command, a public update with a status change; the status page shows it.
    clock = T0 + 32 * M;
    const updated = await api('POST', '/api/v1/incidents/INC-1/updates', { text: 'We rolled back the model; latency is recovering.', public: true, status: 'identified', commander: 'ben', by: 'ben' });
    expect(updated.status).toBe(201);
    const status = await fetch(`${t.url}/status.json`);
    expect(await status.text()).toContain('We rolled back the model; latency is recovering.');

    // Resolved through the API, then the post-mortem draft.
    clock = T0 + 40 * M;
    expect((await api('POST', '/api/v1/incidents/INC-1/resolve', { text: 'Latency is back to normal.', by: 'ben' })).status).toBe(201);
    expect((await timeline()).map((e) => `${e.kind} ${e.by}`)).toEqual([
      'declared launchwatch',
      'note launchwatch',
      'alert_fired launchwatch',
      'escalated launchwatch',
      'escalated launchwatch',
      'acknowledged ben',
      // SEV1 wants an update every 15 minutes: the evaluation at 31 minutes reminds (no commander yet: nobody).
      'reminder launchwatch',
      'commander_changed ben',
      'public_update ben',
      'status_changed ben',
      'resolved ben',
      'note launchwatch',
    ]);
    const draft = await fetch(`${t.url}/api/v1/incidents/INC-1/postmortem`);
    expect(draft.headers.get('content-type')).toMatch(/^text\/markdown/);
    const markdown = await draft.text();
    for (const text of [
      'alert latency_high fired',
      'step 1 of escalation default: paged ana (ana_hook)',
      'step 2 of escalation default: paged ben (ben_hook)',
      'acknowledged by ben',
      'We rolled back the model; latency is recovering.',
      'Latency is back to normal.',
    ]) {
      expect(markdown).toContain(text);
    }
    expect(markdown).not.toContain('step 3');
    expect(hook.received.map((r) => r.path)).toEqual(['/ana', '/ben']);
  });
});
