/**
 * The scale-out backend: the state in PostgreSQL (src/store/postgres/), the
 * events in ClickHouse (src/store/clickhouse/), composed into the `Stores`
 * every part of launchwatch uses. Several replicas open the same two URLs and
 * form one installation; the state's pool is where they elect their leader.
 *
 * No transaction spans the two databases, so what touches both is made of
 * idempotent steps: an erasure is recorded as requested in PostgreSQL, the
 * user's events are deleted in ClickHouse, and the erasure is marked
 * completed; a replica that dies between the steps leaves a pending erasure
 * that the next leader completes (`resume`), and the audit log says so.
 * Expiry deletes the events, then writes its audit entry: a retention run cut
 * short is simply run again.
 */
import type { Stores } from './backends.js';
import { openClickHouseEvents, type ClickHouseEvents } from './clickhouse/index.js';
import type { HealthStore } from './health.js';
import { openPostgresState, type PostgresState } from './postgres/index.js';
import { TwoStorePrivacy } from './two-store-privacy.js';

export interface ScaleOutOptions {
  /** postgres://user:password@host:port/database (the password may come from PGPASSWORD instead). */
  readonly stateUrl: string;
  /** http(s)://user:password@host:port/database of ClickHouse's HTTP interface (or CLICKHOUSE_PASSWORD). */
  readonly eventsUrl: string;
  /** Connections in the PostgreSQL pool. */
  readonly poolSize?: number;
  readonly now?: () => number;
}

export async function openScaleOutStores(options: ScaleOutOptions): Promise<Stores> {
  const state = await openPostgresState(options.stateUrl, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
  let events: ClickHouseEvents;
  try {
    events = await openClickHouseEvents(options.eventsUrl);
  } catch (error: unknown) {
    await state.close();
    throw error;
  }
  const privacy = new TwoStorePrivacy(state.privacy, events.privacy, options.now ?? Date.now);
  return {
    events: events.events,
    state: state.state,
    releases: state.releases,
    baselines: state.baselines,
    backlog: state.backlog,
    eventValues: events.eventValues,
    health: health(state, events),
    github: state.github,
    privacy,
    digests: state.digests,
    talk: state.talk,
    oncall: state.oncall,
    retention: events.retention,
    shared: {
      pool: state.pool,
      resume: async () => {
        await privacy.resume();
      },
    },
    close: async () => {
      await events.close();
      await state.close();
    },
  };
}

function health(state: PostgresState, events: ClickHouseEvents): HealthStore {
  return {
    notificationCounts: () => state.notificationCounts(),
    sizeBytes: async () => (await state.sizeBytes()) + (await events.sizeBytes()),
    // There is no ingest log: an insert into ClickHouse has returned before the events are acknowledged.
    quarantinedSegments: async () => 0,
  };
}
