import { join } from 'node:path';
import type { EventStore, StateStore } from '../types.js';
import { DuckDB, type DuckDBOptions } from './database.js';
import { DuckDBEventStore } from './events.js';
import type { EncodedAppend } from './log-format.js';
import { DuckDBStateStore } from './state.js';
import type { HealthStore } from '../health.js';
import { DuckDBHealthStore } from './health.js';
import type { GithubStore } from '../github.js';
import { DuckDBGithubStore } from './github.js';
import { openImpactStores, type ImpactStores } from './impact.js';
import type { PrivacyStore } from '../privacy.js';
import { DuckDBPrivacyStore } from './privacy.js';
import type { DigestStore } from '../digests.js';
import { DuckDBDigestStore } from './digests.js';
import { DuckDBRetentionStore, type RetentionStore } from './retention.js';

export { DuckDB, DEFAULT_MEMORY_LIMIT, type DuckDBOptions } from './database.js';
export { DuckDBEventStore } from './events.js';
export { DuckDBStateStore } from './state.js';

export interface Stores extends ImpactStores {
  /** With the embedded store, it also takes batches encoded ahead of the commit (log-format.ts). */
  readonly events: EventStore & Partial<EncodedAppend> & { onQuarantine?(listener: (quarantined: { readonly path: string; readonly error: string }) => void): void };
  readonly state: StateStore;
  readonly health: HealthStore;
  readonly github: GithubStore;
  readonly privacy: PrivacyStore;
  /** When each scheduled digest was last sent. */
  readonly digests: DigestStore;
  /** Retention cohorts by week of first use (src/store/duckdb/retention.ts). */
  readonly retention: RetentionStore;
  close(): Promise<void>;
}

/** The embedded default: both stores in one DuckDB file under the data directory. */
export async function openEmbeddedStores(dataDir: string, options: Omit<DuckDBOptions, 'path'> = {}): Promise<Stores> {
  const path = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'launchwatch.duckdb');
  const db = await DuckDB.open({ ...options, path });
  const events = new DuckDBEventStore(db);
  const state = await DuckDBStateStore.open(db);
  const impact = await openImpactStores(db);
  const privacy = await DuckDBPrivacyStore.open(db);
  const digests = await DuckDBDigestStore.open(db);
  const github = await DuckDBGithubStore.open(db);
  return { events, state, ...impact, health: new DuckDBHealthStore(db, path), github, privacy, digests, retention: new DuckDBRetentionStore(db), close: () => db.close() };
}
