/** The on-call store contract against DuckDB files in temporary directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { onCallStoreContract } from './contract/oncall-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

onCallStoreContract('DuckDB file', {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-oncall-'));
    dirs.push(dir);
    const open = async () => {
      const stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
      return { oncall: stores.oncall, state: stores.state, close: () => stores.close() };
    };
    return { ...(await open()), reopen: open };
  },
});
