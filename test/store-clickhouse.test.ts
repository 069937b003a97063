/**
 * The event-side contract suites with the events on the test ClickHouse
 * (18.16, a fresh database per store) and the state on DuckDB: the event
 * store contract with an in-memory DuckDB for the state, the privacy and
 * impact contracts with a DuckDB file (their cases reopen the state too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openClickHouseEvents, type ClickHouseEvents } from '../src/store/clickhouse/index.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { AuditEntry, PrivacyStore, RowCounts } from '../src/store/privacy.js';
import { dropTestDatabases, freshDatabaseUrl } from './helpers/clickhouse-events.js';
import { impactStoreContract, type ImpactStoreFactory } from './contract/impact-stores.js';
import { privacyStoreContract, type PrivacyStoreFactory } from './contract/privacy-store.js';
import { eventStoreContract, type StoreFactory } from './contract/stores.js';

const dirs: string[] = [];
afterAll(async () => {
  await dropTestDatabases();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-ch-state-'));
  dirs.push(dir);
  return dir;
}

/** The events on ClickHouse at `url`, the rest of the stores on DuckDB at `dataDir`. */
async function split(url: string, dataDir: string): Promise<{ clickhouse: ClickHouseEvents; duck: Stores; close(): Promise<void> }> {
  const clickhouse = await openClickHouseEvents(url);
  const duck = await openEmbeddedStores(dataDir, { memoryLimit: '256MB' });
  return { clickhouse, duck, close: async () => void (await Promise.all([clickhouse.close(), duck.close()])) };
}

const stores: StoreFactory = {
  async fresh() {
    const url = freshDatabaseUrl();
    const open = async () => {
      const { clickhouse, duck, close } = await split(url, ':memory:');
      return { events: clickhouse.events, state: duck.state, close };
    };
    return { ...(await open()), reopen: open };
  },
};

/**
 * A PrivacyStore with the events half on ClickHouse and the state half on
 * DuckDB, each erasure or expiry deleting the events first, then writing its
 * audit entry.
 */
function privacyOf(clickhouse: ClickHouseEvents, duck: Stores): PrivacyStore {
  const state = duck.privacy;
  const thenAudit = async (deleted: RowCounts, audit: (deleted: RowCounts) => AuditEntry) => {
    await state.appendAudit(audit(deleted));
    return deleted;
  };
  return {
    ingestSwitch: () => state.ingestSwitch(),
    setIngestSwitch: (s, audit) => state.setIngestSwitch(s, audit),
    userEvents: (ids) => clickhouse.privacy.userEvents(ids),
    purgeUser: async (ids, audit) => thenAudit(await clickhouse.privacy.deleteUserEvents(ids), audit),
    expireEvents: async (before, audit) => thenAudit(await clickhouse.privacy.deleteEventsBefore(before), audit),
    expireSamples: (before, audit) => state.expireSamples(before, audit),
    expireAlerting: (before, audit) => state.expireAlerting(before, audit),
    appendAudit: (entry) => state.appendAudit(entry),
    audit: (limit) => state.audit(limit),
  };
}

const privacy: PrivacyStoreFactory = {
  async fresh() {
    const url = freshDatabaseUrl();
    const dir = stateDir();
    const open = async () => {
      const { clickhouse, duck, close } = await split(url, dir);
      return { events: clickhouse.events, state: duck.state, privacy: privacyOf(clickhouse, duck), close };
    };
    return { ...(await open()), reopen: open };
  },
};

const impact: ImpactStoreFactory = {
  async fresh() {
    const url = freshDatabaseUrl();
    const dir = stateDir();
    const open = async () => {
      const { clickhouse, duck, close } = await split(url, dir);
      return { events: clickhouse.events, eventValues: clickhouse.eventValues, releases: duck.releases, baselines: duck.baselines, backlog: duck.backlog, close };
    };
    return { ...(await open()), reopen: open };
  },
};

eventStoreContract('ClickHouse events, DuckDB state', stores);
privacyStoreContract('ClickHouse events, DuckDB state', privacy);
impactStoreContract('ClickHouse events, DuckDB state', impact);
