import { join } from 'node:path';
import type { Stores } from '../backends.js';
import { DuckDB, type DuckDBOptions } from './database.js';
import { DuckDBEventStore } from './events.js';
import { DuckDBStateStore } from './state.js';
import { DuckDBHealthStore } from './health.js';
import { DuckDBGithubStore } from './github.js';
import { openImpactStores } from './impact.js';
import { DuckDBPrivacyStore } from './privacy.js';
import { DuckDBDigestStore } from './digests.js';
import { DuckDBOnCallStore } from './oncall.js';
import { DuckDBRetentionStore } from './retention.js';
import { DuckDBTalkStore } from './talk.js';

export { DuckDB, DEFAULT_MEMORY_LIMIT, type DuckDBOptions } from './database.js';
export { DuckDBEventStore } from './events.js';
export { DuckDBStateStore } from './state.js';

/** The set of stores every backend opens (src/store/backends.ts). */
export type { Stores };

/** The embedded default: every store in one DuckDB file under the data directory. */
export async function openEmbeddedStores(dataDir: string, options: Omit<DuckDBOptions, 'path'> = {}): Promise<Stores> {
  const path = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'launchwatch.duckdb');
  const db = await DuckDB.open({ ...options, path });
  const events = new DuckDBEventStore(db);
  const state = await DuckDBStateStore.open(db);
  const impact = await openImpactStores(db);
  const privacy = await DuckDBPrivacyStore.open(db);
  const digests = await DuckDBDigestStore.open(db);
  const github = await DuckDBGithubStore.open(db);
  const talk = await DuckDBTalkStore.open(db);
  const oncall = await DuckDBOnCallStore.open(db);
  return { events, state, ...impact, health: new DuckDBHealthStore(db, path), github, privacy, digests, talk, oncall, retention: new DuckDBRetentionStore(db), close: () => db.close() };
}
