/**
 * POST /v1/logs with the real OpenTelemetry JS SDK (HTTP/JSON and protobuf
 * exporters, gzip or not) sending to the real server, a short-lived child
 * process that flushes on exit, and the OTLP partial-success answers.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { OTLPLogExporter as HttpLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLAN = `
version: 1
product: { name: caro }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
otlp: { event_name_attribute: event.name }
events:
  command:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
  session_start: { shell: { type: string, optional: true } }
metrics:
  commands: { from: command, count: true, window: 1h }
  success_rate: { from: command, ratio: { success: true }, window: 1h }
  users: { from: command, distinct: user_id, window: 1h }
`;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function metric(test: TestApp, id: string): Promise<number | null> {
  return ((await test.get(`/api/v1/metrics/${id}`)).json as { metric: { value: number | null } }).metric.value;
}

function provider(exporter: HttpLogExporter | ProtoLogExporter): LoggerProvider {
  return new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 600_000 })] });
}

/** The exporters' compression option is an enum of the exporter base package; its value is the string. */
const GZIP = 'gzip' as unknown as NonNullable<NonNullable<ConstructorParameters<typeof ProtoLogExporter>[0]>['compression']>;

const nanos = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();
const record = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  timeUnixNano: nanos(Date.now() - 1000),
  attributes: Object.entries(attributes).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
  })),
  ...extra,
});
const request = (records: unknown[]) => ({ resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 't' }, logRecords: records }] }] });

async function post(test: TestApp, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${test.url}/v1/logs`, { method: 'POST', body, headers: { authorization: `Bearer ${INGEST_KEY}`, ...headers } });
}

describe('POST /v1/logs with the OpenTelemetry SDK', () => {
  it('stores records sent by the HTTP/JSON exporter, mapped to the declared event, user.id as the user', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const sdk = provider(new HttpLogExporter({ url: `${app.url}/v1/logs`, headers: { Authorization: `Bearer ${INGEST_KEY}` } }));
    const logger = sdk.getLogger('caro');
    logger.emit({ attributes: { 'event.name': 'command', backend: 'static', success: true, duration_ms: 120, 'user.id': 'u1' } });
    logger.emit({ eventName: 'command', attributes: { backend: 'embedded', success: false, duration_ms: 900, 'user.id': 'u2' } });
    await sdk.shutdown();
    expect(await metric(app, 'commands')).toBe(2);
    expect(await metric(app, 'success_rate')).toBe(0.5);
    expect(await metric(app, 'users')).toBe(2);
  });

  it('stores records sent by the protobuf exporter, gzip-compressed', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const sdk = provider(new ProtoLogExporter({ url: `${app.url}/v1/logs`, headers: { Authorization: `Bearer ${INGEST_KEY}` }, compression: GZIP }));
    for (let i = 0; i < 5; i++) sdk.getLogger('caro').emit({ eventName: 'command', attributes: { backend: 'static', success: true, duration_ms: i } });
    await sdk.shutdown();
    expect(await metric(app, 'commands')).toBe(5);
  });

  it('receives what a short-lived process flushes as it exits', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const script = fileURLToPath(new URL('./fixtures/otlp/short-lived.mjs', import.meta.url));
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [script], { env: { ...process.env, OTLP_URL: `${app?.url ?? ''}/v1/logs`, INGEST_KEY, RECORDS: '7' }, timeout: 60_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
      ),
    );
    expect(await metric(app, 'commands')).toBe(7);
    expect(await metric(app, 'users')).toBe(7);
  });
});

describe('POST /v1/logs answers', () => {
  it('answers a JSON partial success naming the rejected records, and keeps the good ones', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const body = request([
      record({ 'event.name': 'command', backend: 'static', success: true, duration_ms: 5, extra: 'dropped' }),
      record({ 'event.name': 'not_declared', x: 1 }),
      record({ backend: 'static' }),
      record({ 'event.name': 'command', backend: 'quantum', success: true, duration_ms: 5 }),
    ]);
    const response = await post(app, JSON.stringify(body), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
    expect(answer.partialSuccess.rejectedLogRecords).toBe(3);
    expect(answer.partialSuccess.errorMessage).toContain('record 1: type: "not_declared" is not declared in the plan');
    expect(answer.partialSuccess.errorMessage).toContain('record 2: no event name: the record has no eventName and no "event.name" attribute');
    expect(answer.partialSuccess.errorMessage).toContain('record 3:');
    expect(await metric(app, 'commands')).toBe(1);
  });

  it('answers {} when every record is stored, and stores a resent batch once', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const body = JSON.stringify(request([record({ 'event.name': 'session_start', shell: 'fish' })]));
    for (let i = 0; i < 2; i++) {
      const response = await post(app, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(await response.json()).toEqual({});
    }
    expect((await app.app.stores.events.counts()).session_start).toBe(1);
  });

  it('answers a protobuf ExportLogsServiceResponse to a protobuf request, read back by the OpenTelemetry serializer', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const sdk = provider(new ProtoLogExporter({ url: `${app.url}/v1/logs`, headers: { Authorization: `Bearer ${INGEST_KEY}` } }));
    // Capture the exporter's own protobuf body, with one bad record, and send it ourselves to see the answer.
    let captured: Uint8Array | undefined;
    const original = ProtobufLogsSerializer.serializeRequest.bind(ProtobufLogsSerializer);
    ProtobufLogsSerializer.serializeRequest = (logs) => (captured = original(logs));
    try {
      sdk.getLogger('caro').emit({ eventName: 'command', attributes: { backend: 'static', success: true, duration_ms: 1 } });
      sdk.getLogger('caro').emit({ eventName: 'nope', attributes: {} });
      await sdk.shutdown();
    } finally {
      ProtobufLogsSerializer.serializeRequest = original;
    }
    expect(captured).toBeDefined();
    const response = await post(app, Buffer.from(captured ?? new Uint8Array()), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = ProtobufLogsSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()));
    expect(Number(decoded.partialSuccess?.rejectedLogRecords)).toBe(1);
    expect(decoded.partialSuccess?.errorMessage).toContain('"nope" is not declared');
  });

  it('counts the redactions of stored records in GET /metrics, a resent record counting nothing twice', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const body = JSON.stringify(request([record({ 'event.name': 'session_start', shell: 'zsh for a@b.io' })]));
    expect(await (await post(app, body, { 'content-type': 'application/json' })).json()).toEqual({});
    expect(await (await post(app, body, { 'content-type': 'application/json' })).json()).toEqual({});
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('launchwatch_redactions_total{kind="email"} 1\n');
  });

  it('refuses a missing or wrong ingest key, a malformed body, bad gzip and an unknown encoding', async () => {
    app = await startTestApp({ plan: planFrom(PLAN) });
    const ok = JSON.stringify(request([]));
    expect((await fetch(`${app.url}/v1/logs`, { method: 'POST', body: ok, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect((await post(app, ok, { 'content-type': 'application/json', authorization: 'Bearer wrong' })).status).toBe(401);
    const notJson = await post(app, '{nope', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ code: 3, message: 'the body is not valid JSON', details: [] });
    expect((await post(app, '[1]', { 'content-type': 'application/json' })).status).toBe(400);
    const badProto = await post(app, Buffer.from([0x0a, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    expect(badProto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await post(app, ok, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post(app, ok, { 'content-type': 'application/json', 'content-encoding': 'br' })).status).toBe(400);
    expect((await post(app, ok, { 'content-type': 'text/plain' })).status).toBe(415);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('launchwatch_ingest_requests_rejected_total{reason="unauthorized"} 2\n');
  });

  it('refuses a gzip body that inflates past the body limit', async () => {
    app = await startTestApp({ plan: planFrom(PLAN.replace('ingest: {', 'ingest: { max_body: 64KB,')) });
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    const response = await post(app, bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
  });
});
