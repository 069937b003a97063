/**
 * Slow clients on the real server: one that trickles its headers, or its
 * body, is answered 408 and cut off once the limit passes, and a prompt one
 * is served. The limits are set short here through the `timeouts` option;
 * the defaults are checked on a server built with none.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUTS } from '../src/server/http.js';
import { fixturePlan } from './helpers/plan.js';
import { startTestApp, type TestApp } from './helpers/app.js';

const HEADERS_MS = 300;
const REQUEST_MS = 900;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ plan: await fixturePlan(), timeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS } });
});
afterAll(async () => t.close());

/** Sends `head` at once, then one byte of `drip` every `everyMs`; resolves with what the server answered and when it closed. */
function slowClient(head: string, drip: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++] ?? '');
    }, everyMs);
    const giveUp = setTimeout(() => socket.destroy(new Error('the server did not cut the slow client off within 5 s')), 5000);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      if (error.message.includes('did not cut')) reject(error);
    });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: performance.now() - started });
    });
  });
}

describe('slow requests', () => {
  it('cuts off a client that trickles its headers once the headers limit passes', async () => {
    const { answer, closedAfterMs } = await slowClient('GET /healthz HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: ' + 'a'.repeat(100), 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 20);
    expect(closedAfterMs).toBeLessThan(REQUEST_MS);
  });

  it('cuts off a client that trickles its body once the request limit passes', async () => {
    const body = JSON.stringify({ events: [] }).padEnd(200, ' ');
    const head = `POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, closedAfterMs } = await slowClient(head, body, 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_MS - 20);
    expect(closedAfterMs).toBeLessThan(REQUEST_MS + 1000);
  });

  it('serves a prompt client, and still answers after cutting slow ones off', async () => {
    expect((await t.get('/healthz')).status).toBe(200);
  });

  it('defaults to 10 s for the headers and 30 s for the whole request', async () => {
    expect(REQUEST_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 30_000 });
    const plain = await startTestApp({ plan: await fixturePlan() });
    try {
      expect(plain.app.http.server.headersTimeout).toBe(10_000);
      expect(plain.app.http.server.requestTimeout).toBe(30_000);
    } finally {
      await plain.close();
    }
  });
});
