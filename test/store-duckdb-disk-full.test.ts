/**
 * The DuckDB event store on a small tmpfs: events acknowledged into the
 * ingest log while DuckDB cannot load them (the disk filled up) survive a
 * stop and a start on the full disk, are loaded once there is room, and are
 * still recognised as duplicates when sent again.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { mountSmallDisk, type SmallDisk } from './helpers/small-disk.js';
import { planFrom } from './helpers/plan.js';

const plan = planFrom(`
version: 1
product: { name: full }
events:
  gen: { label: { type: string, optional: true } }
metrics:
  total: { from: gen, count: true, window: 1h }
`);
const T0 = Date.parse('2026-11-20T12:00:00Z');
const gen = (id: string): AdmittedEvent => ({ id, type: 'gen', ts: T0, userId: null, sessionId: null, properties: { label: 'x'.repeat(200) } });

const disk = mountSmallDisk(48);
afterAll(() => {
  if (typeof disk !== 'string') disk.unmount();
});

async function open(dir: string): Promise<Stores> {
  const stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
  await stores.events.prepare(plan.events);
  return stores;
}

describe.skipIf(typeof disk === 'string')(`the event store on a full disk${typeof disk === 'string' ? ` (skipped: ${disk})` : ''}`, () => {
  it('keeps what the log acknowledged across a stop and a start on the full disk, and deduplicates it once loaded', async () => {
    const small = disk as SmallDisk;
    const dir = join(small.dir, 'store');
    const first = await open(dir);
    expect((await first.events.append([gen('a1'), gen('a2')])).stored).toEqual([true, true]);
    expect(await first.events.counts()).toMatchObject({ gen: 2 });
    // Written to the log and acknowledged, then the disk fills before DuckDB loads them.
    expect((await first.events.append(Array.from({ length: 20 }, (_, i) => gen(`b${i}`)))).stored.every(Boolean)).toBe(true);
    small.fill();
    expect(await first.events.counts()).toMatchObject({ gen: 2 }); // reads answer, without the events the log could not load
    expect(first.health.diskFull?.()).toMatchObject({ reason: expect.stringContaining('No space left on device') });
    await expect(first.close()).rejects.toThrow(/No space left on device/);

    const second = await open(dir);
    expect(second.health.diskFull?.()).toBeDefined();
    expect(await second.events.counts()).toMatchObject({ gen: 2 });
    await expect(second.events.append([gen('b0')])).rejects.toThrow(/No space left on device|ENOSPC/);

    small.free();
    // b0 and b19 were acknowledged before: sent again, they are recognised; c1 is new.
    expect((await second.events.append([gen('b0'), gen('c1'), gen('b19')])).stored).toEqual([false, true, false]);
    expect(await second.events.counts()).toMatchObject({ gen: 23 });
    await second.close();

    const third = await open(dir);
    expect(await third.events.counts()).toMatchObject({ gen: 23 });
    expect((await third.events.append([gen('b5')])).stored).toEqual([false]);
    await third.close();
  });
});
