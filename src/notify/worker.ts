/**
 * The outbox drainer. Notifications are written to the outbox in the same
 * transaction as the alert change that owes them; this worker takes the due
 * ones, sends each through its channel's notifier and records the outcome:
 * sent, retried later (backoff.ts) or failed for good. Channels are served in
 * parallel, and within a channel several groups at once (at most
 * `concurrency`); a group's notifications go one at a time, oldest first, and
 * a group's later notification waits while an earlier one of the same group
 * is being retried, so a receiver never sees "resolved" before "firing".
 * Outcomes are written in batches (outcomes.ts): each write takes every
 * outcome recorded while the one before it ran.
 */
import type { Logger } from 'pino';
import type { NotificationRecord, NotificationRequest } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';
import type { DeliveryOutcome } from '../store/types.js';
import { dispose, forChannel, type Disposition } from './decide.js';
import { redact, secretsOf } from './redact.js';
import { OutcomeWriter } from './outcomes.js';
import { createNotifier } from './registry.js';
import { withTarget } from './target.js';
import type { Notifier, NotifyContext, SendOutcome } from './types.js';

/** What the worker needs of the store (the StateStore's outbox methods). */
export interface Outbox {
  /** Pending notifications whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<NotificationRecord[]>;
  /** Pending notifications already attempted (being retried), due or not, oldest first. */
  retrying(): Promise<NotificationRecord[]>;
  /** The outcomes of many attempts (sent, retry at, failed), in one write; each notification once. */
  recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void>;
}

export interface NotifyWorkerOptions {
  readonly outbox: Outbox;
  /** The plan's channels by name, read at each send so a plan reload applies at once. */
  readonly channels: () => Readonly<Record<string, ChannelSpec>>;
  readonly context: NotifyContext;
  readonly now: () => number;
  /** The plan's notify.giveUpAfterMs, read at each decision. */
  readonly giveUpAfterMs: () => number;
  readonly logger: Logger;
  /** How often to look for due notifications when not woken. Default 1 s. */
  readonly pollMs?: number;
  readonly random?: () => number;
  /** Notifications taken per pass. Default 500. */
  readonly batchSize?: number;
  /** Groups of one channel delivered at once. Default 32. */
  readonly concurrency?: number;
  /** Upper bound on one send, whatever the channel. Default 60 s. */
  readonly sendTimeoutMs?: number;
}

export interface NotifyWorker {
  /** Look for due notifications now (call after enqueueing). */
  wake(): void;
  /** Takes no new notification; resolves once the sends in flight are recorded. */
  stop(): Promise<void>;
}

export const DEFAULT_POLL_MS = 1_000;
const DEFAULT_BATCH = 500;
const DEFAULT_CONCURRENCY = 32;
const DEFAULT_SEND_TIMEOUT_MS = 60_000;

/** A notification being retried: later ones of its group to its channel wait until `at`. */
interface Hold {
  readonly id: string;
  readonly createdAt: number;
  readonly at: number;
}

function holdKey(n: NotificationRequest): string {
  return `${n.channel}\u0000${n.groupKey}`;
}

export function startNotifyWorker(options: NotifyWorkerOptions): NotifyWorker {
  const drainer = new Drainer(options);
  const running = drainer.run();
  return {
    wake: () => drainer.wake(),
    stop: async () => {
      drainer.stop();
      await running;
    },
  };
}

class Drainer {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly sendTimeoutMs: number;
  private readonly outcomes: OutcomeWriter;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly notifiers = new WeakMap<ChannelSpec, Notifier>();
  private readonly holds = new Map<string, Hold>();
  private stopping = false;
  private woken = false;
  private interrupt: (() => void) | undefined;

  constructor(private readonly options: NotifyWorkerOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.random = options.random ?? Math.random;
    this.log = options.logger.child({ component: 'notify' });
    this.outcomes = new OutcomeWriter(
      (outcomes) => options.outbox.recordDeliveries(outcomes),
      (error, count) => this.log.error({ err: error, outcomes: count }, 'could not record notification outcomes; those notifications stay pending and are tried again'),
    );
  }

  wake(): void {
    this.woken = true;
    this.interrupt?.();
  }

  stop(): void {
    this.stopping = true;
    this.interrupt?.();
  }

  async run(): Promise<void> {
    await this.restoreHolds();
    while (!this.stopping) {
      this.woken = false;
      let more = false;
      try {
        more = await this.pass();
      } catch (error: unknown) {
        this.log.error({ err: error }, 'notification pass failed');
      }
      if (!more && !this.stopping) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      timer.unref();
      this.interrupt = done;
    });
  }

  /** One pass over the due notifications; true when a full batch went well and more may be due. */
  private async pass(): Promise<boolean> {
    const now = this.options.now();
    let rows: NotificationRecord[];
    try {
      rows = await this.options.outbox.due(now, this.batchSize);
    } catch (error: unknown) {
      this.log.error({ err: error }, 'could not read the notification outbox');
      return false;
    }
    this.expireHolds(rows, now);
    const byChannel = new Map<string, NotificationRecord[]>();
    for (const row of [...rows].sort((a, b) => a.createdAt - b.createdAt)) {
      const list = byChannel.get(row.channel);
      if (list) list.push(row);
      else byChannel.set(row.channel, [row]);
    }
    const results = await Promise.all([...byChannel.values()].map((list) => this.deliverChannel(list)));
    await this.outcomes.settled();
    return rows.length === this.batchSize && results.every(Boolean);
  }

  /**
   * The holds an earlier run had, from the outbox itself: a pending notification
   * already attempted is being retried, and the oldest such one of each group
   * and channel holds the later ones until its next attempt. So a group keeps
   * its order across a restart, not only within one run.
   */
  private async restoreHolds(): Promise<void> {
    let pending: NotificationRecord[];
    try {
      pending = await this.options.outbox.retrying();
    } catch (error: unknown) {
      this.log.error({ err: error }, 'could not read the notification outbox');
      return;
    }
    for (const row of pending) {
      const key = holdKey(row);
      if (!this.holds.has(key)) this.holds.set(key, { id: row.id, createdAt: row.createdAt, at: row.nextAttemptAt });
    }
  }

  /** A hold whose notification is past due yet no longer in the outbox (removed elsewhere) holds nothing. */
  private expireHolds(rows: readonly NotificationRecord[], now: number): void {
    if (rows.length >= this.batchSize) return;
    const due = new Set(rows.map((r) => r.id));
    for (const [key, hold] of this.holds) {
      if (hold.at <= now && !due.has(hold.id)) this.holds.delete(key);
    }
  }

  /** One channel's due notifications: its groups at most `concurrency` at a time, each group in order. */
  private async deliverChannel(rows: readonly NotificationRecord[]): Promise<boolean> {
    const byGroup = new Map<string, NotificationRecord[]>();
    for (const row of rows) {
      const list = byGroup.get(row.groupKey);
      if (list) list.push(row);
      else byGroup.set(row.groupKey, [row]);
    }
    const queue = [...byGroup.values()];
    let ok = true;
    const lane = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) if (!(await this.deliverInOrder(next))) ok = false;
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, lane));
    return ok;
  }

  private async deliverInOrder(rows: readonly NotificationRecord[]): Promise<boolean> {
    for (const row of rows) {
      if (this.stopping) return false;
      try {
        await this.deliver(row);
      } catch (error: unknown) {
        this.log.error({ err: error, notification: row.id, channel: row.channel }, 'could not record a notification outcome');
        return false;
      }
    }
    return true;
  }

  private async deliver(row: NotificationRecord): Promise<void> {
    const channels = this.options.channels();
    const named = Object.hasOwn(channels, row.channel) ? channels[row.channel] : undefined;
    // A notification with its own target (a status-page subscriber) is sent through a copy of its channel.
    const channel = named === undefined ? undefined : withTarget(named, row.target);
    if (channel === undefined) {
      return this.record(row, undefined, row.attempts, this.options.now(), { kind: 'failed', reason: 'channel removed' });
    }
    const hold = this.holds.get(holdKey(row));
    if (hold !== undefined && hold.id !== row.id && hold.createdAt <= row.createdAt) return this.wait(row, hold);
    const delivery = forChannel(row, channel);
    if (delivery.kind === 'skip') {
      this.outcomes.record({ kind: 'sent', id: row.id, at: this.options.now(), attempts: row.attempts + 1 });
      this.log.info({ notification: row.id, channel: row.channel, type: channel.type, reason: delivery.reason }, 'notification skipped');
      return;
    }
    const outcome = await this.attempt(channel, delivery.request);
    const attempts = row.attempts + 1;
    const now = this.options.now();
    const disposition = dispose({ outcome, attempts, createdAt: row.createdAt, now, giveUpAfterMs: this.options.giveUpAfterMs(), random: this.random });
    return this.record(row, channel, attempts, now, disposition);
  }

  private async attempt(channel: ChannelSpec, request: NotificationRequest): Promise<SendOutcome> {
    try {
      let notifier = this.notifiers.get(channel);
      if (notifier === undefined) {
        notifier = createNotifier(channel, this.options.context);
        this.notifiers.set(channel, notifier);
      }
      return await notifier.send(request, AbortSignal.timeout(this.sendTimeoutMs));
    } catch (error: unknown) {
      // A notifier classifies every failure it knows of; a throw is a bug, kept in the log without the channel's secrets.
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? redact(error.message, secretsOf(channel)) : '';
      this.log.error({ err: { name, message }, channel: channel.name, type: channel.type }, 'notifier threw');
      return { kind: 'retry', reason: `${channel.type} notifier failed unexpectedly (${name})` };
    }
  }

  /** A later notification of a group waits behind the group's earlier one, or gives up as any other would. */
  private async wait(row: NotificationRecord, hold: Hold): Promise<void> {
    const now = this.options.now();
    if (now >= row.createdAt + this.options.giveUpAfterMs()) {
      const reason = `gave up waiting behind notification ${hold.id} of the same group`;
      return this.record(row, undefined, row.attempts, now, { kind: 'failed', reason });
    }
    const at = Math.max(hold.at, now + this.pollMs);
    this.outcomes.record({ kind: 'retry', id: row.id, at, attempts: row.attempts, error: `waiting for notification ${hold.id} of the same group` });
    this.log.debug({ notification: row.id, channel: row.channel, waitingFor: hold.id, nextAttemptAt: at }, 'notification waits for an earlier one');
  }

  private record(row: NotificationRecord, channel: ChannelSpec | undefined, attempts: number, now: number, d: Disposition): void {
    const key = holdKey(row);
    const fields = { notification: row.id, channel: row.channel, type: channel?.type, attempts };
    if (d.kind === 'retry') {
      this.holds.set(key, { id: row.id, createdAt: row.createdAt, at: d.at });
      this.outcomes.record({ kind: 'retry', id: row.id, at: d.at, attempts, error: d.reason });
      this.log.warn({ ...fields, reason: d.reason, nextAttemptAt: new Date(d.at).toISOString() }, 'notification will be retried');
      return;
    }
    if (this.holds.get(key)?.id === row.id) this.holds.delete(key);
    if (d.kind === 'sent') {
      this.outcomes.record({ kind: 'sent', id: row.id, at: now, attempts });
      this.log.info(fields, 'notification sent');
    } else {
      this.outcomes.record({ kind: 'failed', id: row.id, at: now, attempts, error: d.reason });
      this.log.error({ ...fields, reason: d.reason }, 'notification failed');
    }
  }
}
