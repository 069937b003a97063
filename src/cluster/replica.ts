/**
 * One replica of an installation that shares its state in PostgreSQL: it
 * campaigns for the leader lease (lease.ts), runs the leader's duties while it
 * holds it, and otherwise keeps what it shows fresh from the shared state.
 * Replicas tell the leader of the event types they committed (PostgreSQL
 * LISTEN/NOTIFY), so a rule reading them is evaluated soon whichever replica
 * took the events.
 */
import type { Logger } from 'pino';
import type pg from 'pg';
import { LeaderLease, type LeaseOptions } from './lease.js';

export type Role = 'leader' | 'follower';

/** What a replica needs of PostgreSQL: queries, and one connection of its own to LISTEN on. */
export type ReplicaPool = Pick<pg.Pool, 'query' | 'connect'>;

export interface ReplicaOptions {
  readonly pool: ReplicaPool;
  /** This replica's URL as the others reach it. */
  readonly url: string;
  readonly logger: Logger;
  /** Lease timings (lease.ts); the defaults replace a dead leader within about 7 s. */
  readonly lease?: Pick<LeaseOptions, 'leaseMs' | 'renewEveryMs' | 'tryEveryMs' | 'marginMs'>;
  /** Starts the leader's duties; a failure is logged and the lease kept (the duties retry on their own). */
  readonly lead: () => Promise<void>;
  /** Stops them at once (the lease is gone): nothing more may be written. */
  readonly follow: (reason: string) => void;
  /** While following: re-reads what this replica shows from the shared state (every refreshEveryMs, default 1 s). */
  readonly refresh: () => Promise<void>;
  readonly refreshEveryMs?: number;
  /** On the leader: another replica committed events of these types. */
  readonly committed: (types: readonly string[]) => void;
}

const CHANNEL = 'launchwatch_commits';
/** A replica counts as alive while it was seen within this (table `launchwatch_replicas` of the state's migrations). */
const ALIVE_MS = 10_000;

export class Replica {
  private readonly lease: LeaderLease;
  private refresher: NodeJS.Timeout | undefined;
  private listener: pg.PoolClient | undefined;
  private pendingTypes = new Set<string>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private alive = 1;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplicaOptions) {
    this.lease = new LeaderLease({
      pool: options.pool,
      url: options.url,
      logger: options.logger,
      ...options.lease,
      onLead: () => {
        options.lead().catch((error: unknown) => options.logger.error({ err: error }, 'starting the leader duties failed'));
      },
      onFollow: (reason) => options.follow(reason),
    });
  }

  role(): Role {
    return this.lease.leading() ? 'leader' : 'follower';
  }

  /** Whether this replica may act as the leader now (the fence's test). */
  leading(): boolean {
    return this.lease.leading();
  }

  epoch(): number {
    return this.lease.epoch();
  }

  /** The leader's URL, or undefined while no replica holds the lease. */
  async leaderUrl(): Promise<string | undefined> {
    return (await this.lease.leader())?.url;
  }

  /** Replicas alive by their heartbeats (at least 1, this one). */
  replicas(): number {
    return this.alive;
  }

  async start(): Promise<void> {
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), 2000);
    this.heartbeat.unref();
    await this.listen();
    await this.lease.start();
    this.refresher = setInterval(() => {
      if (this.lease.leading()) return;
      this.options.refresh().catch((error: unknown) => this.options.logger.warn({ err: error }, 'refreshing from the shared state failed'));
    }, this.options.refreshEveryMs ?? 1000);
    this.refresher.unref();
  }

  /** Tells the leader (soon, several commits in one notice) that this replica committed events of these types. */
  noteCommit(types: Iterable<string>): void {
    if (this.lease.leading() || this.stopped) return;
    for (const type of types) this.pendingTypes.add(type);
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      const payload = [...this.pendingTypes].join(',');
      this.pendingTypes = new Set();
      this.options.pool
        .query('SELECT pg_notify($1, $2)', [CHANNEL, payload])
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'telling the leader of a commit failed'));
    }, 50);
    this.notifyTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.refresher) clearInterval(this.refresher);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    await this.lease.stop();
    await this.options.pool.query('DELETE FROM launchwatch_replicas WHERE holder = $1', [this.lease.holder]).catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    listener?.release();
  }

  /** Says this replica is alive, and counts the replicas that are. */
  private async beat(): Promise<void> {
    try {
      await this.options.pool.query(
        `INSERT INTO launchwatch_replicas (holder, url, seen_at) VALUES ($1, $2, now())
         ON CONFLICT (holder) DO UPDATE SET url = EXCLUDED.url, seen_at = now()`,
        [this.lease.holder, this.options.url],
      );
      const { rows } = await this.options.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM launchwatch_replicas WHERE seen_at > now() - $1 * interval '1 millisecond'`,
        [ALIVE_MS],
      );
      this.alive = Math.max(1, Number(rows[0]?.n ?? 1));
      // Rows of replicas gone for long are cleared by whoever sees them.
      await this.options.pool.query(`DELETE FROM launchwatch_replicas WHERE seen_at < now() - interval '1 hour'`);
    } catch (error: unknown) {
      this.options.logger.warn({ err: error }, 'the replica heartbeat failed');
    }
  }

  /** A connection of its own that hears the other replicas' commits; reconnects after an error. */
  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !this.lease.leading()) return;
      this.options.committed((message.payload ?? '').split(',').filter((type) => type !== ''));
    });
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'the connection that hears other replicas’ commits failed; reconnecting');
      client.release(error);
      if (this.listener === client) this.listener = undefined;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }
}
