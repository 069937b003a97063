/**
 * The traffic simulator: sends the events of traffic.ts to a running server,
 * `POST {url}/v1/events` with the ingest key. First the history of the past
 * days in batches, then a live stream until stop(). Failures are logged and
 * retried on the next tick; nothing leaves the loop as an exception.
 */
import { DAY, type TelemetryEvent } from './profile.js';
import { createTraffic } from './traffic.js';

export interface SimulatorOptions {
  url: string;
  key: string;
  profile: 'caro' | 'webapp';
  /** Size of the simulated population; default 220 for caro, 400 for webapp. */
  users?: number;
  /** History to write before streaming; default 7 days (`launchwatch demo` asks for 14), `false` for none. */
  backfill?: { days: number } | false;
  /**
   * Live rate. Default: the history's own pace (its events over its days, about 0.04/s for caro's
   * 3 500 a day), so the live stream continues the history instead of swamping it; 20 without history.
   */
  eventsPerSecond?: number;
  /** Clock for event timestamps; default Date.now. */
  now?: () => number;
  /** PRNG seed: the same seed and clock give the same events (and ids). Default: random, logged. */
  seed?: number;
  /** Progress and failures, one line each (no prefix); default stderr with a `simulator: ` prefix. */
  log?: (line: string) => void;
}

export interface Simulator {
  /** Events the server has accepted so far. */
  readonly sent: () => number;
  /** Ends the loop after the request in flight, if any. */
  stop(): Promise<void>;
}

const BATCH = 500;
const TICK_MS = 1_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Live events kept for retry while the server is unreachable; older ones are dropped (and logged). */
const MAX_PENDING = 20_000;

type Delivery =
  | { kind: 'ok'; accepted: number; duplicates: number; rejected: number; firstError: string | undefined }
  | { kind: 'retry'; reason: string }
  | { kind: 'rejected'; reason: string };

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  let rate = options.eventsPerSecond ?? 20;
  const days = options.backfill === false ? 0 : (options.backfill?.days ?? 7);
  if (!(rate > 0)) throw new Error(`eventsPerSecond must be above 0 (got ${rate})`);
  if (!(days >= 0)) throw new Error(`backfill.days must be 0 or more (got ${days})`);
  if (options.users !== undefined && !(options.users >= 1)) throw new Error(`users must be at least 1 (got ${options.users})`);
  const endpoint = `${options.url.replace(/\/+$/, '')}/v1/events`;
  if (!URL.canParse(endpoint)) throw new Error(`not a URL: ${options.url}`);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`simulator: ${line}\n`));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const traffic = createTraffic({ profile: options.profile, seed, ...(options.users !== undefined ? { users: options.users } : {}) });
  log(`${traffic.profile}, ${traffic.users} users, seed ${seed}, sending to ${endpoint}`);

  let sent = 0;
  let stopping = false;
  let wake: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function deliver(events: readonly TelemetryEvent[]): Promise<Delivery> {
    const result = await post(endpoint, options.key, events);
    if (result.kind === 'ok') {
      sent += result.accepted;
      if (result.rejected > 0) log(`the server rejected ${result.rejected} of ${events.length} events${result.firstError ? `, e.g. ${result.firstError}` : ''}`);
      if (result.duplicates > 0) log(`${result.duplicates} of ${events.length} events were already stored (same seed sent twice?)`);
    } else {
      log(`${result.kind === 'retry' ? 'will retry' : 'dropped'} ${events.length} events: ${result.reason}`);
    }
    return result;
  }

  /** Sends one batch, retrying each tick until it is accepted, refused for good, or we stop. */
  async function deliverSurely(events: readonly TelemetryEvent[]): Promise<void> {
    while (!stopping) {
      const result = await deliver(events);
      if (result.kind !== 'retry') return;
      await sleep(TICK_MS);
    }
  }

  /** Sends the history; returns how many events it held. */
  async function runBackfill(): Promise<number> {
    const to = now();
    let day = 0;
    let total = 0;
    for (const events of traffic.backfill(to - days * DAY, to)) {
      day++;
      total += events.length;
      for (let i = 0; i < events.length && !stopping; i += BATCH) await deliverSurely(events.slice(i, i + BATCH));
      if (stopping) return total;
      log(`backfilled day ${day}/${Math.ceil(days)} (${events.length} events, ${sent} accepted in all)`);
    }
    return total;
  }

  async function runLive(): Promise<void> {
    let pending: TelemetryEvent[] = [];
    let owed = 0;
    while (!stopping) {
      const started = Date.now();
      owed += (rate * TICK_MS) / 1000;
      const count = Math.floor(owed);
      owed -= count;
      if (count > 0) pending.push(...traffic.live(count, now()));
      if (pending.length > MAX_PENDING) {
        log(`the server is unreachable; dropped the ${pending.length - MAX_PENDING} oldest live events`);
        pending = pending.slice(pending.length - MAX_PENDING);
      }
      while (pending.length > 0 && !stopping) {
        const batch = pending.slice(0, BATCH);
        const result = await deliver(batch);
        if (result.kind === 'retry') break;
        pending = pending.slice(batch.length);
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - started)));
    }
  }

  const loop = (async () => {
    try {
      const history = days > 0 ? await runBackfill() : 0;
      const pace = history / ((days * DAY) / 1000);
      if (options.eventsPerSecond === undefined && pace > 0) rate = pace;
      if (!stopping) log(options.eventsPerSecond === undefined && pace > 0 ? `streaming at the history's pace: ${Math.round(pace * 86_400)} events a day (one every ${Math.round(1 / pace)} s)` : `streaming ${rate} events/s`);
      await runLive();
    } catch (error: unknown) {
      // A bug, not a network failure (those are Delivery values): report it, do not crash the host.
      log(`stopped by an unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();

  return {
    sent: () => sent,
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}

/** One POST; a failure becomes a value: retry (network, 408, 429, 5xx, auth) or rejected (other 4xx). */
async function post(endpoint: string, key: string, events: readonly TelemetryEvent[]): Promise<Delivery> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error: unknown) {
    return { kind: 'retry', reason: describeNetworkError(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { kind: 'ok', ...readAnswer(text, events.length) };
  const reason = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const retry = response.status >= 500 || [401, 403, 408, 429].includes(response.status);
  return retry ? { kind: 'retry', reason } : { kind: 'rejected', reason };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}

/**
 * Reads the server's answer, `{ accepted, duplicates, rejected: [{ index, error }] }`;
 * a reply without these counts means every event was taken.
 */
function readAnswer(text: string, total: number): { accepted: number; duplicates: number; rejected: number; firstError: string | undefined } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const field = (name: string): unknown => (typeof body === 'object' && body !== null && name in body ? (body as Record<string, unknown>)[name] : undefined);
  const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : undefined);
  const list = field('rejected');
  const rejected = Array.isArray(list) ? list.length : (count(list) ?? 0);
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  const firstError = typeof first === 'object' && first !== null && 'error' in first ? String(first.error) : undefined;
  const duplicates = count(field('duplicates')) ?? 0;
  const accepted = count(field('accepted')) ?? total - rejected - duplicates;
  return { accepted, duplicates, rejected, firstError };
}
