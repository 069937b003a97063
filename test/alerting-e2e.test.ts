/**
 * Alerting end to end on the real server: events make a rule fire, the
 * webhook hears it in Alertmanager's format, an acknowledgement is recorded,
 * and the resolution is delivered once the metric recovers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { planFrom } from './helpers/plan.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

let t: TestApp;
let hook: Receiver;

interface WebhookBody {
  status: string;
  receiver: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }[];
}

beforeAll(async () => {
  hook = await startReceiver();
  const plan = planFrom(`
version: 1
product: { name: alerting }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  gen: { backend: { enum: [static, embedded] }, success: boolean }
metrics:
  success_rate: { from: gen, ratio: { success: true }, by: backend, window: 1h, target: { green: ">= 90%" } }
channels:
  hook: { type: webhook, url: "${hook.url}/alerts" }
alerts:
  - name: success_rate_low
    when: success_rate < 80%
    severity: P1
    summary: "Success rate {{ value }} for {{ group.backend }}"
    runbook: https://example.com/runbooks/success
routing:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - { match: { severity: [P1, P2] }, channels: [hook] }
`);
  t = await startTestApp({ plan, scheduler: true });
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

const gens = (success: boolean, n: number, backend = 'embedded') =>
  JSON.stringify(Array.from({ length: n }, () => ({ type: 'gen', timestamp: Date.now() - 1000, properties: { backend, success } })));

describe('an alert rule on a metric', () => {
  it('fires per group, is delivered to the webhook, can be acknowledged, and resolves', async () => {
    await t.post('/v1/events', gens(true, 10, 'static'));
    await t.post('/v1/events', gens(false, 10, 'embedded'));
    const fired = { body: (await hook.waitFor(1))[0]?.body as WebhookBody };
    expect(fired.body).toMatchObject({ status: 'firing', receiver: 'hook', groupLabels: { alertname: 'success_rate_low' } });
    expect(fired.body.alerts).toHaveLength(1);
    const alert = fired.body.alerts[0];
    expect(alert).toMatchObject({
      status: 'firing',
      labels: { alertname: 'success_rate_low', backend: 'embedded', severity: 'P1' },
      annotations: { summary: 'Success rate 0% for embedded', runbook: 'https://example.com/runbooks/success' },
    });

    const listed = (await t.get('/api/v1/alerts')).json as { alerts: { fingerprint: string; state: string; value: number }[] };
    expect(listed.alerts).toEqual([expect.objectContaining({ fingerprint: alert?.fingerprint, state: 'firing', value: 0 })]);

    const ack = await fetch(`${t.url}/api/v1/alerts/${alert?.fingerprint ?? ''}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'ana' }),
    });
    expect(ack.status).toBe(201);
    expect(await ack.json()).toMatchObject({ acknowledged: true, alert: { acknowledged_by: 'ana', state: 'firing' } });

    // The metric recovers: 90 good events against 10 bad ones.
    await t.post('/v1/events', gens(true, 90, 'embedded'));
    const resolved = { body: (await hook.waitFor(2))[1]?.body as WebhookBody };
    expect(resolved.body).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', fingerprint: alert?.fingerprint }] });

    const history = (await t.get(`/api/v1/alerts/history?fingerprint=${alert?.fingerprint ?? ''}`)).json as { transitions: { from: string; to: string; reason: string }[] };
    expect(history.transitions.map((h) => `${h.from}>${h.to}:${h.reason}`)).toEqual(['firing>resolved:condition_cleared', 'firing>firing:acknowledged', 'inactive>firing:condition_met']);
    // The worker marks a delivery sent once the receiver has answered, so the mark may land just after the receiver heard it.
    await vi.waitFor(async () => {
      const sent = (await t.get('/api/v1/notifications?status=sent')).json as { notifications: { channel: string; alert_status: string }[] };
      expect(sent.notifications.map((n) => n.alert_status)).toEqual(['resolved', 'firing']);
    }, { timeout: 5000, interval: 50 });
  });

  it('says why an acknowledgement cannot be made', async () => {
    const missing = await fetch(`${t.url}/api/v1/alerts/0000000000000000/ack`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await t.get('/api/v1/alerts?state=burning')).json as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
