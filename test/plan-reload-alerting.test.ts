/**
 * Alerting across a plan reload, on the real app with its notification
 * worker: an alert whose rule left the plan resolves and the channel that
 * heard it fire hears the resolution; a channel whose URL changed sends its
 * next notification to the new URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

interface WebhookBody {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

function planText(url: string, rules: readonly string[]): string {
  return `version: 1
product: { name: reloading }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
evaluation: { interval: 1h }
events:
  gen: { success: boolean }
metrics:
  success_rate: { from: gen, ratio: { success: true }, window: 1h, target: { green: ">= 90%" } }
  gens: { from: gen, count: true, window: 1h }
channels:
  hook: { type: webhook, url: "${url}" }
alerts:
${rules.join('\n')}
routing:
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - { match: { severity: [P1] }, channels: [hook] }
`;
}

const LOW_SUCCESS = '  - { name: success_rate_low, when: success_rate < 80%, severity: P1 }';
const MANY = '  - { name: many_gens, when: gens > 1000000, severity: P1 }';

const gens = (success: boolean, n: number) => JSON.stringify(Array.from({ length: n }, () => ({ type: 'gen', timestamp: Date.now() - 1000, properties: { success } })));
const bodies = (r: Receiver) => r.received.map((x) => x.body as WebhookBody);

let t: TestApp | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

describe('alerting after a plan reload', () => {
  it('resolves the firing alert of a rule that left the plan, and tells the channel that heard it fire', async () => {
    const hook = await startReceiver();
    receivers.push(hook);
    t = await startTestApp({ plan: planFrom(planText(`${hook.url}/a`, [LOW_SUCCESS, MANY])), scheduler: true });
    await t.post('/v1/events', gens(false, 10));
    const [fired] = await hook.waitFor(1);
    expect(fired?.body).toMatchObject({ status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'success_rate_low' } }] });

    expect(await t.app.reload(planFrom(planText(`${hook.url}/a`, [MANY])))).toMatchObject({ kind: 'reloaded' });
    const [, resolved] = await hook.waitFor(2);
    expect(resolved?.body).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', labels: { alertname: 'success_rate_low' } }] });
    const listed = (await t.get('/api/v1/alerts?state=firing')).json as { alerts: unknown[] };
    expect(listed.alerts).toEqual([]);
  });

  it('sends the next notification of a channel whose URL changed to the new URL', async () => {
    const before = await startReceiver();
    const after = await startReceiver();
    receivers.push(before, after);
    t = await startTestApp({ plan: planFrom(planText(`${before.url}/hook`, [LOW_SUCCESS])), scheduler: true });
    await t.post('/v1/events', gens(false, 10));
    await before.waitFor(1);

    expect(await t.app.reload(planFrom(planText(`${after.url}/hook`, [LOW_SUCCESS])))).toMatchObject({ kind: 'reloaded' });
    await t.post('/v1/events', gens(true, 200)); // the rate recovers: the alert resolves
    const [resolved] = await after.waitFor(1);
    expect(resolved?.path).toBe('/hook');
    expect(resolved?.body).toMatchObject({ status: 'resolved', alerts: [{ labels: { alertname: 'success_rate_low' } }] });
    expect(bodies(before).map((b) => b.status)).toEqual(['firing']);
  });
});
