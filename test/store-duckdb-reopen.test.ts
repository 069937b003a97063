/**
 * Reopening a data file: the id set that deduplicates appends is read from
 * the stored ids in the background, so reads answer at once; an append made
 * before it is ready waits for it, and an event stored before the restart is
 * still not stored twice.
 */
import { describe, expect, it } from 'vitest';
import { storedEvents } from '../src/plan/privacy.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import { pingPlan, pings, tempDataDirs } from './helpers/ping-store.js';

const plan = pingPlan;
const dataDir = tempDataDirs('lw-reopen-');

describe('reopening the embedded store', () => {
  it('answers reads at once and deduplicates appends made before the id set is read against the events stored before', async () => {
    const dir = dataDir();
    const first = await openEmbeddedStores(dir);
    await first.events.prepare(storedEvents(plan));
    await first.events.append(pings('a', 20_000));
    await first.close();

    const again = await openEmbeddedStores(dir);
    try {
      await again.events.prepare(storedEvents(plan));
      // Sent at once, before the id set is known to be read: the stored ones are refused, the new ones stored.
      const appended = again.events.append([...pings('a', 3), ...pings('b', 2)]);
      const counted = again.events.counts();
      expect((await appended).stored).toEqual([false, false, false, true, true]);
      expect((await counted).ping).toBeGreaterThanOrEqual(20_000);
      expect((await again.events.counts()).ping).toBe(20_002);
    } finally {
      await again.close();
    }
  });
});
