/** The GithubStore contract against DuckDB. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { githubStoreContract } from './contract/github-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

githubStoreContract('DuckDB file', {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'lw-github-'));
    dirs.push(dir);
    const stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
    return { ...stores, reopen: () => openEmbeddedStores(dir, { memoryLimit: '512MB' }) };
  },
});
