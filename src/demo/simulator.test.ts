import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from './profile.js';
import { startSimulator, type Simulator } from './simulator.js';
import type { TelemetryEvent } from './traffic.js';

const NOW = Date.parse('2026-01-31T12:00:00Z');

interface Received {
  readonly authorization: string | undefined;
  readonly events: TelemetryEvent[];
}

type Reply = (request: Received, res: ServerResponse) => unknown;

/** A real HTTP receiver on loopback that records every batch and answers with `reply`. */
async function receiver(reply: Reply = (_r, res) => res.writeHead(200).end('{}')): Promise<{ url: string; batches: Received[]; server: Server }> {
  const batches: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: TelemetryEvent[] };
      const received = { authorization: req.headers.authorization, events: body.events };
      if (req.method === 'POST' && req.url === '/v1/events') batches.push(received);
      void reply(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, batches, server };
}

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function start(url: string, options: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<{ sim: Simulator; lines: string[] }> {
  const lines: string[] = [];
  const sim = await startSimulator({ url, key: 'secret-key', profile: 'caro', users: 30, seed: 1, now: () => NOW, log: (l) => lines.push(l), ...options });
  cleanup.push(() => sim.stop());
  return { sim, lines };
}

function serve(server: Server): void {
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

describe('startSimulator', () => {
  it('backfills the past days in batches of at most 500, then streams live events', async () => {
    const { url, batches, server } = await receiver();
    serve(server);
    const { sim, lines } = await start(url, { backfill: { days: 2 }, eventsPerSecond: 50 });
    await until(() => batches.some((b) => b.events.some((e) => e.timestamp === new Date(NOW).toISOString())));
    await sim.stop();

    const events = batches.flatMap((b) => b.events);
    expect(batches.every((b) => b.authorization === 'Bearer secret-key')).toBe(true);
    expect(batches.every((b) => b.events.length > 0 && b.events.length <= 500)).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(sim.sent()).toBe(events.length);
    const times = events.map((e) => Date.parse(e.timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 2 * DAY);
    expect(Math.max(...times)).toBe(NOW);
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(['id', 'properties', 'session_id', 'timestamp', 'type', 'user_id']);
    expect(lines.join('\n')).toContain('backfilled day 2/2');
    expect(lines.join('\n')).not.toContain('secret-key');
  });

  it('streams at the history\'s own pace when no rate is asked for, so live events do not swamp the history', async () => {
    const { url, batches, server } = await receiver();
    serve(server);
    const { sim, lines } = await start(url, { backfill: { days: 2 } });
    await until(() => lines.some((l) => l.startsWith('streaming')));
    const history = batches.flatMap((b) => b.events).length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await sim.stop();
    const perDay = Math.round(history / 2);
    expect(lines.find((l) => l.startsWith('streaming'))).toBe(`streaming at the history's pace: ${perDay} events a day (one every ${Math.round(86_400 / perDay)} s)`);
    // Over 2.5 s at that pace (a few hundred a day for 30 users): at most one live event, never 20 a second.
    expect(batches.flatMap((b) => b.events).length - history).toBeLessThanOrEqual(1);
  });

  it('sends the same events for the same seed and clock', async () => {
    const runs: TelemetryEvent[][] = [];
    for (let i = 0; i < 2; i++) {
      const { url, batches, server } = await receiver();
      serve(server);
      const { sim } = await start(url, { backfill: { days: 1 } });
      await until(() => batches.length >= 1);
      await sim.stop();
      runs.push(batches[0]?.events ?? []);
    }
    expect(runs[0]?.length).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('retries a batch the server could not take, on the next tick, losing nothing', async () => {
    let failures = 2;
    const { url, batches, server } = await receiver((_r, res) => {
      if (failures-- > 0) res.writeHead(503).end('{"error":"busy"}');
      else res.writeHead(200).end('{}');
    });
    serve(server);
    const { sim, lines } = await start(url, { backfill: false, eventsPerSecond: 40 });
    await until(() => sim.sent() > 0);
    await sim.stop();
    expect(lines.filter((l) => l.includes('will retry') && l.includes('HTTP 503'))).toHaveLength(2);
    expect(batches[0]?.events).toEqual(batches[2]?.events.slice(0, batches[0]?.events.length));
  });

  it('logs network errors and keeps going while nobody listens; stop() still returns', async () => {
    const { url, server } = await receiver();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { sim, lines } = await start(url, { backfill: { days: 1 } });
    await until(() => lines.filter((l) => l.includes('will retry')).length >= 2);
    await sim.stop();
    expect(sim.sent()).toBe(0);
    expect(lines.some((l) => l.includes('ECONNREFUSED'))).toBe(true);
  });

  it('drops a batch the server refuses for good, and says so', async () => {
    const { url, server } = await receiver((_r, res) => res.writeHead(400).end('{"error":"bad_request"}'));
    serve(server);
    const { sim, lines } = await start(url, { backfill: false, eventsPerSecond: 10 });
    await until(() => lines.some((l) => l.includes('dropped')));
    await sim.stop();
    expect(lines.find((l) => l.includes('dropped'))).toContain('HTTP 400');
  });

  it('counts what the server says it accepted, and logs what it rejected', async () => {
    const answer = (n: number) => ({ accepted: n - 2, duplicates: 1, rejected: [{ index: 0, error: 'type: "x" is not declared in the plan' }] });
    const { url, server } = await receiver((r, res) => res.writeHead(200).end(JSON.stringify(answer(r.events.length))));
    serve(server);
    const { sim, lines } = await start(url, { backfill: false, eventsPerSecond: 10 });
    await until(() => sim.sent() > 0);
    await sim.stop();
    expect(sim.sent()).toBe(8);
    expect(lines).toContain('the server rejected 1 of 10 events, e.g. type: "x" is not declared in the plan');
    expect(lines.some((l) => l.startsWith('1 of 10 events were already stored'))).toBe(true);
  });

  it('stop() waits for the request in flight', async () => {
    let answered = 0;
    const { url, batches, server } = await receiver(async (_r, res) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      res.writeHead(200).end('{}');
      answered++;
    });
    serve(server);
    const { sim } = await start(url, { backfill: { days: 1 } });
    await until(() => batches.length === 1);
    await sim.stop();
    expect(answered).toBe(1);
    expect(sim.sent()).toBe(batches[0]?.events.length);
    expect(batches).toHaveLength(1);
  });

  it('refuses options that are bugs', async () => {
    await expect(startSimulator({ url: 'http://127.0.0.1:1', key: 'k', profile: 'caro', eventsPerSecond: 0 })).rejects.toThrow(/eventsPerSecond/);
    await expect(startSimulator({ url: 'not a url', key: 'k', profile: 'webapp' })).rejects.toThrow(/not a URL/);
  });
});
