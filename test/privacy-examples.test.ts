/** The example plans carry the privacy promises: a privacy section, the PII metric, and a PII-leak rule firing P1. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanFile } from '../src/plan/load.js';

const ENV = { CARO_INGEST_KEY: 'k-caro', WEBAPP_INGEST_KEY: 'k-webapp', PD_ROUTING_KEY: 'rk', SLACK_WEBHOOK_URL: 'https://hooks.example.com/t', SMTP_HOST: 'localhost', SLACK_INCIDENTS_WEBHOOK_URL: 'https://hooks.example.com/i', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'tw' };

describe.each(['caro', 'webapp'])('examples/%s.yaml', (name) => {
  it('keeps events 90 days, refuses non-opaque user ids, and pages P1 on any redaction', async () => {
    const result = await loadPlanFile(fileURLToPath(new URL(`../examples/${name}.yaml`, import.meta.url)), ENV);
    if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
    const plan = result.plan;
    expect(plan.privacy).toMatchObject({ ingest: { paused: false }, userId: 'reject', retention: { eventsMs: 90 * 86_400_000, samplesMs: null } });
    expect(plan.metrics.find((m) => m.id === 'pii_redactions')).toMatchObject({ from: 'launchwatch_redaction', measure: { kind: 'sum', of: 'count' }, by: ['kind'] });
    const rule = plan.alerts.find((a) => a.name === 'pii_leak');
    expect(rule).toBeDefined();
    expect(JSON.stringify(rule)).toContain('"P1"');
  });
});
