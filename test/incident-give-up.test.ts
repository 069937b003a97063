/**
 * A repeating escalation policy that gives up, over HTTP on the real server
 * (loopback, a real DuckDB file, the notification worker) with a fake clock:
 * a SEV1 declared by hand pages `default` (repeat: 1, so two rounds of ana at
 * 0 and ben at 5 minutes, the second round from 15 minutes) → nobody
 * acknowledges → at 30 minutes ana, ben and the commander are told, once, that
 * paging gave up after 2 rounds → nothing more. Acknowledged before that: no
 * give-up notice. Pages reach a local webhook receiver through the outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const GAVE_UP = 'INC-1: nobody acknowledged after 2 rounds of escalation default; paging stopped';

interface WebhookBody {
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

let hook: Receiver;
let started: TestApp | undefined;
let clock: number;

beforeEach(async () => {
  hook = await startReceiver();
  clock = T0;
  const plan = planFrom(`
version: 1
product: { name: giveup }
evaluation: { interval: 1h }
events:
  req: { ms: number }
channels:
  ana_hook: { type: webhook, url: "${hook.url}/ana" }
  ben_hook: { type: webhook, url: "${hook.url}/ben" }
  cleo_hook: { type: webhook, url: "${hook.url}/cleo" }
people:
  ana: { name: Ana Silva, channels: [ana_hook] }
  ben: { name: Ben Okafor, channels: [ben_hook] }
  cleo: { name: Cleo Tan, channels: [cleo_hook] }
schedules:
  primary: { rotation: { every: 1w, people: [ana] } }
escalation:
  default:
    repeat: 1
    repeat_after: 10m
    steps:
      - { notify: schedule:primary }
      - { after: 5m, notify: person:ben }
incidents:
  severities: { SEV1: { update_every: false } }
  paging: { SEV1: default }
`);
  started = await startTestApp({ plan, scheduler: true, now: () => clock });
});
afterEach(async () => {
  await started?.close();
  started = undefined;
  await hook.close();
});

/** The app the test started. */
function app(): TestApp {
  if (!started) throw new Error('the app did not start');
  return started;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${app().url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Moves the fake clock to `minutes` after T0 and runs the scheduler's work once. */
async function at(minutes: number): Promise<void> {
  clock = T0 + minutes * M;
  await app().app.alerts.tick();
}

/** Where the pages went, in order. */
const paths = (): string[] => hook.received.map((r) => r.path);
/** Every notification the outbox holds, delivered or not: the channel of each. */
const outbox = async (): Promise<string[]> => ((await app().app.stores.state.notifications({})).map((n) => n.channel)).sort();
const escalated = async (): Promise<string[]> =>
  ((await call('GET', '/api/v1/incidents/INC-1')).json.timeline as { kind: string; text: string }[]).filter((e) => e.kind === 'escalated').map((e) => e.text);

async function declare(): Promise<void> {
  const declared = await call('POST', '/api/v1/incidents', { title: 'Checkout is down', severity: 'SEV1', by: 'dan', commander: 'cleo' });
  expect(declared.status).toBe(201);
  expect(declared.json.incident).toMatchObject({ id: 'INC-1', acknowledged_at: null, paging: { policy: 'default', steps_paged: 1 } });
}

describe('an escalation policy with repeat that nobody acknowledges', () => {
  it('pages each step once per round, then tells everyone once that paging gave up, then stops', async () => {
    await declare();
    await hook.waitFor(1);
    await at(5);
    await hook.waitFor(2);
    // Between the rounds: nothing.
    await at(14);
    expect(await outbox()).toEqual(['ana_hook', 'ben_hook']);
    await at(15);
    await hook.waitFor(3);
    await at(20);
    await hook.waitFor(4);
    expect(paths()).toEqual(['/ana', '/ben', '/ana', '/ben']);
    // The second round is the same page as the first: the incident, to the person the step reaches.
    const pages = hook.received.map((r) => r.body as WebhookBody);
    expect(pages.map((p) => p.alerts.map((a) => a.labels.alertname))).toEqual([['INC-1: Checkout is down'], ['INC-1: Checkout is down'], ['INC-1: Checkout is down'], ['INC-1: Checkout is down']]);

    // The last round ended at 20 minutes; 10 minutes later (repeat_after) the policy gives up.
    await at(29);
    expect(await outbox()).toHaveLength(4);
    await at(30);
    const all = await hook.waitFor(7);
    const notices = all.slice(4);
    expect(notices.map((r) => r.path).sort()).toEqual(['/ana', '/ben', '/cleo']);
    for (const notice of notices) {
      const body = notice.body as WebhookBody;
      expect(body.groupLabels.incident).toBe('INC-1');
      expect(body.alerts).toEqual([
        expect.objectContaining({
          status: 'firing',
          labels: { alertname: GAVE_UP, incident: 'INC-1', severity: 'SEV1' },
          annotations: { summary: GAVE_UP, description: 'Checkout is down (SEV1) is still open and unacknowledged' },
        }),
      ]);
    }
    expect(await escalated()).toEqual([
      'step 1 of escalation default: paged ana (ana_hook)',
      'step 2 of escalation default: paged ben (ben_hook)',
      'step 3 of escalation default: paged ana (ana_hook)',
      'step 4 of escalation default: paged ben (ben_hook)',
      `${GAVE_UP}: told ana, ben, cleo`,
    ]);

    // After giving up: no page and no second notice, however long nobody answers.
    await at(31);
    await at(45);
    await at(120);
    expect(await outbox()).toEqual(['ana_hook', 'ana_hook', 'ana_hook', 'ben_hook', 'ben_hook', 'ben_hook', 'cleo_hook']);
    expect((await escalated()).length).toBe(5);
    const incident = (await call('GET', '/api/v1/incidents/INC-1')).json.incident;
    expect(incident).toMatchObject({ status: 'investigating', acknowledged_at: null });
  });

  it('sends no give-up notice once someone acknowledges', async () => {
    await declare();
    await at(5);
    await at(15);
    await hook.waitFor(3);
    clock = T0 + 17 * M;
    expect((await call('POST', '/api/v1/incidents/INC-1/ack', { by: 'ana' })).status).toBe(201);
    await at(20);
    await at(30);
    await at(120);
    expect(await outbox()).toEqual(['ana_hook', 'ana_hook', 'ben_hook']);
    await hook.waitFor(3);
    expect(paths()).toEqual(['/ana', '/ben', '/ana']);
    expect((await escalated()).some((text) => text.includes('gave up') || text.includes('paging stopped'))).toBe(false);
  });
});
