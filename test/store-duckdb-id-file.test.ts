/**
 * The id set saved at a clean stop (src/store/duckdb/id-file.ts): a start on
 * an unchanged store reads it instead of hashing every stored id, and still
 * refuses every event stored before; a file that no longer matches the store
 * (stale, damaged) is not trusted, and the set is rebuilt from the tables.
 */
import { copyFileSync, existsSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedEvents } from '../src/plan/privacy.js';
import { DuckDB, DEFAULT_MEMORY_LIMIT, openEmbeddedStores } from '../src/store/duckdb/index.js';
import { queryRows } from '../src/store/duckdb/database.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { pingPlan, pings, tempDataDirs } from './helpers/ping-store.js';

const plan = pingPlan;
const dataDir = tempDataDirs('lw-id-file-');

/** Opens the store, appends `events`, returns what was stored, and stops cleanly. */
async function run(dir: string, events: AdmittedEvent[]): Promise<{ stored: readonly boolean[]; count: number; fileAtStart: boolean }> {
  const stores = await openEmbeddedStores(dir);
  try {
    await stores.events.prepare(storedEvents(plan));
    const fileAtStart = existsSync(join(dir, 'event-ids.bin'));
    const { stored } = await stores.events.append(events);
    return { stored, count: (await stores.events.counts()).ping ?? 0, fileAtStart };
  } finally {
    await stores.close();
  }
}

describe('the saved id set', () => {
  it('is written at a clean stop, taken at the next start, and deduplicates against every event stored before', async () => {
    const dir = dataDir();
    await run(dir, pings('a', 5_000));
    const file = join(dir, 'event-ids.bin');
    expect(existsSync(file)).toBe(true);

    const again = await run(dir, [...pings('a', 3), ...pings('b', 2), pings('a', 5_000)[4_999] as AdmittedEvent]);
    // Read and removed at the start, so that a crash in this run leaves no file behind to be trusted.
    expect(again.fileAtStart).toBe(false);
    expect(again.stored).toEqual([false, false, false, true, true, false]);
    expect(again.count).toBe(5_002);
    expect(existsSync(file)).toBe(true);
  });

  it('is not trusted once the store changed after it was written: the set is rebuilt and still sees every stored event', async () => {
    const dir = dataDir();
    await run(dir, pings('a', 1_000));
    const file = join(dir, 'event-ids.bin');
    const stale = join(dir, 'stale.bin');
    copyFileSync(file, stale);
    await run(dir, pings('b', 1_000));
    // The file of the first run, put back after the second stored more: it lacks the b ids.
    copyFileSync(stale, file);
    const third = await run(dir, [...pings('b', 2), ...pings('a', 1), ...pings('c', 1)]);
    expect(third.stored).toEqual([false, false, false, true]);
    expect(third.count).toBe(2_001);
  });

  it('is not trusted when damaged: the set is rebuilt from the tables', async () => {
    const dir = dataDir();
    await run(dir, pings('a', 2_000));
    const file = join(dir, 'event-ids.bin');
    truncateSync(file, statSync(file).size - 4_096);
    const again = await run(dir, [...pings('a', 2), ...pings('z', 1)]);
    expect(again.stored).toEqual([false, false, true]);
    expect(again.count).toBe(2_001);
  });
});

describe("DuckDB's memory settings", () => {
  async function settings(db: DuckDB): Promise<Record<string, unknown>> {
    const rows = await db.read((c) =>
      queryRows(c, "SELECT current_setting('memory_limit') AS memory_limit, current_setting('temp_directory') AS temp_directory, current_setting('threads') AS threads"),
    );
    return rows[0] ?? {};
  }

  it('bounds the buffer pool by default and spills under the data directory', async () => {
    const dir = dataDir();
    const db = await DuckDB.open({ path: join(dir, 'launchwatch.duckdb') });
    try {
      const s = await settings(db);
      // DuckDB shows the limit in binary units: 512MB is "488.2 MiB".
      expect(DEFAULT_MEMORY_LIMIT).toBe('512MB');
      expect(s.memory_limit).toBe('488.2 MiB');
      expect(String(s.temp_directory)).toBe(join(dir, 'launchwatch.duckdb.tmp'));
    } finally {
      await db.close();
    }
  });

  it('takes the limit and the threads it is given', async () => {
    const dir = dataDir();
    const db = await DuckDB.open({ path: join(dir, 'launchwatch.duckdb'), memoryLimit: '1GB', threads: 1 });
    try {
      const s = await settings(db);
      expect(s.memory_limit).toBe('953.6 MiB');
      expect(Number(s.threads)).toBe(1);
    } finally {
      await db.close();
    }
  });
});
