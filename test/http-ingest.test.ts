/** POST /v1/events against the real server on loopback and a real DuckDB file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { POOL_MIN_BODY } from '../src/server/routes/ingest.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan() });
});
afterAll(async () => t.close());

const now = (): string => new Date().toISOString();
const generation = (id: string, success = true) => ({
  id,
  type: 'command_generation',
  timestamp: now(),
  user_id: 'u_1',
  session_id: 's_1',
  properties: { backend: 'static', success, duration_ms: 42 },
});

describe('POST /v1/events', () => {
  it('refuses a missing or wrong ingest key with 401 and stores nothing', async () => {
    const body = JSON.stringify({ events: [generation('k1')] });
    const missing = await t.post('/v1/events', body, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await t.post('/v1/events', body, { authorization: 'Bearer wrong-key' })).status).toBe(401);
    const status = (await t.get('/api/v1/status')).json as { events: Record<string, number> };
    expect(status.events.command_generation ?? 0).toBe(0);
  });

  it('keeps the good events of a batch and says why each bad one was rejected', async () => {
    const events = [
      generation('m1'),
      { type: 'nope', timestamp: now() },
      { ...generation('m2'), properties: { backend: 'turbo', success: true, duration_ms: 1 } },
      { ...generation('m3'), timestamp: 'yesterday' },
      { ...generation('m4'), properties: { backend: 'static', success: true, duration_ms: 5, query: 'rm -rf ~' } },
    ];
    const { status, json } = await t.post('/v1/events', JSON.stringify({ events }));
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 2, duplicates: 0, dropped: { 'properties.query': 1 } });
    const rejected = (json as { rejected: { index: number; error: string }[] }).rejected;
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(rejected[0]?.error).toMatch(/"nope" is not declared/);
    expect(rejected[1]?.error).toMatch(/"turbo" is not one of static, embedded/);
    expect(rejected[2]?.error).toMatch(/timestamp/);
  });

  it('stores a retried event once and counts the retry as a duplicate', async () => {
    const body = JSON.stringify({ events: [generation('d1'), generation('d2')] });
    expect((await t.post('/v1/events', body)).json).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await t.post('/v1/events', body)).json).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('takes a JSON array and NDJSON, naming an unreadable NDJSON line', async () => {
    expect((await t.post('/v1/events', JSON.stringify([generation('a1')]))).json).toMatchObject({ accepted: 1 });
    const ndjson = [JSON.stringify(generation('n1')), '{not json', '', JSON.stringify(generation('n2'))].join('\n');
    const { status, json } = await t.post('/v1/events', ndjson, { 'content-type': 'application/x-ndjson' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 2, rejected: [{ index: 1 }] });
    expect((json as { rejected: { error: string }[] }).rejected[0]?.error).toMatch(/^line 2: /);
  });

  it('answers a malformed body with 400 and the parser message', async () => {
    const { status, json } = await t.post('/v1/events', '{"events": [');
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'invalid_body' } });
    expect((json as { error: { message: string } }).error.message).toMatch(/not valid JSON: .+/);
    expect((await t.post('/v1/events', '{"evnts": []}')).status).toBe(400);
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ events: [generation('big')], pad: 'x'.repeat(6 * 1024 * 1024) });
    const { status, json } = await t.post('/v1/events', big);
    expect(status).toBe(413);
    expect(json).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers an unsupported content type with 415', async () => {
    const { status } = await t.post('/v1/events', 'x', { 'content-type': 'application/octet-stream' });
    expect(status).toBe(415);
  });
});

describe('large bodies, read and admitted in the ingest worker thread', () => {
  const padded = (id: string) => ({ ...generation(id), session_id: `s_${id}_${'x'.repeat(40)}` });

  it('answers as for a small body: accepted, duplicates within the body and with earlier requests, rejected, dropped, redacted', async () => {
    expect((await t.post('/v1/events', JSON.stringify({ events: [padded('L-0'), padded('L-1')] }))).json).toMatchObject({ accepted: 2 });
    const events: unknown[] = Array.from({ length: 300 }, (_, i) => padded(`L-${i}`));
    events.push({ type: 'nope', timestamp: now() }); // 300
    events.push({ ...padded('L-bad'), timestamp: 'yesterday' }); // 301
    events.push(padded('L-5')); // 302: repeats an id of this body
    events.push({ ...padded('L-extra'), properties: { backend: 'static', success: true, duration_ms: 1, query: 'x' } }); // 303
    events.push({ ...padded('L-mail'), type: 'session_start', properties: { platform: 'reach me at someone@example.com' } }); // 304
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThanOrEqual(POOL_MIN_BODY);
    const before = (await t.get('/api/v1/status')).json as { events: Record<string, number> };
    const { status, json } = await t.post('/v1/events', body);
    expect(status).toBe(200);
    expect(json).toEqual({
      accepted: 300, // 298 new of the 300, plus L-extra and L-mail
      duplicates: 3, // L-0 and L-1 from the earlier request, L-5 repeated
      rejected: [
        { index: 300, error: expect.stringMatching(/"nope" is not declared/) as unknown },
        { index: 301, error: expect.stringMatching(/timestamp/) as unknown },
      ],
      dropped: { 'properties.query': 1 },
      redacted: { email: 1 },
    });
    const after = (await t.get('/api/v1/status')).json as { events: Record<string, number> };
    expect((after.events.command_generation ?? 0) - (before.events.command_generation ?? 0)).toBe(299);
    expect((after.events.session_start ?? 0) - (before.events.session_start ?? 0)).toBe(1);
    // Sent again, every admitted event is a duplicate, whichever path first stored it.
    expect((await t.post('/v1/events', body)).json).toMatchObject({ accepted: 0, duplicates: 303 });
  });

  it('takes large NDJSON, and answers a large malformed body with 400 and the parser message', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify(padded(`N-${i}`)));
    lines.splice(7, 0, '{not json');
    const ndjson = lines.join('\n');
    expect(Buffer.byteLength(ndjson)).toBeGreaterThanOrEqual(POOL_MIN_BODY);
    const { status, json } = await t.post('/v1/events', ndjson, { 'content-type': 'application/x-ndjson' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 300, rejected: [{ index: 7, error: expect.stringMatching(/^line 8: /) as unknown }] });
    const malformed = await t.post('/v1/events', `${JSON.stringify({ events: lines.slice(0, 200) }).slice(0, -2)}`);
    expect(malformed.status).toBe(400);
    expect((malformed.json as { error: { message: string } }).error.message).toMatch(/not valid JSON: .+/);
  });
});

describe('metrics reflect every acknowledged event', () => {
  it('shows events in GET /api/v1/metrics as soon as their ingest request was answered', async () => {
    const before = (await t.get('/api/v1/metrics/command_success_rate')).json as { metric: { events: number } };
    const events = Array.from({ length: 10 }, (_, i) => generation(`r${i}`, i < 2));
    expect((await t.post('/v1/events', JSON.stringify({ events }))).status).toBe(200);
    const after = (await t.get('/api/v1/metrics/command_success_rate')).json as { metric: { events: number; value: number } };
    expect(after.metric.events).toBe(before.metric.events + 10);
  });
});
