import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { impactStoreContract, type ImpactStoreFactory } from './contract/impact-stores.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const duckdb: ImpactStoreFactory = {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-duckdb-impact-'));
    dirs.push(dir);
    const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
    return { ...stores, reopen: () => openEmbeddedStores(dir, { memoryLimit: '512MB' }) };
  },
};

impactStoreContract('DuckDB file', duckdb);
