import { join } from 'node:path';
import type { EventStore, StateStore } from '../types.js';
import { DuckDB, type DuckDBOptions } from './database.js';
import { DuckDBEventStore } from './events.js';
import { DuckDBStateStore } from './state.js';

export { DuckDB, DEFAULT_MEMORY_LIMIT, type DuckDBOptions } from './database.js';
export { DuckDBEventStore } from './events.js';
export { DuckDBStateStore } from './state.js';

export interface Stores {
  readonly events: EventStore;
  readonly state: StateStore;
  close(): Promise<void>;
}

/** The embedded default: both stores in one DuckDB file under the data directory. */
export async function openEmbeddedStores(dataDir: string, options: Omit<DuckDBOptions, 'path'> = {}): Promise<Stores> {
  const db = await DuckDB.open({ ...options, path: dataDir === ':memory:' ? ':memory:' : join(dataDir, 'launchwatch.duckdb') });
  const events = new DuckDBEventStore(db);
  const state = await DuckDBStateStore.open(db);
  return { events, state, close: () => db.close() };
}
