/**
 * Plan metric ids that end as Prometheus's own suffixes do (`_sum`, `_count`,
 * `_bucket`, `_total`, `_created`) still give an exposition the real
 * `promtool check metrics` accepts, each under a name of its own.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';
import { promtoolCheck, requirePromtool } from './helpers/prometheus-scrape.js';

const IDS = ['checkout_time_sum', 'orders_count', 'latency_bucket', 'requests_total', 'accounts_created', 'checkout_time_sum_value', 'plain'];
const PLAN = `
version: 1
product: { name: expo }
ingest: { keys: [ { name: t, key: ${INGEST_KEY} } ] }
events:
  order: { duration_ms: number }
metrics:
${IDS.map((id) => `  ${id}: { from: order, sum: duration_ms, window: 1h, target: { green: ">= 1" } }`).join('\n')}
`;
const T = Date.parse('2026-03-02T10:00:00Z');

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});
beforeAll(() => requirePromtool());

describe('GET /metrics with ids ending in a Prometheus suffix', () => {
  it('is promtool-clean, and every metric keeps its value under a distinct name', async () => {
    app = await startTestApp({ plan: planFrom(PLAN), now: () => T });
    const events = [{ type: 'order', timestamp: new Date(T - 60_000).toISOString(), properties: { duration_ms: 40 } }];
    expect(await app.post('/v1/events', JSON.stringify({ events }))).toMatchObject({ status: 200, json: { accepted: 1 } });
    const text = await (await fetch(`${app.url}/metrics`)).text();

    const check = promtoolCheck(text);
    expect(check, check.output).toEqual({ status: 0, output: '' });
    for (const id of ['checkout_time_sum', 'orders_count', 'latency_bucket', 'requests_total', 'accounts_created', 'checkout_time_sum_value']) {
      expect(text).toContain(`# TYPE launchwatch_metric_${id}_value gauge\n`);
      expect(text).toContain(`\nlaunchwatch_metric_${id}_value 40\n`);
      expect(text).toContain(`launchwatch_status{metric="${id}"} 0\n`);
    }
    expect(text).toContain('\nlaunchwatch_metric_plain 40\n');
  });
});
