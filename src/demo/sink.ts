/**
 * The demo's stand-in for Slack and PagerDuty: a loopback HTTP server that
 * prints one line per notification it receives, so the demo shows alerting
 * without sending anything anywhere.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sink {
  readonly url: string;
  close(): Promise<void>;
}

/** One readable line for a Slack or PagerDuty body. Pure. */
export function describeDelivery(path: string, body: unknown): string {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (path.startsWith('/pagerduty')) {
    const payload = (b.payload ?? {}) as Record<string, unknown>;
    return `pagerduty ← ${String(b.event_action)} ${typeof payload.summary === 'string' ? payload.summary : ''}`.trim();
  }
  return `slack ← ${typeof b.text === 'string' ? b.text.split('\n')[0] : '(message)'}`;
}

export async function startSink(log: (line: string) => void): Promise<Sink> {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      log(describeDelivery(request.url ?? '', body));
      response.writeHead(request.url?.startsWith('/pagerduty') ? 202 : 200, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
