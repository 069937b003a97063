import { describe, expect, it } from 'vitest';
import type { ProbeSpec } from '../../plan/probe-types.js';
import { judgeProbe, probeEvent } from './check.js';

const spec: ProbeSpec = { name: 'api', url: 'http://127.0.0.1/', method: 'GET', expectStatus: [], timeoutMs: 1000, intervalMs: 60_000, downAfter: 2 };

describe('judgeProbe', () => {
  it('accepts any 2xx by default, and only the listed statuses when given', () => {
    expect(judgeProbe(spec, { kind: 'answered', status: 204, body: '' })).toEqual({ ok: true, reason: 'ok' });
    expect(judgeProbe(spec, { kind: 'answered', status: 301, body: '' })).toEqual({ ok: false, reason: 'status' });
    expect(judgeProbe(spec, { kind: 'answered', status: 503, body: '' })).toEqual({ ok: false, reason: 'status' });
    const listed = { ...spec, expectStatus: [200, 401] };
    expect(judgeProbe(listed, { kind: 'answered', status: 401, body: '' })).toEqual({ ok: true, reason: 'ok' });
    expect(judgeProbe(listed, { kind: 'answered', status: 204, body: '' })).toEqual({ ok: false, reason: 'status' });
  });

  it('checks the body only once the status is right', () => {
    const body = { ...spec, bodyContains: '"status":"ok"' };
    expect(judgeProbe(body, { kind: 'answered', status: 200, body: '{"status":"ok"}' })).toEqual({ ok: true, reason: 'ok' });
    expect(judgeProbe(body, { kind: 'answered', status: 200, body: '{"status":"degraded"}' })).toEqual({ ok: false, reason: 'body' });
    expect(judgeProbe(body, { kind: 'answered', status: 500, body: '' })).toEqual({ ok: false, reason: 'status' });
  });

  it('fails without an answer, naming timeout or connection', () => {
    expect(judgeProbe(spec, { kind: 'failed', error: 'timeout' })).toEqual({ ok: false, reason: 'timeout' });
    expect(judgeProbe(spec, { kind: 'failed', error: 'connection' })).toEqual({ ok: false, reason: 'connection' });
  });
});

describe('probeEvent', () => {
  it('is a probe_result event with the result as its properties', () => {
    expect(probeEvent({ probe: 'api', ok: false, reason: 'connection', status: null, latencyMs: 3.2 }, 1000, 'id-1')).toEqual({
      id: 'id-1',
      type: 'probe_result',
      ts: 1000,
      userId: null,
      sessionId: null,
      properties: { probe: 'api', ok: false, status: null, latency_ms: 3.2, reason: 'connection' },
    });
  });
});
