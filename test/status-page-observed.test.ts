/**
 * The status page of a server that has just started, against the real app:
 * it claims only the days it observed (no "89 of 90 days operational" after
 * six minutes), and an incident declared from an alert reads the public title
 * the plan gives it, never the alert's or the metric's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusJson } from '../src/status/json.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const MINUTE = 60_000;
const PLAN = `
version: 1
product: { name: Caro }
ingest: { keys: [{ name: test, key: ${INGEST_KEY} }] }
events:
  checkout: { ok: boolean }
metrics:
  checkout_failures:
    title: Checkout failures
    from: checkout
    where: { ok: false }
    count: true
    window: 1h
components:
  api: { name: Payments }
incidents:
  public_title: We are looking into a problem
alerts:
  - name: checkout_failing
    when: checkout_failures > 0
    severity: P1
    labels: { component: api }
    public_summary: Some payments are failing
  - name: checkout_failing_twice
    when: checkout_failures > 1
    severity: P1
    labels: { component: api }
`;

let clock = Date.parse('2026-11-22T12:00:00Z');
let t: TestApp;

async function statusJson(): Promise<StatusJson> {
  return (await t.get('/status.json')).json as StatusJson;
}

beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN), now: () => clock });
  await t.app.evaluateAndRecord();
  clock += 6 * MINUTE;
  await t.app.evaluateAndRecord();
});
afterAll(async () => t?.close());

describe('a status page six minutes after the first start', () => {
  it('shows the days before the first evaluation as no data, and counts only the day it saw', async () => {
    const html = await (await fetch(`${t.url}/status`)).text();
    expect(html).not.toMatch(/8\d of 90 days operational/);
    expect(html).toContain('1 of 1 day operational, 89 days before monitoring began (no data)');
    expect(html).toContain('1 of 1 day operational, 29 days before monitoring began (no data)');
    const history = (await statusJson()).components[0]?.history ?? [];
    expect(history).toHaveLength(90);
    expect(history.filter((d) => d.observed)).toEqual([{ date: '2026-11-22', state: 'operational', incidents: [], uptime: null, observed: true }]);
  });

  it('titles an incident declared from an alert with the plan public text', async () => {
    const events = [1, 2].map((i) => ({ id: `f${i}`, type: 'checkout', timestamp: clock - i * 1000, properties: { ok: false } }));
    expect((await t.post('/v1/events', JSON.stringify({ events }))).status).toBe(200);
    await t.app.evaluateAndRecord();
    const active = (await statusJson()).incidents.active;
    expect(active.map((i) => i.title).sort()).toEqual(['Some payments are failing', 'We are looking into a problem']);
    for (const incident of active) expect(incident.updates.find((u) => u.kind === 'declared')?.text).toBe(incident.title);
    const html = await (await fetch(`${t.url}/status`)).text();
    expect(html).not.toMatch(/checkout_failing|checkout_failures/);
    expect(html).toContain('<h3>Some payments are failing</h3>');
  });
});
