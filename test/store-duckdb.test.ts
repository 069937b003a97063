import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { alertStoreContract } from './contract/alert-store.js';
import { incidentStoreContract } from './contract/incident-store.js';
import { storeContract, type StoreFactory } from './contract/stores.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const duckdb: StoreFactory = {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-duckdb-'));
    dirs.push(dir);
    const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
    return { ...stores, reopen: () => openEmbeddedStores(dir, { memoryLimit: '512MB' }) };
  },
};

storeContract('DuckDB file', duckdb);
alertStoreContract('DuckDB file', duckdb);
incidentStoreContract('DuckDB file', duckdb);
