import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, startReceiver, T0, type Answer, type Receiver } from './fixtures.js';
import { classifyStatus, parseRetryAfter, postJson } from './http.js';

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates, and nothing else', () => {
    expect(parseRetryAfter('30', T0)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', T0)).toBe(0);
    expect(parseRetryAfter(new Date(T0 + 90_000).toUTCString(), T0)).toBe(90_000);
    expect(parseRetryAfter(new Date(T0 - 90_000).toUTCString(), T0)).toBe(0);
    expect(parseRetryAfter(null, T0)).toBeUndefined();
    expect(parseRetryAfter('', T0)).toBeUndefined();
    expect(parseRetryAfter('-5', T0)).toBeUndefined();
    expect(parseRetryAfter('1.5', T0)).toBeUndefined();
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
  });
});

describe('classifyStatus', () => {
  const answer = (status: number, retryAfter: string | null = null, detail = '') => classifyStatus({ label: 'webhook', status, retryAfter, detail, now: T0 });

  it('sends on 2xx, retries 408, 429 and 5xx, fails other answers', () => {
    expect(answer(200)).toEqual({ kind: 'sent' });
    expect(answer(202)).toEqual({ kind: 'sent' });
    expect(answer(204)).toEqual({ kind: 'sent' });
    expect(answer(408)).toEqual({ kind: 'retry', reason: 'webhook answered 408' });
    expect(answer(429, '7')).toEqual({ kind: 'retry', reason: 'webhook answered 429', retryAfterMs: 7_000 });
    expect(answer(503, null, 'down for maintenance')).toEqual({ kind: 'retry', reason: 'webhook answered 503: down for maintenance' });
    expect(answer(400, null, 'bad payload')).toEqual({ kind: 'failed', reason: 'webhook answered 400: bad payload' });
    expect(answer(401)).toMatchObject({ kind: 'failed' });
    expect(answer(404)).toMatchObject({ kind: 'failed' });
    expect(answer(301)).toEqual({ kind: 'failed', reason: 'webhook answered 301, a redirect, which is not followed' });
  });
});

describe('postJson against a receiver on loopback', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  async function post(answer: Answer | ((index: number) => Answer | Promise<Answer>), extra: { path?: string; secrets?: string[]; timeoutMs?: number } = {}) {
    receiver = await startReceiver((_request, index) => (typeof answer === 'function' ? answer(index) : answer));
    const url = `${receiver.url}${extra.path ?? '/hook'}`;
    return postJson({ label: 'webhook', url, body: { hello: 'world' }, headers: { 'x-team': 'ops' }, signal: new AbortController().signal, secrets: extra.secrets ?? [], timeoutMs: extra.timeoutMs ?? 5_000, now: () => T0 });
  }

  it('posts JSON with the given headers and reports 200 as sent', async () => {
    expect(await post({ status: 200, body: 'ok' })).toEqual({ kind: 'sent' });
    const [request] = receiver?.requests ?? [];
    expect(request).toMatchObject({ method: 'POST', path: '/hook', body: { hello: 'world' } });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-team']).toBe('ops');
    expect(request?.headers['user-agent']).toMatch(/^launchwatch\//);
  });

  it('retries a 429 no earlier than its Retry-After, in seconds or as an HTTP-date', async () => {
    expect(await post({ status: 429, headers: { 'retry-after': '30' }, body: 'slow down' })).toEqual({ kind: 'retry', reason: 'webhook answered 429: slow down', retryAfterMs: 30_000 });
    await receiver?.close();
    expect(await post({ status: 429, headers: { 'retry-after': new Date(T0 + 120_000).toUTCString() } })).toEqual({ kind: 'retry', reason: 'webhook answered 429', retryAfterMs: 120_000 });
  });

  it('retries a 500 and fails a 400, quoting the start of the answer on one line', async () => {
    expect(await post({ status: 500, body: 'internal\n  error' })).toEqual({ kind: 'retry', reason: 'webhook answered 500: internal error' });
    await receiver?.close();
    const failed = await post({ status: 400, body: 'x'.repeat(10_000) });
    expect(failed.kind).toBe('failed');
    expect(failed.kind === 'failed' && failed.reason.length).toBeLessThan(250);
  });

  it('keeps secrets out of the reason when the receiver echoes them', async () => {
    const outcome = await post({ status: 403, body: 'token T0KEN-abcdef-123 is not allowed for /hook/T0KEN-abcdef-123' }, { path: '/hook/T0KEN-abcdef-123', secrets: ['T0KEN-abcdef-123'] });
    expect(outcome).toEqual({ kind: 'failed', reason: 'webhook answered 403: token [redacted] is not allowed for /hook/[redacted]' });
  });

  it('does not follow redirects', async () => {
    expect(await post({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } })).toMatchObject({ kind: 'failed' });
    expect(receiver?.requests).toHaveLength(1);
  });

  it('retries when the port is closed, naming the error code and not the URL', async () => {
    const port = await closedPort();
    const outcome = await postJson({ label: 'slack webhook', url: `http://127.0.0.1:${port}/services/T000/B000/SECRETSECRET`, body: {}, signal: new AbortController().signal, secrets: [] });
    expect(outcome).toEqual({ kind: 'retry', reason: 'slack webhook unreachable: ECONNREFUSED' });
  });

  it('retries when the receiver does not answer in time', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outcome = await post(async () => {
      await held;
      return { status: 200 };
    }, { timeoutMs: 100 });
    release?.();
    expect(outcome).toEqual({ kind: 'retry', reason: 'webhook did not answer within 100 ms' });
  });

  it('retries when the caller cancels, and fails a URL that cannot be parsed', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const outcome = await postJson({ label: 'webhook', url: receiver.url, body: {}, signal: AbortSignal.abort(), secrets: [] });
    expect(outcome).toEqual({ kind: 'retry', reason: 'webhook request was cancelled' });
    expect(await postJson({ label: 'webhook', url: 'not a url/SECRET', body: {}, signal: new AbortController().signal, secrets: [] })).toEqual({ kind: 'failed', reason: 'webhook URL is not valid' });
  });

  it('fails a header value fetch refuses, without quoting it', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const outcome = await postJson({ label: 'webhook', url: receiver.url, headers: { authorization: 'Bearer abc\ndef' }, body: {}, signal: new AbortController().signal, secrets: [] });
    expect(outcome).toEqual({ kind: 'failed', reason: 'webhook request could not be made (TypeError)' });
  });
});
