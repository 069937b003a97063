/**
 * Event types launchwatch writes itself (probe_result, launchwatch_redaction)
 * are refused per event on POST /v1/events and POST /v1/logs, with the reason;
 * telemetry_consent, which clients send, is still accepted. Real server, real DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

// The probe checks a closed port, so no result of its own is ever ok: any ok result would be a client's.
const PLAN = `
version: 1
product: { name: caro }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
events: { visit: { page: string } }
probes:
  api: { url: "http://127.0.0.1:1/healthz", timeout: 1s, interval: 10m }
metrics:
  ok_probe_runs: { from: probe_result, where: { ok: true }, count: true, window: 1h }
  redactions: { from: launchwatch_redaction, count: true, window: 1h }
  consents: { from: telemetry_consent, count: true, window: 1h }
  visits: { from: visit, count: true, window: 1h }
`;

const PROBE_REFUSAL = "type: probe_result is written by launchwatch's own probes; clients cannot send it";
const REDACTION_REFUSAL = "type: launchwatch_redaction is written by launchwatch's own redaction of personal data; clients cannot send it";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ plan: planFrom(PLAN) });
});
afterAll(async () => t.close());

const value = async (id: string): Promise<unknown> => ((await t.get(`/api/v1/metrics/${id}`)).json as { metric: { value: unknown } }).metric.value;

describe('server-written event types', () => {
  it('POST /v1/events refuses probe_result and launchwatch_redaction per event, keeps the others and telemetry_consent', async () => {
    const at = Date.now() - 1000;
    const { status, json } = await t.post(
      '/v1/events',
      JSON.stringify([
        { type: 'visit', timestamp: at, properties: { page: '/' } },
        { type: 'probe_result', timestamp: at, properties: { probe: 'api', ok: true, latency_ms: 5, reason: 'ok' } },
        { type: 'launchwatch_redaction', timestamp: at, properties: { kind: 'email', event: 'visit', property: 'page', count: 1 } },
        { type: 'telemetry_consent', timestamp: at, properties: { choice: 'opt_in' } },
      ]),
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({
      accepted: 2,
      rejected: [
        { index: 1, error: PROBE_REFUSAL },
        { index: 2, error: REDACTION_REFUSAL },
      ],
    });
    expect(await value('visits')).toBe(1);
    expect(await value('consents')).toBe(1);
    expect(await value('ok_probe_runs')).toBe(0);
    expect(await value('redactions')).toBe(0);
  });

  it('POST /v1/logs refuses them in its partial success', async () => {
    const attrs = (entries: Record<string, string | boolean>) =>
      Object.entries(entries).map(([key, v]) => ({ key, value: typeof v === 'boolean' ? { boolValue: v } : { stringValue: v } }));
    const timeUnixNano = `${Date.now() - 1000}000000`;
    const body = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { eventName: 'probe_result', timeUnixNano, attributes: attrs({ probe: 'api', ok: true, reason: 'ok' }) },
                { eventName: 'launchwatch_redaction', timeUnixNano, attributes: attrs({ kind: 'email', event: 'visit', property: 'page' }) },
                { eventName: 'visit', timeUnixNano, attributes: attrs({ page: '/docs' }) },
              ],
            },
          ],
        },
      ],
    });
    const response = await fetch(`${t.url}/v1/logs`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: { rejectedLogRecords: 2, errorMessage: `2 log record(s) rejected: record 0: ${PROBE_REFUSAL}; record 1: ${REDACTION_REFUSAL}` },
    });
    expect(await value('visits')).toBe(2);
    expect(await value('ok_probe_runs')).toBe(0);
  });
});
