/**
 * User ids over POST /v1/logs and POST /v1/events on the real server: the
 * machine-made ids exporters and SDKs send (`anonymous`, `device-abcdef`,
 * `u_otel_proto`) are stored, e-mail addresses and names are refused; a
 * refused log record is logged once per cause at warn level with its count,
 * never its content, and counted by cause in GET /metrics.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLAN = `
version: 1
product: { name: caro }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
otlp: { event_name_attribute: event.name }
events:
  command: { success: boolean }
metrics:
  users: { from: command, distinct: user_id, window: 1h }
`;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const nanos = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();
const record = (user: string) => ({
  timeUnixNano: nanos(Date.now() - 1000),
  attributes: [
    { key: 'event.name', value: { stringValue: 'command' } },
    { key: 'success', value: { boolValue: true } },
    { key: 'user.id', value: { stringValue: user } },
  ],
});
const logs = (users: string[]) => JSON.stringify({ resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 't' }, logRecords: users.map(record) }] }] });

describe('user ids', () => {
  it('stores machine-made ids and refuses e-mail addresses and names; a refused log record is logged per cause with its count and counted in /metrics', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    app = await startTestApp({ plan: planFrom(PLAN), logger });
    const response = await fetch(`${app.url}/v1/logs`, {
      method: 'POST',
      body: logs(['anonymous', 'device-abcdef', 'u_otel_proto', 'jane@example.com', 'ben@example.org', 'Jane Doe']),
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
    });
    expect(((await response.json()) as { partialSuccess: { rejectedLogRecords: number } }).partialSuccess.rejectedLogRecords).toBe(3);
    expect(((await app.get('/api/v1/metrics/users')).json as { metric: { value: number } }).metric.value).toBe(3);

    // pino's level 40 is warn.
    const warned = lines.filter((l) => l.includes('OTLP log records rejected')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned.map(({ level, reason, detail, count }) => ({ level, reason, detail, count }))).toEqual([
      { level: 40, reason: 'user_id', detail: 'looks like an e-mail address', count: 2 },
      { level: 40, reason: 'user_id', detail: 'looks like a name (an id needs a digit)', count: 1 },
    ]);
    const all = lines.join('');
    for (const value of ['jane@example.com', 'ben@example.org', 'Jane Doe']) expect(all).not.toContain(value);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('launchwatch_otlp_log_records_rejected_total{reason="user_id"} 3\n');

    const events = await app.post('/v1/events', JSON.stringify({ events: [{ type: 'command', timestamp: Date.now() - 1000, user_id: 'anonymous', properties: { success: true } }] }));
    expect(events.json).toMatchObject({ accepted: 1 });
  });
});
