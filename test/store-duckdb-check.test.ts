/**
 * EventStore.check on a real DuckDB file: what prepare would refuse, found
 * without changing anything. Every metric of the example plan compiles
 * against the tables; a changed property type is named with its event and
 * property; nothing check tried (a new table, a new column) stays behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPlanFile, formatPlanError } from '../src/plan/load.js';
import { storedEvents } from '../src/plan/privacy.js';
import type { Plan } from '../src/plan/types.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import { planFrom } from './helpers/plan.js';

let dir: string | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Stores> {
  dir = mkdtempSync(join(tmpdir(), 'lw-check-'));
  stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
  return stores;
}

async function caro(): Promise<Plan> {
  const loaded = await loadPlanFile(new URL('../examples/caro.yaml', import.meta.url).pathname, { CARO_INGEST_KEY: 'k', PD_ROUTING_KEY: 'r', SLACK_WEBHOOK_URL: 'https://hooks.example.com/x' });
  if (loaded.kind === 'invalid') throw new Error(loaded.errors.map(formatPlanError).join('\n'));
  return loaded.plan;
}

describe('DuckDBEventStore.check', () => {
  it('finds nothing wrong with every metric of the example plan, before and after prepare', async () => {
    const { events } = await open();
    const plan = await caro();
    expect(await events.check?.(storedEvents(plan), plan.metrics)).toEqual([]);
    await events.prepare(storedEvents(plan));
    expect(await events.check?.(storedEvents(plan), plan.metrics)).toEqual([]);
  });

  it('names each property whose stored type the plan changes, and leaves the tables as they were', async () => {
    const { events } = await open();
    const before = planFrom('version: 1\nproduct: { name: x }\nevents:\n  run: { ms: number, ok: boolean, shell: string }\n');
    await events.prepare(before.events);
    await events.append([{ id: 'a', type: 'run', ts: 1000, userId: null, sessionId: null, properties: { ms: 5, ok: true, shell: 'zsh' } }]);
    const after = planFrom(
      'version: 1\nproduct: { name: x }\nevents:\n  run: { ms: string, ok: number, shell: string, extra: string }\n  stop: {}\nmetrics:\n  stops: { from: stop, count: true, window: 1h }\n',
    );
    expect(await events.check?.(after.events, after.metrics)).toEqual([
      expect.objectContaining({ kind: 'property', event: 'run', property: 'ms', message: expect.stringContaining('stored as double but the plan now declares string') as unknown }),
      expect.objectContaining({ kind: 'property', event: 'run', property: 'ok', message: expect.stringContaining('stored as boolean but the plan now declares number') as unknown }),
    ]);
    // The rolled-back dry run left no table for stop and no column for extra.
    expect(await events.counts()).toEqual({ run: 1 });
    expect(events.encoding?.().layouts.get('run')?.properties).toEqual(['ms', 'ok', 'shell']);
    const fine = planFrom('version: 1\nproduct: { name: x }\nevents:\n  run: { ms: number, extra: string }\n  stop: {}\nmetrics:\n  stops: { from: stop, count: true, window: 1h }\n  extras: { from: run, distinct: extra, window: 1h }\n');
    expect(await events.check?.(fine.events, fine.metrics)).toEqual([]);
    expect(await events.counts()).toEqual({ run: 1 });
  });
});
