/**
 * launchwatch alone: one alert rule over a metric grouped `by: host`, made
 * true for every host by one ingest request, grouped by `[alertname, host]`
 * so each host's alert is its own notification. Times the ingest request to
 * every alert firing (GET /api/v2/alerts, polled), to every notification
 * committed to the outbox (the `launchwatch_notifications` gauge of /metrics,
 * every state summed, polled every 50 ms: committed, whether delivered yet or
 * not) and to every webhook delivered; the delivery rate is notifications
 * over first-to-last.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { postJson, startReceiver, type Receiver } from './alertmanager-load.js';
import { startLaunchwatch } from './alertmanager-servers.js';
import { int, mib, ms } from './stats.js';

const RULE = 'host_seen';

function plan(hookUrl: string, key: string): string {
  return `
version: 1
product: { name: alert-cardinality }
ingest: { keys: [ { name: bench, key: "${key}" } ] }
evaluation: { interval: 1h }
events:
  host_probe: { host: string }
metrics:
  host_probes: { from: host_probe, count: true, by: host, window: 1h }
channels:
  hook: { type: webhook, url: "${hookUrl}" }
alerts:
  - { name: ${RULE}, when: host_probes > 0, for: 0s, severity: P3 }
routing: { group_by: [alertname, host], group_wait: 0s, group_interval: 1s, repeat_interval: 4h, default: [hook] }
`;
}

/** Firing alerts of the rule, or undefined when the server did not answer within `timeoutMs`. */
async function firing(url: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const filter = encodeURIComponent(`alertname="${RULE}"`);
    const res = await fetch(`${url}/api/v2/alerts?active=true&filter=${filter}`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as unknown[]).length : undefined;
  } catch {
    return undefined;
  }
}

/** Polls once a second until `hosts` alerts fire or `deadline` (performance.now()) passes: when, and the last count seen. */
async function allFiring(url: string, hosts: number, deadline: number): Promise<{ at: number | undefined; seen: number }> {
  let seen = 0;
  while (performance.now() < deadline) {
    const count = await firing(url, Math.max(1, Math.round(deadline - performance.now())));
    if (count !== undefined) seen = count;
    if (seen >= hosts) return { at: performance.now(), seen };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return { at: undefined, seen };
}

/** Notifications in the outbox, in any state (launchwatch_notifications summed), or undefined without an answer. */
async function inOutbox(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return undefined;
    let total = 0;
    for (const line of (await res.text()).split('\n')) if (line.startsWith('launchwatch_notifications{')) total += Number(line.split(' ').at(-1));
    return total;
  } catch {
    return undefined;
  }
}

/** Polls every 50 ms until `count` notifications are in the outbox or `deadline` passes: when, and the last count seen. */
async function allCommitted(url: string, count: number, deadline: number): Promise<{ at: number | undefined; seen: number }> {
  let seen = 0;
  while (performance.now() < deadline) {
    const n = await inOutbox(url);
    if (n !== undefined) seen = n;
    if (seen >= count) return { at: performance.now(), seen };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { at: undefined, seen };
}

const seconds = (fromMs: number, toMs: number): string => `${((toMs - fromMs) / 1000).toFixed(1)} s`;

export async function benchCardinality(receiver: Receiver, options: { readonly hosts: number; readonly bulkWaitMs: number }): Promise<void> {
  const key = randomBytes(16).toString('hex');
  const { hosts, bulkWaitMs } = options;
  console.log(`\nalert cardinality (launchwatch only): one rule by host over ${int(hosts)} hosts, for: 0s, group_by [alertname, host]`);
  receiver.reset();
  const server = await startLaunchwatch(plan(receiver.url, key));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleRss = await server.rss();
    const now = Date.now();
    const events = Array.from({ length: hosts }, (_, i) => ({ type: 'host_probe', timestamp: now, properties: { host: `host-${i}` } }));
    const delivered = receiver.waitForCount(hosts, bulkWaitMs);
    const start = performance.now();
    const deadline = start + bulkWaitMs;
    const committed = allCommitted(server.url, hosts, deadline);
    const answer = await postJson(agent, `${server.url}/v1/events`, JSON.stringify({ events }), bulkWaitMs, { authorization: `Bearer ${key}` });
    console.log(`  ingest of ${int(hosts)} events, one request: ${answer.status === 200 ? ms(answer.ms) : `failed (${answer.status}${answer.error ? `: ${answer.error}` : ''})`}`);
    const fired = await allFiring(server.url, hosts, deadline);
    const wait = `${bulkWaitMs / 1000} s`;
    console.log(`  all ${int(hosts)} alerts firing:          ${fired.at === undefined ? `not within ${wait} (${int(fired.seen)} firing)` : `${seconds(start, fired.at)} after the ingest request`}`);
    const inBox = await committed;
    console.log(`  ${int(hosts)} notifications committed to the outbox: ${inBox.at === undefined ? `not within ${wait} (${int(inBox.seen)} committed)` : `${seconds(start, inBox.at)} after the ingest request was sent`}`);
    const deliveredAt = await delivered;
    const got = receiver.notifications;
    console.log(`  ${int(hosts)} notifications delivered:    ${deliveredAt === undefined ? `not within ${wait} (${int(got)} delivered)` : `${seconds(start, deliveredAt)} after the ingest request`}`);
    const { firstAt, lastAt } = receiver;
    if (firstAt !== undefined && lastAt !== undefined && got > 1) {
      const rate = (got - 1) / ((lastAt - firstAt) / 1000);
      console.log(`  delivery: ${int(got)} webhooks, first ${seconds(start, firstAt)} after the ingest request, then ${int(rate)} notifications/s to the local receiver`);
    } else {
      console.log(`  delivery: ${int(got)} webhooks within ${wait}`);
    }
    const rss = await server.rss();
    console.log(`  RSS: ${idleRss === undefined ? 'n/a' : mib(idleRss)} idle, ${rss === undefined ? 'n/a' : mib(rss)} with ${int(fired.seen)} alerts firing`);
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** `--only cardinality`: the cardinality run alone, with its own receiver. */
export async function benchCardinalityAlone(options: { readonly hosts: number; readonly bulkWaitMs: number }): Promise<void> {
  const receiver = await startReceiver();
  try {
    await benchCardinality(receiver, options);
  } finally {
    await receiver.close();
  }
}
