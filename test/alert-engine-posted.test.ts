/**
 * Alerts posted over the Alertmanager API, through the real engine and a real
 * DuckDB file: a post is applied at once, without waiting for a tick; one
 * that starts an alert reaches the outbox without a rule evaluation; an
 * unchanged re-send writes nothing, a new end time is written behind, and a
 * stop writes what is left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertEngine } from '../src/alerting/engine.js';
import type { PostedAlert } from '../src/alerting/external.js';
import { createLogger } from '../src/logger.js';
import { MetricsService } from '../src/metrics/service.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { AlertingChange, StateStore } from '../src/store/types.js';
import { timelinePlan } from './helpers/alert-timeline.js';

const plan = timelinePlan(`
routing: { group_by: [alertname], group_wait: 0s, group_interval: 1m, repeat_interval: 4h, default: [hook] }
`);

const dirs: string[] = [];
const open: { engine: AlertEngine; stores: Stores }[] = [];
afterEach(async () => {
  for (const { engine, stores } of open.splice(0)) {
    await engine.stop();
    await stores.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The engine over a real store whose alerting commits are counted, and held while `hold` is set. */
async function start(dir = mkdtempSync(join(tmpdir(), 'lw-posted-'))) {
  dirs.push(dir);
  const stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
  await stores.events.prepare(plan.events);
  const commits: AlertingChange[] = [];
  const gate: { hold: Promise<void> | undefined } = { hold: undefined };
  const state: StateStore = Object.create(stores.state) as StateStore;
  state.commitAlerting = async (change) => {
    commits.push(change);
    await gate.hold;
    return stores.state.commitAlerting(change);
  };
  const metrics = new MetricsService({ store: stores.events, plan: () => plan, now: Date.now, sequence: () => 0 });
  const engine = await AlertEngine.open({ plan: () => plan, events: stores.events, state, metrics, now: Date.now, logger: createLogger('silent'), onNotifications: () => undefined, writeBehindMs: 50 });
  open.push({ engine, stores });
  return { engine, stores, commits, gate, dir };
}

const posted = (instance: string, endsAt: number): PostedAlert => ({ labels: { alertname: 'DiskFull', instance }, annotations: { summary: 'disk full' }, startsAt: Date.now(), endsAt });

describe('posted alerts', () => {
  it('are listed as soon as the post returns, while a tick waits on its commit', async () => {
    const t = await start();
    let release: () => void = () => undefined;
    t.gate.hold = new Promise((resolve) => (release = resolve));
    await t.engine.receiveExternal([posted('db1', Date.now() + 60_000)]);
    await vi.waitFor(() => expect(t.commits.length).toBeGreaterThan(0));
    // The dispatch for db1 is held in its commit; another post is still taken and listed at once.
    await t.engine.receiveExternal([posted('db2', Date.now() + 60_000)]);
    expect(t.engine.list().map((v) => v.alert.labels.instance).sort()).toEqual(['db1', 'db2']);
    release();
    t.gate.hold = undefined;
  });

  it('reach the outbox without a rule evaluation, one notification for the group', async () => {
    const t = await start();
    await t.engine.receiveExternal([posted('db1', Date.now() + 60_000), posted('db2', Date.now() + 60_000)]);
    await vi.waitFor(async () => expect(await t.stores.state.due(Date.now() + 1000, 10)).toHaveLength(1));
    const [n] = await t.stores.state.due(Date.now() + 1000, 10);
    expect(n?.alerts.map((a) => a.labels.instance).sort()).toEqual(['db1', 'db2']);
  });

  it('write nothing for an unchanged re-send, write a new end time behind, and write what is left on stop', async () => {
    const t = await start();
    const endsAt = Date.now() + 60_000;
    await t.engine.receiveExternal([posted('db1', endsAt)]);
    await vi.waitFor(async () => expect((await t.stores.state.loadAlerting()).instances).toHaveLength(1));
    await vi.waitFor(() => expect(t.commits.length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 150));
    const before = t.commits.length;
    await t.engine.receiveExternal([posted('db1', endsAt)]);
    await new Promise((r) => setTimeout(r, 150));
    expect(t.commits.slice(before).flatMap((c) => c.instances)).toEqual([]);

    await t.engine.receiveExternal([posted('db1', endsAt + 1_000)]);
    await vi.waitFor(async () => expect((await t.stores.state.loadAlerting()).instances[0]?.endsAt).toBe(endsAt + 1_000));

    // A stop writes what the write-behind had not yet written.
    await t.engine.receiveExternal([posted('db1', endsAt + 2_000), posted('db3', endsAt)]);
    const entry = open.splice(0)[0];
    await entry?.engine.stop();
    await entry?.stores.close();
    const again = await openEmbeddedStores(t.dir, { memoryLimit: '256MB' });
    try {
      const { instances } = await again.state.loadAlerting();
      expect(instances.map((i) => [i.labels.instance, i.endsAt]).sort()).toEqual([
        ['db1', endsAt + 2_000],
        ['db3', endsAt],
      ]);
    } finally {
      await again.close();
    }
  });
});
