/** The HealthStore contract (what GET /metrics reads about the store) against DuckDB, on a file and in memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { healthStoreContract } from './contract/health-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

healthStoreContract('DuckDB file', {
  onDisk: true,
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-health-'));
    dirs.push(dir);
    return openEmbeddedStores(dir, { memoryLimit: '512MB' });
  },
});

healthStoreContract('DuckDB in memory', { onDisk: false, fresh: () => openEmbeddedStores(':memory:', { memoryLimit: '512MB' }) });
