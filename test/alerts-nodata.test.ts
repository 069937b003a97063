/**
 * GET /api/v1/alerts for alerts in no data: each has the severity its rule
 * pages with (its one severity, or its least severe level), the same as its
 * `severity` label, so the dashboard never shows an alert without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const ADMIN = 'admin-token-0123456789abcdef';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    plan: planFrom(`
version: 1
product: { name: nodata }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
events:
  gen: { success: boolean, latency_ms: number }
metrics:
  ok_rate: { from: gen, ratio: { success: true }, window: 1h }
  p95_ms: { from: gen, quantile: { of: latency_ms, q: 0.95 }, window: 1h }
alerts:
  - { name: ok_rate_low, when: ok_rate < 90%, severity: P1 }
  - { name: slow, when: { P2: p95_ms > 500, P1: p95_ms > 1000 } }
`),
    adminToken: ADMIN,
  });
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/alerts in no data', () => {
  it('gives a no-data alert its rule severity: the single one, or the least severe level', async () => {
    await t.app.alerts.tick();
    const { status, json } = await t.get('/api/v1/alerts?state=nodata', ADMIN);
    expect(status).toBe(200);
    const alerts = (json as { alerts: { rule: string; state: string; severity: string | null; labels: Record<string, string> }[] }).alerts;
    const byRule = Object.fromEntries(alerts.map((a) => [a.rule, [a.state, a.severity, a.labels.severity]]));
    expect(byRule).toEqual({ ok_rate_low: ['nodata', 'P1', 'P1'], slow: ['nodata', 'P2', 'P2'] });
  });
});
