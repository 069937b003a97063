/**
 * Leadership among the replicas of one installation: a lease row in
 * PostgreSQL, taken when it has expired by PostgreSQL's clock and renewed by
 * its holder well before it expires (no home-made consensus: the database
 * decides who holds it, in one statement).
 *
 * Fencing is by expiry. A holder counts its lease from the moment it *sent*
 * the renewal, on its own monotonic clock, and stops leading `marginMs`
 * before that lease would end; PostgreSQL counts the same lease from when it
 * *ran* the renewal, later. So a leader cut off from PostgreSQL, or paused
 * (SIGSTOP, a long GC, a frozen VM), has stopped leading by its own clock
 * before any other replica can take the lease by the database's; duties
 * check `leading()` before each act that must happen once (src/cluster/fence.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';

/** What the lease needs of PostgreSQL: a pool's query (pg.Pool is one). */
export interface SqlClient {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface LeaseOptions {
  readonly pool: SqlClient;
  /** This replica's URL as the other replicas reach it (followers forward writes there). */
  readonly url: string;
  readonly logger: Logger;
  /** How long a lease lasts from its last renewal (default 6 s): a dead leader is replaced within about this. */
  readonly leaseMs?: number;
  /** How often the holder renews (default a third of the lease), and a follower tries to take it (default 1 s). */
  readonly renewEveryMs?: number;
  readonly tryEveryMs?: number;
  /** How long before the lease's end the holder stops leading (default 1 s). */
  readonly marginMs?: number;
  /** Called when this replica becomes the leader. */
  readonly onLead: () => void;
  /** Called when it stops being the leader (lease lost, expired unrenewed, or stop()). */
  readonly onFollow: (reason: string) => void;
}

/** The leader as the lease row says, when a lease is held. */
export interface LeaderInfo {
  readonly holder: string;
  readonly url: string;
  /** How many times the lease has changed hands: a new leader has a higher epoch. */
  readonly epoch: number;
}

const LEASE = 'scheduler';

export class LeaderLease {
  /** This replica's identity in the lease row: unique per process start. */
  readonly holder = randomUUID();
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly tryEveryMs: number;
  private readonly marginMs: number;
  /** Monotonic time (performance.now) until which this replica may act as the leader; 0 when it does not lead. */
  private validUntil = 0;
  private epochHeld = 0;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: LeaseOptions) {
    this.leaseMs = options.leaseMs ?? 6000;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.leaseMs / 3);
    this.tryEveryMs = options.tryEveryMs ?? 1000;
    this.marginMs = options.marginMs ?? 1000;
    if (this.marginMs * 2 >= this.leaseMs || this.renewEveryMs + this.marginMs >= this.leaseMs) {
      throw new Error(`lease of ${this.leaseMs} ms is too short for renewals every ${this.renewEveryMs} ms with a ${this.marginMs} ms margin`);
    }
  }

  /** Whether this replica may act as the leader now: it holds a lease that has not run out by its own clock. */
  leading(): boolean {
    return this.validUntil > performance.now();
  }

  /** The epoch of the lease this replica holds (0 when it does not lead). */
  epoch(): number {
    return this.leading() ? this.epochHeld : 0;
  }

  /** Starts campaigning (the first attempt runs now) on the table `launchwatch_leader` of the state's migrations. */
  async start(): Promise<void> {
    // The watchdog notices an expiry even when the renewal is stuck (PostgreSQL unreachable, a query hung).
    this.watchdog = setInterval(() => this.checkExpiry(), 100);
    this.watchdog.unref();
    await this.attempt();
  }

  /** Stops campaigning; a held lease is released so another replica leads at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watchdog) clearInterval(this.watchdog);
    await withTimeout(this.running ?? Promise.resolve(), this.renewEveryMs).catch(() => undefined);
    if (this.validUntil === 0) return;
    this.demote('stopping');
    await this.options.pool
      .query(`UPDATE launchwatch_leader SET expires_at = now() WHERE name = $1 AND holder = $2`, [LEASE, this.holder])
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not release the leader lease; it expires on its own'));
  }

  /** Who leads, by the lease row (also when this replica does). */
  async leader(): Promise<LeaderInfo | undefined> {
    const { rows } = await this.options.pool.query<{ holder: string; url: string; epoch: string }>(
      `SELECT holder, url, epoch FROM launchwatch_leader WHERE name = $1 AND expires_at > now()`,
      [LEASE],
    );
    const row = rows[0];
    return row ? { holder: row.holder, url: row.url, epoch: Number(row.epoch) } : undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.attempt(), this.validUntil > 0 ? this.renewEveryMs : this.tryEveryMs);
    this.timer.unref();
  }

  /** One renewal (when leading) or one try to take the lease (when not). */
  private attempt(): Promise<void> {
    const run = (async () => {
      const sentAt = performance.now();
      try {
        // A query that hangs (PostgreSQL unreachable) counts as a failed attempt, so the next one is tried on time.
        const epoch = await withTimeout(this.validUntil > 0 ? this.renew() : this.take(), this.renewEveryMs);
        this.checkExpiry();
        if (epoch === undefined) {
          if (this.validUntil > 0) this.demote('another replica holds the leader lease');
          return;
        }
        const wasLeading = this.validUntil > 0;
        this.epochHeld = epoch;
        this.validUntil = sentAt + this.leaseMs - this.marginMs;
        if (!wasLeading) {
          this.options.logger.info({ epoch }, 'this replica is the leader');
          this.options.onLead();
        }
      } catch (error: unknown) {
        this.options.logger.warn({ err: error }, this.validUntil > 0 ? 'renewing the leader lease failed' : 'trying for the leader lease failed');
        this.checkExpiry();
      }
    })();
    this.running = run.finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  /** Takes the lease if it is free or expired (by PostgreSQL's clock): the new epoch, or undefined. */
  private async take(): Promise<number | undefined> {
    const { rows } = await this.options.pool.query<{ epoch: string }>(
      `INSERT INTO launchwatch_leader (name, holder, url, epoch, expires_at)
       VALUES ($1, $2, $3, 1, now() + $4 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, url = EXCLUDED.url,
         epoch = launchwatch_leader.epoch + 1, expires_at = EXCLUDED.expires_at
       WHERE launchwatch_leader.expires_at <= now()
       RETURNING epoch`,
      [LEASE, this.holder, this.options.url, this.leaseMs],
    );
    return rows[0] ? Number(rows[0].epoch) : undefined;
  }

  /** Extends the lease this replica holds: its epoch, or undefined when it is no longer ours. */
  private async renew(): Promise<number | undefined> {
    const { rows } = await this.options.pool.query<{ epoch: string }>(
      `UPDATE launchwatch_leader SET expires_at = now() + $3 * interval '1 millisecond'
       WHERE name = $1 AND holder = $2 AND epoch = $4 AND expires_at > now()
       RETURNING epoch`,
      [LEASE, this.holder, this.leaseMs, this.epochHeld],
    );
    return rows[0] ? Number(rows[0].epoch) : undefined;
  }

  private checkExpiry(): void {
    if (this.validUntil > 0 && performance.now() >= this.validUntil) this.demote('the leader lease ran out before it was renewed');
  }

  private demote(reason: string): void {
    if (this.validUntil === 0) return;
    this.validUntil = 0;
    this.epochHeld = 0;
    this.options.logger.warn({ reason }, 'this replica no longer leads');
    this.options.onFollow(reason);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from PostgreSQL within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
