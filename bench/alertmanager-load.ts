/**
 * The alertmanager bench's two ends: the webhook receiver on loopback that
 * counts what a server delivers, and Prometheus-style senders of
 * POST /api/v2/alerts over keep-alive connections, each waiting for its
 * answer before the next POST. Every wait is bounded.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookAlert {
  readonly status: string;
  readonly labels: Record<string, string>;
}

export interface WebhookBody {
  readonly status: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: readonly WebhookAlert[];
}

export interface Receiver {
  readonly url: string;
  readonly notifications: number;
  readonly alerts: number;
  /** performance.now() of the first and last notification since the last reset. */
  readonly firstAt: number | undefined;
  readonly lastAt: number | undefined;
  /** When the first notification `matches` accepts arrives (performance.now()), or undefined after `timeoutMs`. */
  waitFor(matches: (body: WebhookBody) => boolean, timeoutMs: number): Promise<number | undefined>;
  /** When `notifications` have arrived since the last reset, or undefined after `timeoutMs`. */
  waitForCount(notifications: number, timeoutMs: number): Promise<number | undefined>;
  reset(): void;
  close(): Promise<void>;
}

interface Waiter {
  readonly matches: (body: WebhookBody | undefined, count: number) => boolean;
  readonly resolve: (at: number | undefined) => void;
}

/** A webhook receiver on 127.0.0.1 (node:http keeps connections alive), answering 200 at once. */
export async function startReceiver(): Promise<Receiver> {
  let notifications = 0;
  let alerts = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const waiters = new Set<Waiter>();
  const arrived = (body: WebhookBody | undefined): void => {
    const at = performance.now();
    notifications++;
    alerts += body?.alerts.length ?? 0;
    firstAt ??= at;
    lastAt = at;
    for (const waiter of waiters) {
      if (!waiter.matches(body, notifications)) continue;
      waiters.delete(waiter);
      waiter.resolve(at);
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: WebhookBody | undefined;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody;
      } catch {
        body = undefined;
      }
      res.writeHead(200).end();
      arrived(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const wait = (matches: Waiter['matches'], timeoutMs: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      waiters.add(waiter);
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get notifications() {
      return notifications;
    },
    get alerts() {
      return alerts;
    },
    get firstAt() {
      return firstAt;
    },
    get lastAt() {
      return lastAt;
    },
    waitFor: (matches, timeoutMs) => wait((body) => body !== undefined && matches(body), timeoutMs),
    waitForCount: (count, timeoutMs) => (notifications >= count ? Promise.resolve(lastAt) : wait((_body, seen) => seen >= count, timeoutMs)),
    reset: () => {
      notifications = 0;
      alerts = 0;
      firstAt = undefined;
      lastAt = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  /** The HTTP status, or 0 when the request failed or timed out. */
  readonly status: number;
  readonly ms: number;
  readonly error?: string;
}

/** One POST of a JSON text; never rejects: a failure or a timeout is an answer with status 0. */
export function postJson(agent: Agent, url: string, body: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<Answer> {
  const target = new URL(url);
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('error', (error) => resolve({ status: 0, ms: performance.now() - start, error: error.message }));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${(timeoutMs / 1000).toFixed(0)} s`)));
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - start, error: error.message }));
    req.end(body);
  });
}

export function alertsUrl(server: { url: string }): string {
  return `${server.url}/api/v2/alerts`;
}

export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
}

/** Prometheus resends a firing alert with `endsAt` four minutes ahead (4 × its 1 m resend delay). */
const ENDS_AHEAD_MS = 4 * 60_000;

/** An alert as Prometheus sends it: started at `startsAt`, ending four minutes after `now`. */
export function firingAlert(labels: Record<string, string>, startsAt: number, now: number): PostableAlert {
  return {
    labels,
    annotations: { summary: `${labels.alertname ?? 'alert'} on ${labels.instance ?? 'host'}` },
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(now + ENDS_AHEAD_MS).toISOString(),
    generatorURL: `http://prometheus.bench:9090/graph?g0.expr=${encodeURIComponent(labels.alertname ?? '')}`,
  };
}

/** The labels of alert `i` of a set: one of 20 alert names, one instance each. */
export function benchLabels(i: number, prefix = 'host'): Record<string, string> {
  return { alertname: `bench_${i % 20}`, instance: `${prefix}-${i}`, severity: 'P3' };
}

/**
 * The bodies Prometheus would re-send for `count` firing alerts, `batch` per
 * POST: the same labels and start each time, `endsAt` moved ahead once a second.
 */
export class ResendBodies {
  private second = -1;
  private texts: string[] = [];
  private readonly startsAt = Date.now();

  constructor(
    readonly count: number,
    readonly batch: number,
    private readonly prefix = 'host',
  ) {}

  get length(): number {
    return Math.ceil(this.count / this.batch);
  }

  body(index: number): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.texts = [];
    }
    const i = index % this.length;
    let text = this.texts[i];
    if (text === undefined) {
      const alerts: PostableAlert[] = [];
      for (let n = i * this.batch; n < Math.min(this.count, (i + 1) * this.batch); n++) alerts.push(firingAlert(benchLabels(n, this.prefix), this.startsAt, now));
      text = JSON.stringify(alerts);
      this.texts[i] = text;
    }
    return text;
  }
}

/** What a load sends: body `index`, and how many alerts it holds. */
export interface Bodies {
  readonly length: number;
  body(index: number): string;
  alertsIn(index: number): number;
}

export interface LoadRun {
  readonly posts: number;
  readonly accepted: number;
  /** Answers that were not 2xx, by status ("0: <error>" for a failed request). */
  readonly errors: ReadonlyMap<string, number>;
  readonly seconds: number;
  readonly latencyMs: readonly number[];
}

export interface LoadOptions {
  readonly connections: number;
  /** No POST starts after this long; the ones under way are awaited (each at most `requestTimeoutMs`). */
  readonly durationMs: number;
  /** At most this many POSTs, or Infinity. */
  readonly maxPosts: number;
  readonly requestTimeoutMs: number;
  /** Connections kept across calls (not destroyed here); by default a new agent for this call. */
  readonly agent?: Agent;
}

function countError(errors: Map<string, number>, answer: Answer): void {
  const key = answer.status === 0 ? `0: ${answer.error ?? 'failed'}` : String(answer.status);
  errors.set(key, (errors.get(key) ?? 0) + 1);
}

/**
 * Sends bodies 0, 1, 2 ... (modulo their count) over `connections` keep-alive
 * connections, each waiting for its answer before its next POST.
 */
export async function sendLoad(url: string, bodies: Bodies, options: LoadOptions): Promise<LoadRun> {
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.connections });
  const errors = new Map<string, number>();
  const latencyMs: number[] = [];
  let next = 0;
  let accepted = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  let last = start;
  const connection = async (): Promise<void> => {
    while (performance.now() < deadline && next < options.maxPosts) {
      const index = next++;
      const answer = await postJson(agent, url, bodies.body(index), options.requestTimeoutMs);
      last = performance.now();
      latencyMs.push(answer.ms);
      if (answer.status >= 200 && answer.status < 300) accepted += bodies.alertsIn(index);
      else countError(errors, answer);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  if (!options.agent) agent.destroy();
  return { posts: next, accepted, errors, seconds: (last - start) / 1000, latencyMs };
}

/** `ResendBodies` as a load: every body holds `batch` alerts but the last. */
export function resendLoad(bodies: ResendBodies): Bodies {
  return {
    length: bodies.length,
    body: (index) => bodies.body(index),
    alertsIn: (index) => Math.min(bodies.batch, bodies.count - (index % bodies.length) * bodies.batch),
  };
}

export interface SteadyLoad {
  /** Stops after the round under way; the rounds' durations (a full re-send each) and the errors. */
  stop(): Promise<{ readonly roundMs: readonly number[]; readonly errors: ReadonlyMap<string, number> }>;
}

/** Re-sends every body once a second (a round starts at once when the last one took longer), over `connections`. */
export function steadyLoad(url: string, bodies: ResendBodies, connections: number, requestTimeoutMs: number): SteadyLoad {
  const roundMs: number[] = [];
  const errors = new Map<string, number>();
  let stopping = false;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const rounds = (async (): Promise<void> => {
    while (!stopping) {
      const start = performance.now();
      const round = await sendLoad(url, resendLoad(bodies), { connections, durationMs: Infinity, maxPosts: bodies.length, requestTimeoutMs, agent });
      roundMs.push(performance.now() - start);
      for (const [key, n] of round.errors) errors.set(key, (errors.get(key) ?? 0) + n);
      const rest = 1000 - (performance.now() - start);
      if (rest > 0 && !stopping) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await rounds;
      agent.destroy();
      return { roundMs, errors };
    },
  };
}
