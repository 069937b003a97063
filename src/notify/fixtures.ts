/**
 * Test fixtures for the channel and worker tests: sample notifications, a
 * real HTTP receiver on loopback, a port nobody listens on, a logger whose
 * lines can be read back. Used by *.test.ts only.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { NotificationAlert, NotificationRequest } from '../alerting/types.js';
import type { NotifyContext } from './types.js';

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export const CONTEXT: NotifyContext = { externalUrl: 'https://launchwatch.example.com/', product: 'Caro' };

export function alert(overrides: Partial<NotificationAlert> = {}): NotificationAlert {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    status: 'firing',
    labels: { alertname: 'HighErrorRate', severity: 'P1', service: 'checkout' },
    annotations: { summary: 'Checkout error rate above 5%', runbook: 'https://runbooks.example.com/checkout-errors' },
    startsAt: T0 - 60_000,
    endsAt: null,
    value: 0.072,
    acknowledged: false,
    ...overrides,
  };
}

export function notification(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    id: 'n1',
    channel: 'team',
    kind: 'alert',
    groupKey: '{}:{alertname="HighErrorRate"}',
    groupLabels: { alertname: 'HighErrorRate' },
    status: 'firing',
    alerts: [
      alert(),
      alert({ fingerprint: 'b2c3d4e5f6071829', labels: { alertname: 'HighErrorRate', severity: 'P2', service: 'search' }, annotations: { summary: 'Search error rate above 5%' }, value: 0.051 }),
    ],
    createdAt: T0,
    ...overrides,
  };
}

/** The notification once every alert of the group has resolved. */
export function resolvedNotification(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  const base = notification();
  return notification({ status: 'resolved', alerts: base.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: T0 })), ...overrides });
}

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface Receiver {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on loopback; `answer` decides each response (it may wait). */
export async function startReceiver(answer: (request: ReceivedRequest, index: number) => Answer | Promise<Answer>): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: the test asserts on it.
      }
      const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      void Promise.resolve(answer(request, requests.length - 1)).then((a) => {
        res.writeHead(a.status, a.headers ?? { 'content-type': 'text/plain' });
        res.end(a.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that was just free: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A pino logger at debug level whose output lines are kept in `lines`. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
