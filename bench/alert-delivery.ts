/**
 * Delivery, for either server: `count` new posted alerts, each its own group
 * (`group_by: [alertname, instance]`), so each is one webhook notification
 * to the local receiver. Times the first POST to the last notification, and
 * the rate from the first notification to the last.
 */
import { Agent } from 'node:http';
import { alertsUrl, postJson, ResendBodies, resendLoad, type Receiver } from './alertmanager-load.js';
import type { AlertServer } from './alertmanager-servers.js';
import { int } from './stats.js';

const BATCH = 1_000;

export interface Delivery {
  readonly count: number;
  readonly postErrors: number;
  /** Since the first POST, when the last of the `count` notifications arrived, or undefined when not all came in time. */
  readonly allMs: number | undefined;
  readonly delivered: number;
  /** Notifications per second from the first to the last, or undefined with fewer than two. */
  readonly rate: number | undefined;
  readonly firstMs: number | undefined;
}

export async function measureDelivery(server: AlertServer, receiver: Receiver, count: number, bulkWaitMs: number): Promise<Delivery> {
  receiver.reset();
  const bodies = resendLoad(new ResendBodies(count, BATCH, 'deliver'));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const all = receiver.waitForCount(count, bulkWaitMs);
  const start = performance.now();
  let postErrors = 0;
  for (let i = 0; i < bodies.length && performance.now() - start < bulkWaitMs; i++) {
    const answer = await postJson(agent, alertsUrl(server), bodies.body(i), Math.max(1, Math.round(bulkWaitMs - (performance.now() - start))));
    if (answer.status < 200 || answer.status >= 300) postErrors++;
  }
  agent.destroy();
  const at = await all;
  const { firstAt, lastAt, notifications } = receiver;
  const rate = firstAt !== undefined && lastAt !== undefined && lastAt > firstAt ? (notifications - 1) / ((lastAt - firstAt) / 1000) : undefined;
  return { count, postErrors, allMs: at === undefined ? undefined : at - start, delivered: notifications, rate, firstMs: firstAt === undefined ? undefined : firstAt - start };
}

export function deliveryText(d: Delivery, bulkWaitMs: number): string {
  const all = d.allMs === undefined ? `not all within ${bulkWaitMs / 1000} s (${int(d.delivered)} delivered)` : `all ${int(d.count)} delivered ${(d.allMs / 1000).toFixed(1)} s after the first POST`;
  const rate = d.rate === undefined ? '' : `, ${int(d.rate)} notifications/s from the first to the last`;
  return `${all}${rate}${d.postErrors ? `; ${d.postErrors} POSTs failed` : ''}`;
}
