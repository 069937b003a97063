/**
 * Leadership by a lease row in the real PostgreSQL: one leader at a time, a
 * replacement within the lease after the leader goes silent, and a silent
 * leader that has stopped leading by its own clock before the next one starts.
 */
import type pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LeaderLease, type SqlClient } from '../../src/cluster/lease.js';
import { openPostgresState, type PostgresState } from '../../src/store/postgres/index.js';
import { freshDatabase } from '../helpers/postgres.js';

const states: PostgresState[] = [];
const leases: LeaderLease[] = [];

afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.stop()));
});
afterAll(async () => {
  await Promise.all(states.map((state) => state.close()));
});

/** The pool of a fresh, migrated state database (the lease's table is one of its migrations). */
async function freshPool(): Promise<pg.Pool> {
  const state = await openPostgresState(await freshDatabase());
  states.push(state);
  return state.pool;
}

/** A pool whose queries hang while `paused`: a replica cut off from PostgreSQL, or stopped. */
function pausable(pool: pg.Pool): SqlClient & { paused: boolean } {
  const client = {
    paused: false,
    query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
      return client.paused ? new Promise(() => undefined) : pool.query<R>(text, values);
    },
  };
  return client;
}

interface Replica {
  readonly lease: LeaderLease;
  readonly events: { kind: 'lead' | 'follow'; at: number }[];
}

function replica(pool: SqlClient, url: string, timing: { leaseMs: number; tryEveryMs: number; marginMs: number }): Replica {
  const events: Replica['events'] = [];
  const lease = new LeaderLease({
    pool,
    url,
    logger: pino({ level: 'silent' }),
    ...timing,
    onLead: () => events.push({ kind: 'lead', at: performance.now() }),
    onFollow: () => events.push({ kind: 'follow', at: performance.now() }),
  });
  leases.push(lease);
  return { lease, events };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const timing = { leaseMs: 1500, tryEveryMs: 100, marginMs: 300 };

describe('the leader lease on PostgreSQL', () => {
  it('lets exactly one of several replicas lead, and names it to all', async () => {
    const pool = await freshPool();
    const replicas = ['http://a', 'http://b', 'http://c'].map((url) => replica(pool, url, timing));
    await Promise.all(replicas.map((r) => r.lease.start()));
    await until(() => replicas.some((r) => r.lease.leading()), 2000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const leaders = replicas.filter((r) => r.lease.leading());
    expect(leaders).toHaveLength(1);
    const [leader] = leaders;
    const info = await replicas[2]?.lease.leader();
    expect(info?.holder).toBe(leader?.lease.holder);
    expect(info?.url).toBe(['http://a', 'http://b', 'http://c'][leader ? replicas.indexOf(leader) : -1]);
    expect(leader?.lease.epoch()).toBe(info?.epoch);
  });

  it('hands over at once when the leader stops, with a higher epoch', async () => {
    const pool = await freshPool();
    const a = replica(pool, 'http://a', timing);
    await a.lease.start();
    expect(a.lease.leading()).toBe(true);
    const first = a.lease.epoch();
    const b = replica(pool, 'http://b', timing);
    await b.lease.start();
    expect(b.lease.leading()).toBe(false);
    const stoppedAt = performance.now();
    await a.lease.stop();
    await until(() => b.lease.leading(), 1000);
    expect(performance.now() - stoppedAt).toBeLessThan(timing.leaseMs);
    expect(b.lease.epoch()).toBeGreaterThan(first);
  });

  it('replaces a leader cut off from PostgreSQL within the lease, and the old one stops leading first', async () => {
    const pool = await freshPool();
    const cutOff = pausable(pool);
    const a = replica(cutOff, 'http://a', timing);
    await a.lease.start();
    const b = replica(pool, 'http://b', timing);
    await b.lease.start();
    expect(a.lease.leading()).toBe(true);
    const pausedAt = performance.now();
    cutOff.paused = true;
    await until(() => b.lease.leading(), timing.leaseMs + 1000);
    const aFollowed = a.events.find((e) => e.kind === 'follow');
    const bLed = b.events.find((e) => e.kind === 'lead');
    // Fencing by expiry: the old leader gave up by its own clock before the new one took the lease.
    expect(aFollowed?.at).toBeLessThan(bLed?.at ?? -1);
    expect((bLed?.at ?? Infinity) - pausedAt).toBeLessThan(timing.leaseMs + 500);
    expect(a.lease.leading()).toBe(false);
  });

  it('does not let a leader back in after its lease was taken over', async () => {
    const pool = await freshPool();
    const cutOff = pausable(pool);
    const a = replica(cutOff, 'http://a', timing);
    await a.lease.start();
    const b = replica(pool, 'http://b', timing);
    await b.lease.start();
    cutOff.paused = true;
    await until(() => b.lease.leading(), timing.leaseMs + 1000);
    cutOff.paused = false;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(a.lease.leading()).toBe(false);
    expect(b.lease.leading()).toBe(true);
  });

  it('refuses timings that leave no room to renew', () => {
    const unused: SqlClient = { query: () => Promise.reject(new Error('not queried')) };
    expect(() => replica(unused, 'http://x', { leaseMs: 1000, tryEveryMs: 100, marginMs: 600 })).toThrow('too short');
  });
});
