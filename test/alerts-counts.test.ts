/**
 * GET /api/v1/alerts's counts, which the Overview shows: a silenced or
 * inhibited alert counts as silenced or inhibited, never as firing, in total
 * and per severity. On the real server, with posted alerts and a silence
 * created through the API.
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
product: { name: counts }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ] }
events:
  gen: { success: boolean }
metrics:
  ok_rate: { from: gen, ratio: { success: true }, window: 1h }
inhibit:
  - { source: { severity: P1 }, target: { severity: P3 }, equal: [service] }
`),
    adminToken: ADMIN,
  });
});
afterAll(async () => {
  await t.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

describe('GET /api/v1/alerts counts', () => {
  it('counts silenced and inhibited alerts as such, not as firing, in total and per severity', async () => {
    expect((await call('GET', '/api/v1/alerts')).json).toMatchObject({ counts: { firing: 0, silenced: 0, inhibited: 0, by_severity: { P1: { firing: 0, silenced: 0, inhibited: 0 } } } });
    expect(
      (
        await call('POST', '/api/v2/alerts', [
          { labels: { alertname: 'db_down', severity: 'P1', service: 'db' } },
          { labels: { alertname: 'db_slow', severity: 'P3', service: 'db' } },
          { labels: { alertname: 'installer_flaky', severity: 'P1', service: 'install' } },
          { labels: { alertname: 'web_slow', severity: 'P2', service: 'web' } },
        ])
      ).status,
    ).toBe(200);
    const silence = await call('POST', '/api/v2/silences', {
      matchers: [{ name: 'alertname', value: 'installer_flaky', isRegex: false }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'ana',
      comment: 'known flaky installer',
    });
    expect(silence.status).toBe(200);
    const { json } = await call('GET', '/api/v1/alerts');
    expect((json as { counts: unknown }).counts).toEqual({
      firing: 2,
      silenced: 1,
      inhibited: 1,
      by_severity: {
        P1: { firing: 1, silenced: 1, inhibited: 0 },
        P2: { firing: 1, silenced: 0, inhibited: 0 },
        P3: { firing: 0, silenced: 0, inhibited: 1 },
        P4: { firing: 0, silenced: 0, inhibited: 0 },
      },
    });
    // The counts are of every alert, whatever the list's state filter.
    expect(((await call('GET', '/api/v1/alerts?state=resolved')).json as { counts: { firing: number } }).counts.firing).toBe(2);
  });
});
