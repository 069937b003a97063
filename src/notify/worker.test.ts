import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationRecord, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import type { DeliveryOutcome } from '../store/types.js';
import { capturingLogger, CONTEXT, notification, resolvedNotification, startReceiver, T0, type Answer, type Receiver } from './fixtures.js';
import { startNotifyWorker, type NotifyWorker, type Outbox } from './worker.js';

/** The outbox as the DuckDB store keeps it (src/store/duckdb/alerts.ts), in memory. */
class MemoryOutbox implements Outbox {
  readonly rows = new Map<string, NotificationRecord>();

  enqueue(...requests: NotificationRequest[]): void {
    for (const r of requests) this.rows.set(r.id, { ...r, delivery: 'pending', attempts: 0, nextAttemptAt: r.createdAt, sentAt: null, lastError: null });
  }

  get(id: string): NotificationRecord | undefined {
    return this.rows.get(id);
  }

  async due(now: number, limit: number): Promise<NotificationRecord[]> {
    return [...this.rows.values()]
      .filter((r) => r.delivery === 'pending' && r.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async retrying(): Promise<NotificationRecord[]> {
    return [...this.rows.values()].filter((r) => r.delivery === 'pending' && r.attempts > 0).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** How many writes recordDeliveries made, and their sizes. */
  readonly writes: number[] = [];
  /** How long a write takes, as a store's does; 0 by default. */
  writeDelayMs = 0;

  async recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    this.writes.push(outcomes.length);
    if (this.writeDelayMs > 0) await new Promise((r) => setTimeout(r, this.writeDelayMs));
    if (new Set(outcomes.map((o) => o.id)).size !== outcomes.length) throw new Error('a notification twice in one write');
    for (const o of outcomes) {
      if (o.kind === 'sent') this.update(o.id, (r) => ({ ...r, delivery: 'sent', sentAt: o.at, attempts: o.attempts, lastError: null }));
      else this.update(o.id, (r) => ({ ...r, delivery: o.kind === 'failed' ? 'failed' : 'pending', nextAttemptAt: o.at, attempts: o.attempts, lastError: o.error ?? null }));
    }
  }

  /** As the store's one-outcome form, for tests that set a row up. */
  async markRetry(id: string, at: number, attempts: number, error: string): Promise<void> {
    await this.recordDeliveries([{ kind: 'retry', id, at, attempts, error }]);
  }

  private update(id: string, change: (r: NotificationRecord) => NotificationRecord): void {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, change(row));
  }
}

const HOOK_TOKEN = 'hook-token-0123456789';
const AUTH = 'Bearer sekrit-authorization-value';

describe('the notify worker', () => {
  let receiver: Receiver | undefined;
  let worker: NotifyWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await receiver?.close();
    worker = undefined;
    receiver = undefined;
  });

  /** A worker over a MemoryOutbox with one webhook channel "team" at a loopback receiver; the clock moves only when the test says. */
  async function setup(answer: (index: number) => Answer | Promise<Answer>, options: { giveUpAfterMs?: number; extraChannels?: Record<string, ChannelSpec>; concurrency?: number } = {}) {
    receiver = await startReceiver((_request, index) => answer(index));
    const outbox = new MemoryOutbox();
    const clock = { now: T0 };
    const { logger, lines } = capturingLogger();
    const channels: Record<string, ChannelSpec> = {
      team: { name: 'team', type: 'webhook', url: `${receiver.url}/hooks/${HOOK_TOKEN}`, headers: { authorization: AUTH }, sendResolved: true },
      ...options.extraChannels,
    };
    const start = () => {
      worker = startNotifyWorker({ outbox, channels: () => channels, context: CONTEXT, now: () => clock.now, giveUpAfterMs: () => options.giveUpAfterMs ?? 3_600_000, logger, pollMs: 20, random: () => 0.5, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
      return worker;
    };
    return { outbox, clock, lines, channels, start, requests: receiver.requests };
  }

  it('retries a receiver that answers 503 twice, then delivers exactly once, marked sent after 3 attempts', async () => {
    const t = await setup((i) => (i < 2 ? { status: 503, body: 'unavailable' } : { status: 200 }));
    t.outbox.enqueue(notification());
    const w = t.start();
    await vi.waitFor(() => expect(t.outbox.get('n1')).toMatchObject({ attempts: 1, nextAttemptAt: T0 + 1_000, lastError: 'webhook answered 503: unavailable' }));
    t.clock.now = T0 + 1_000;
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('n1')).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 3_000 }));
    t.clock.now = T0 + 3_000;
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('n1')?.delivery).toBe('sent'));
    expect(t.outbox.get('n1')).toMatchObject({ delivery: 'sent', attempts: 3, sentAt: T0 + 3_000, lastError: null });
    expect(t.requests).toHaveLength(3);
    expect(t.requests.map((r) => r.path)).toEqual([`/hooks/${HOOK_TOKEN}`, `/hooks/${HOOK_TOKEN}`, `/hooks/${HOOK_TOKEN}`]);
    await w.stop();
    expect(t.requests).toHaveLength(3);
    expect(t.lines.some((l) => l.includes('notification will be retried'))).toBe(true);
    expect(t.lines.some((l) => l.includes('notification sent'))).toBe(true);
  });

  it('fails a notification answered 400 and does not retry it; logs carry no secrets', async () => {
    const t = await setup((i) => (i === 0 ? { status: 400, body: `bad request from ${AUTH} to /hooks/${HOOK_TOKEN}` } : { status: 200 }));
    t.outbox.enqueue(notification());
    const w = t.start();
    await vi.waitFor(() => expect(t.outbox.get('n1')?.delivery).toBe('failed'));
    expect(t.outbox.get('n1')).toMatchObject({ attempts: 1, lastError: 'webhook answered 400: bad request from [redacted] to /hooks/[redacted]' });
    // A later notification goes through; the failed one is not sent again.
    t.clock.now = T0 + 3_600_000;
    t.outbox.enqueue(notification({ id: 'n2', createdAt: T0 + 1 }));
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('n2')?.delivery).toBe('sent'));
    expect(t.requests).toHaveLength(2);
    expect(t.outbox.get('n1')?.delivery).toBe('failed');
    await w.stop();
    const logs = t.lines.join('\n');
    expect(logs).toContain('notification failed');
    expect(logs).not.toContain(HOOK_TOKEN);
    expect(logs).not.toContain('sekrit');
  });

  it('gives up once the next attempt would fall past the give-up time', async () => {
    const t = await setup(() => ({ status: 503 }), { giveUpAfterMs: 5_000 });
    t.outbox.enqueue(notification());
    const w = t.start();
    await vi.waitFor(() => expect(t.outbox.get('n1')?.attempts).toBe(1));
    t.clock.now = T0 + 4_500;
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('n1')?.delivery).toBe('failed'));
    expect(t.outbox.get('n1')).toMatchObject({ attempts: 2, lastError: 'gave up after 2 attempts: webhook answered 503' });
    expect(t.requests).toHaveLength(2);
  });

  it('fails a notification whose channel left the plan, sending nothing', async () => {
    const t = await setup(() => ({ status: 200 }));
    t.outbox.enqueue(notification({ channel: 'gone' }), notification({ id: 'n2', channel: 'toString' }));
    t.start();
    await vi.waitFor(() => expect([t.outbox.get('n1')?.delivery, t.outbox.get('n2')?.delivery]).toEqual(['failed', 'failed']));
    expect(t.outbox.get('n1')).toMatchObject({ attempts: 0, lastError: 'channel removed' });
    expect(t.requests).toHaveLength(0);
  });

  it("keeps a group's order: its resolved notification waits while the firing one is retried", async () => {
    const t = await setup((i) => (i === 0 ? { status: 503 } : { status: 200 }));
    t.outbox.enqueue(notification({ id: 'firing' }), resolvedNotification({ id: 'resolved' }));
    const w = t.start();
    await vi.waitFor(() => expect(t.outbox.get('resolved')?.lastError).toBe('waiting for notification firing of the same group'));
    expect(t.outbox.get('resolved')).toMatchObject({ delivery: 'pending', attempts: 0, nextAttemptAt: T0 + 1_000 });
    t.clock.now = T0 + 1_000;
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('resolved')?.delivery).toBe('sent'));
    expect(t.requests.map((r) => (r.body as { status: string }).status)).toEqual(['firing', 'firing', 'resolved']);
  });

  it("keeps a group's order across a restart: a later notification waits behind one an earlier run was retrying", async () => {
    const t = await setup(() => ({ status: 200 }));
    t.outbox.enqueue(notification({ id: 'firing' }), resolvedNotification({ id: 'resolved', createdAt: T0 + 10 }));
    // What an earlier run left: the firing one failed once and is due again in a minute; the resolved one is due now.
    await t.outbox.markRetry('firing', T0 + 60_000, 1, 'receiver answered 503');
    t.clock.now = T0 + 20;
    const w = t.start();
    await vi.waitFor(() => expect(t.outbox.get('resolved')?.lastError).toBe('waiting for notification firing of the same group'));
    expect(t.requests).toEqual([]);
    t.clock.now = T0 + 60_000;
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('resolved')?.delivery).toBe('sent'));
    expect(t.requests.map((r) => (r.body as { status: string }).status)).toEqual(['firing', 'resolved']);
  });

  it('serves channels in parallel: a slow receiver does not hold up another channel', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const other = await startReceiver(() => ({ status: 200 }));
    try {
      const t = await setup(async () => {
        await held;
        return { status: 200 };
      }, { extraChannels: { other: { name: 'other', type: 'webhook', url: other.url, headers: {}, sendResolved: true } } });
      t.outbox.enqueue(notification({ id: 'slow' }), notification({ id: 'fast', channel: 'other' }));
      const w = t.start();
      await vi.waitFor(() => expect(t.outbox.get('fast')?.delivery).toBe('sent'));
      expect(t.outbox.get('slow')?.delivery).toBe('pending');
      // stop() waits for the send in flight, and records it.
      const stopped = w.stop();
      release?.();
      await stopped;
      expect(t.outbox.get('slow')?.delivery).toBe('sent');
    } finally {
      release?.();
      await other.close();
    }
  });

  it('delivers several groups of one channel at once, each group in order, and records the outcomes in batches', async () => {
    let inFlight = 0;
    let most = 0;
    const t = await setup(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { status: 200 };
    }, { concurrency: 6 });
    for (let g = 0; g < 20; g++) {
      t.outbox.enqueue(notification({ id: `f${g}`, groupKey: `g${g}`, createdAt: T0 + g }), resolvedNotification({ id: `r${g}`, groupKey: `g${g}`, createdAt: T0 + 100 + g }));
    }
    // A write takes a while, as a store's does: outcomes recorded meanwhile go in the next write together.
    t.outbox.writeDelayMs = 20;
    t.clock.now = T0 + 200;
    t.start();
    await vi.waitFor(() => expect([...t.outbox.rows.values()].every((r) => r.delivery === 'sent')).toBe(true));
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(6);
    for (let g = 0; g < 20; g++) {
      const statuses = t.requests.filter((r) => (r.body as { groupKey: string }).groupKey === `g${g}`).map((r) => (r.body as { status: string }).status);
      expect(statuses).toEqual(['firing', 'resolved']);
    }
    expect(t.requests).toHaveLength(40);
    expect(t.outbox.writes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(t.outbox.writes.length).toBeLessThan(40);
  });

  it('skips a resolved notification for a channel with send_resolved off', async () => {
    const t = await setup(() => ({ status: 200 }));
    t.channels.team = { name: 'team', type: 'webhook', url: `${receiver?.url ?? ''}/x`, headers: {}, sendResolved: false };
    t.outbox.enqueue(resolvedNotification());
    t.start();
    await vi.waitFor(() => expect(t.outbox.get('n1')?.delivery).toBe('sent'));
    expect(t.requests).toHaveLength(0);
    expect(t.lines.some((l) => l.includes('notification skipped'))).toBe(true);
  });

  it('picks up notifications enqueued later when woken', async () => {
    const t = await setup(() => ({ status: 200 }));
    const w = t.start();
    t.outbox.enqueue(notification({ id: 'late', createdAt: T0 }));
    w.wake();
    await vi.waitFor(() => expect(t.outbox.get('late')?.delivery).toBe('sent'));
  });
});
