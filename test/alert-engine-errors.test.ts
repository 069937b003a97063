/**
 * A metric that cannot be evaluated: the other metrics are still evaluated,
 * and the rules reading it follow their on_error policy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../src/alerting/engine.js';
import { createLogger } from '../src/logger.js';
import { MetricsService } from '../src/metrics/service.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { EventStore } from '../src/store/types.js';
import { planFrom } from './helpers/plan.js';

const T0 = Date.parse('2026-03-03T09:00:00Z');
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(policy: string) {
  const plan = planFrom(`
version: 1
product: { name: errors }
events:
  req: { ms: number }
metrics:
  lat: { from: req, mean: ms, window: 1h }
  count: { from: req, count: true, window: 1h }
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
alerts:
  - { name: lat_high, when: lat > 100, severity: P2, on_error: ${policy} }
  - { name: busy, when: count > 1, severity: P3 }
routing: { group_wait: 0s, default: [hook] }
`);
  const dir = mkdtempSync(join(tmpdir(), 'lw-errors-'));
  const stores: Stores = await openEmbeddedStores(dir, { memoryLimit: '256MB' });
  await stores.events.prepare(plan.events);
  let broken = false;
  const failures: string[] = [];
  // The real store, except that `lat` fails while `broken` is set.
  const events: EventStore = {
    ...stores.events,
    prepare: (e) => stores.events.prepare(e),
    append: (e) => stores.events.append(e),
    series: (m, r, s) => stores.events.series(m, r, s),
    counts: () => stores.events.counts(),
    close: () => stores.events.close(),
    measure: (metric, range) => (broken && metric.id === 'lat' ? Promise.reject(new Error('Binder Error: internal detail')) : stores.events.measure(metric, range)),
  };
  let sequence = 0;
  const metrics = new MetricsService({ store: events, plan: () => plan, now: () => T0, sequence: () => sequence, onError: (m) => failures.push(m.id) });
  const engine = await AlertEngine.open({ plan: () => plan, events, state: stores.state, metrics, now: () => T0, logger: createLogger('silent'), onNotifications: () => undefined });
  await stores.events.append([1, 2].map((i) => ({ id: `e${i}`, type: 'req', ts: T0 - 1000, userId: null, sessionId: null, properties: { ms: 500 } })));
  sequence++;
  cleanup = async () => {
    await engine.stop();
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    engine,
    metrics,
    failures,
    break: () => {
      broken = true;
      sequence++;
    },
    state: (name: string) => engine.list().find((v) => v.alert.rule === name)?.alert,
  };
}

describe('a metric that fails to evaluate', () => {
  it('does not stop the other metrics, and says so without internals', async () => {
    const t = await setup('alerting');
    t.break();
    const evaluation = await t.metrics.current();
    const lat = evaluation.metrics.find((m) => m.id === 'lat');
    expect(lat).toMatchObject({ status: 'unknown', reason: 'evaluation_error', error: 'evaluation failed (see the server log)' });
    expect(JSON.stringify(lat)).not.toContain('Binder');
    expect(evaluation.metrics.find((m) => m.id === 'count')).toMatchObject({ value: 2 });
    expect(t.failures).toEqual(['lat']);
  });

  it('keeps a firing alert firing under on_error: keep_last, and puts it in the error state when it was not', async () => {
    const t = await setup('keep_last');
    await t.engine.tick();
    expect(t.state('lat_high')).toMatchObject({ state: 'firing' });
    t.break();
    await t.engine.tick();
    expect(t.state('lat_high')).toMatchObject({ state: 'firing', health: 'error' });
    expect(t.state('busy')).toMatchObject({ state: 'firing', health: 'ok' });
  });

  it('resolves under on_error: ok', async () => {
    const t = await setup('ok');
    await t.engine.tick();
    t.break();
    await t.engine.tick();
    expect(t.state('lat_high')).toMatchObject({ state: 'resolved', health: 'error' });
  });

  it('creates an alert in the error state when the rule had none and the policy keeps the last state', async () => {
    const t = await setup('keep_last');
    t.break();
    await t.engine.tick();
    expect(t.state('lat_high')).toMatchObject({ state: 'error', health: 'error', error: 'lat: evaluation failed (see the server log)' });
  });
});
