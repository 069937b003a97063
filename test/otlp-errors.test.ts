/**
 * POST /v1/logs error answers as OTLP/HTTP specifies them: launchwatch's status
 * codes with a google.rpc.Status body in the request's encoding (decoded here
 * with protobufjs from the Status message of googleapis' google/rpc/status.proto),
 * the ingest rate limit shared with POST /v1/events (429 + Retry-After), and
 * the refusal of event types launchwatch writes itself.
 */
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLAN = `
version: 1
product: { name: caro }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} }, { name: web, key: other-key-0123456789 } ] }
events:
  command: { backend: { enum: [static, embedded] } }
metrics:
  commands: { from: command, count: true, window: 1h }
`;

// google/rpc/status.proto and google/protobuf/any.proto, written out here independently of src/otlp/proto.ts.
const rpc = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
  },
}).lookupType('Status');
const ExportLogsServiceRequest = protobuf.Root.fromJSON({
  nested: {
    ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
    ResourceLogs: { fields: { scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 } } },
    ScopeLogs: { fields: { logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 } } },
    LogRecord: { fields: { timeUnixNano: { type: 'fixed64', id: 1 }, eventName: { type: 'string', id: 12 } } },
  },
}).lookupType('ExportLogsServiceRequest');

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const record = (eventName: string, attributes: Record<string, string> = {}) => ({
  eventName,
  timeUnixNano: `${Date.now() - 1000}000000`,
  attributes: Object.entries(attributes).map(([key, v]) => ({ key, value: { stringValue: v } })),
});
const json = (records: unknown[]) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] });
const proto = (names: string[]) =>
  Buffer.from(ExportLogsServiceRequest.encode(ExportLogsServiceRequest.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: names.map((eventName) => ({ eventName })) }] }] })).finish());

async function post(test: TestApp, body: Buffer | string, headers: Record<string, string>, path = '/v1/logs'): Promise<Response> {
  return fetch(`${test.url}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${INGEST_KEY}`, ...headers } });
}

async function jsonStatus(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

async function protoStatus(response: Response): Promise<{ code: number; message: string; details: unknown[] }> {
  expect(response.headers.get('content-type')).toBe('application/x-protobuf');
  const decoded = rpc.toObject(rpc.decode(new Uint8Array(await response.arrayBuffer())), { arrays: true, defaults: true });
  return decoded as { code: number; message: string; details: unknown[] };
}

describe('POST /v1/logs errors as google.rpc.Status', () => {
  it('answers JSON requests with a JSON Status, keeping the HTTP status codes', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const ok = json([record('command', { backend: 'static' })]);
    const unauthorized = await post(app, ok, { 'content-type': 'application/json', authorization: 'Bearer wrong' });
    expect(unauthorized.status).toBe(401);
    expect(await jsonStatus(unauthorized)).toEqual({ code: 16, message: 'a valid ingest key is required: Authorization: Bearer <key>', details: [] });
    const notJson = await post(app, '{nope', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(await jsonStatus(notJson)).toEqual({ code: 3, message: 'the body is not valid JSON', details: [] });
    const badType = await post(app, ok, { 'content-type': 'text/plain' });
    expect(badType.status).toBe(415);
    expect(await jsonStatus(badType)).toEqual({ code: 3, message: 'Content-Type must be application/x-protobuf or application/json', details: [] });
  });

  it('answers protobuf requests with a protobuf Status, for errors found by the route and by the body parser', async () => {
    app = await startTestApp({ plan: planFrom(PLAN.replace('ingest: {', 'ingest: { max_body: 1KB,')) });
    const unauthorized = await post(app, proto(['command']), { 'content-type': 'application/x-protobuf', authorization: 'Bearer wrong' });
    expect(unauthorized.status).toBe(401);
    expect(await protoStatus(unauthorized)).toEqual({ code: 16, message: 'a valid ingest key is required: Authorization: Bearer <key>', details: [] });
    const badProto = await post(app, Buffer.from([0x0a, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    const bad = await protoStatus(badProto);
    expect(bad.code).toBe(3);
    expect(bad.message).toMatch(/^the body is not an OTLP ExportLogsServiceRequest in protobuf/);
    const tooLarge = await post(app, proto(Array.from({ length: 200 }, () => 'command')), { 'content-type': 'application/x-protobuf' });
    expect(tooLarge.status).toBe(413);
    expect(await protoStatus(tooLarge)).toEqual({ code: 3, message: 'request body is larger than the configured limit (ingest.max_body: 1KB)', details: [] });
  });

  it('answers 503 with Retry-After and an UNAVAILABLE Status while ingest is paused', async () => {
    app = await startTestApp({ plan: planFrom(`${PLAN}privacy:\n  ingest: paused\n  pause_reason: telemetry backend stopped\n`) });
    const paused = await post(app, proto(['command']), { 'content-type': 'application/x-protobuf' });
    expect(paused.status).toBe(503);
    expect(paused.headers.get('retry-after')).toBe('600');
    expect(await protoStatus(paused)).toMatchObject({ code: 14, message: expect.stringContaining('telemetry backend stopped') });
  });
});

describe('POST /v1/logs rate limit', () => {
  const LIMITED = PLAN.replace('ingest: {', 'ingest: { rate_limit: { events_per_second: 0.001, burst: 5 },');

  it('shares the key budget with POST /v1/events and answers 429 with Retry-After and a RESOURCE_EXHAUSTED Status', async () => {
    app = await startTestApp({ plan: planFrom(LIMITED) });
    const events = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ type: 'command', timestamp: Date.now(), properties: { backend: 'static' } })));
    expect((await app.post('/v1/events', events(4))).json).toMatchObject({ accepted: 4 });
    // One token left for the key: two records are too many, whichever endpoint.
    const limited = await post(app, json([record('command'), record('command', { backend: 'embedded' })]), { 'content-type': 'application/json' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await jsonStatus(limited)).toEqual({ code: 8, message: 'ingest key "cli" is over its rate limit of 0.001 events/s; retry after the Retry-After header\'s seconds', details: [] });
    const limitedProto = await post(app, proto(['command', 'command']), { 'content-type': 'application/x-protobuf' });
    expect(limitedProto.status).toBe(429);
    expect(limitedProto.headers.get('retry-after')).not.toBeNull();
    expect((await protoStatus(limitedProto)).code).toBe(8);
    // The last token goes to one record; then POST /v1/events of the same key is limited too.
    const last = await post(app, json([record('command', { backend: 'static' })]), { 'content-type': 'application/json' });
    expect(last.status).toBe(200);
    expect(await last.json()).toEqual({});
    expect((await app.post('/v1/events', events(1))).status).toBe(429);
    // Another key has its own budget.
    const other = await post(app, json([record('command', { backend: 'embedded' })]), { 'content-type': 'application/json', authorization: 'Bearer other-key-0123456789' });
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual({});
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('launchwatch_ingest_requests_rejected_total{reason="rate_limited"} 3\n');
    expect(await (await app.get('/api/v1/metrics/commands')).json).toMatchObject({ metric: { value: 6 } });
  });

  it('refuses a request with more records than the burst with 413', async () => {
    app = await startTestApp({ plan: planFrom(LIMITED) });
    const response = await post(app, proto(Array.from({ length: 6 }, () => 'command')), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(413);
    expect(await protoStatus(response)).toEqual({ code: 3, message: "6 log records in one request is more than the rate limit's burst of 5; send smaller batches", details: [] });
  });
});
