/**
 * Paging for incidents declared by hand, over HTTP on the real server: a SEV1
 * declared with POST /api/v1/incidents pages the plan's policy for SEV1
 * (`incidents.paging`) at once → nobody acknowledges → step 2 five minutes
 * later (fake clock) → POST …/ack stops the paging. The steps paged survive a
 * restart, so none is paged twice. Pages reach a local webhook receiver
 * through the notification worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { declareCommand } from '../src/cli/incident-write.js';
import { createLogger } from '../src/logger.js';
import type { Plan } from '../src/plan/types.js';
import { planFrom } from './helpers/plan.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');

function pagingPlan(hookUrl: string): Plan {
  return planFrom(`
version: 1
product: { name: paging }
evaluation: { interval: 1h }
events:
  req: { ms: number }
metrics:
  lat: { from: req, mean: ms, window: 5m, unit: ms }
channels:
  ana_hook: { type: webhook, url: "${hookUrl}/ana" }
  ben_hook: { type: webhook, url: "${hookUrl}/ben" }
people:
  ana: { name: Ana Silva, channels: [ana_hook] }
  ben: { name: Ben Okafor, channels: [ben_hook] }
schedules:
  primary: { rotation: { every: 1w, people: [ana] } }
escalation:
  default:
    - { notify: schedule:primary }
    - { after: 5m, notify: person:ben }
incidents:
  paging: { SEV1: default }
`);
}

interface WebhookBody {
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

let hook: Receiver;
let dir: string;
let clock: number;
let app: Launchwatch | undefined;
let url: string;

async function open(plan: Plan): Promise<void> {
  app = await createLaunchwatch({ plan, dataDir: dir, port: 0, logger: createLogger('silent'), memoryLimit: '512MB', now: () => clock });
  url = await app.start();
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const escalated = async (id: string): Promise<string[]> => {
  const { json } = await call('GET', `/api/v1/incidents/${id}`);
  return (json.timeline as { kind: string; text: string }[]).filter((e) => e.kind === 'escalated').map((e) => e.text);
};

beforeEach(async () => {
  hook = await startReceiver();
  dir = mkdtempSync(join(tmpdir(), 'lw-paging-'));
  clock = T0;
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an incident declared by hand', () => {
  it('pages its severity’s escalation policy step by step until acknowledged, across a restart', async () => {
    const plan = pagingPlan(hook.url);
    await open(plan);

    const declared = await call('POST', '/api/v1/incidents', { title: 'Checkout is down', severity: 'SEV1', by: 'cleo' });
    expect(declared.status).toBe(201);
    // Step 1 is paged before the answer: the primary on call, Ana, on her channel.
    expect(declared.json.incident).toMatchObject({ id: 'INC-1', acknowledged_at: null, paging: { policy: 'default', steps_paged: 1 } });
    const [first] = await hook.waitFor(1);
    expect(first?.path).toBe('/ana');
    const page = first?.body as WebhookBody;
    expect(page.groupLabels).toEqual({ incident: 'INC-1', person: 'ana' });
    expect(page.alerts).toEqual([
      expect.objectContaining({ status: 'firing', labels: { alertname: 'INC-1: Checkout is down', incident: 'INC-1', severity: 'SEV1' } }),
    ]);
    expect(await escalated('INC-1')).toEqual(['step 1 of escalation default: paged ana (ana_hook)']);

    // The server restarts: what was paged is remembered.
    await app?.stop();
    clock = T0 + 4 * M;
    await open(plan);
    await app?.alerts.tick();
    expect(await escalated('INC-1')).toEqual(['step 1 of escalation default: paged ana (ana_hook)']);

    // Nobody acknowledged: step 2 at 5 minutes, to Ben.
    clock = T0 + 5 * M;
    await app?.alerts.tick();
    const [, second] = await hook.waitFor(2);
    expect(second?.path).toBe('/ben');
    expect(await escalated('INC-1')).toEqual(['step 1 of escalation default: paged ana (ana_hook)', 'step 2 of escalation default: paged ben (ben_hook)']);

    // Ben acknowledges: no page after that, and the outbox holds only the two pages.
    clock = T0 + 6 * M;
    const ack = await call('POST', '/api/v1/incidents/INC-1/ack', { by: 'ben' });
    expect(ack.status).toBe(201);
    expect(ack.json.incident).toMatchObject({ acknowledged_at: new Date(T0 + 6 * M).toISOString() });
    // Past step 2's time and before the SEV1 update reminder at 15 minutes.
    clock = T0 + 14 * M;
    await app?.alerts.tick();
    expect((await app?.stores.state.notifications({}))?.map((n) => n.channel).sort()).toEqual(['ana_hook', 'ben_hook']);
    const { json } = await call('GET', '/api/v1/incidents/INC-1');
    const kinds = (json.timeline as { kind: string; by: string }[]).map((e) => `${e.kind} ${e.by}`);
    expect(kinds).toEqual(['declared cleo', 'note cleo', 'escalated launchwatch', 'escalated launchwatch', 'acknowledged ben']);
  });

  it('is paged when declared with the CLI, which says so', async () => {
    await open(pagingPlan(hook.url));
    let printed = '';
    const declared = await declareCommand({ url, title: 'Checkout is down', severity: 'SEV1', components: {}, by: 'cleo' }, (text) => (printed += text));
    expect(declared).toBe(0);
    expect(printed).toBe('INC-1 declared (SEV1, investigating): Checkout is down\npaging through escalation default: 1 step paged, the next ones at their time until someone acknowledges\n');
    const [page] = await hook.waitFor(1);
    expect(page?.path).toBe('/ana');
  });

  it('does not page a severity without a policy, nor an incident declared by its own commander', async () => {
    await open(pagingPlan(hook.url));
    const sev2 = await call('POST', '/api/v1/incidents', { title: 'Slow search', severity: 'SEV2', by: 'cleo' });
    expect(sev2.json.incident).toMatchObject({ paging: null });
    const commanded = await call('POST', '/api/v1/incidents', { title: 'Checkout is down', severity: 'SEV1', by: 'ana', commander: 'ana' });
    expect(commanded.json.incident).toMatchObject({ paging: null, acknowledged_at: new Date(T0).toISOString() });
    clock = T0 + 10 * M;
    await app?.alerts.tick();
    expect(await app?.stores.state.notifications({})).toEqual([]);
  });
});
