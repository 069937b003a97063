/**
 * The contract of the stores behind releases, impact, baselines and the
 * backlog: releases refused twice and kept in time order, baselines replaced
 * by name, backlog ids never handed out twice, raw event values under the
 * metric's own filter with a cap; all kept across restarts. The first three
 * are the state side (`impactStateContract`), the event values the event
 * side (`eventValuesContract`); `impactStoreContract` is both, as one suite.
 */
import { afterEach, expect } from 'vitest';
import type { BacklogItem } from '../../src/backlog/types.js';
import type { Baseline } from '../../src/baselines/types.js';
import type { Release } from '../../src/releases/types.js';
import type { BacklogStore } from '../../src/store/backlog.js';
import type { BaselineStore } from '../../src/store/baselines.js';
import type { EventValueReader } from '../../src/store/event-values.js';
import type { ReleaseStore } from '../../src/store/releases.js';
import type { AdmittedEvent, EventStore } from '../../src/store/types.js';
import { metric, planFrom } from '../helpers/plan.js';
import { contractSuite, type ContractCase, type ContractOptions } from './suite.js';

/** The state side: releases, baselines, the backlog. */
export interface ImpactStateHandle {
  readonly releases: ReleaseStore;
  readonly baselines: BaselineStore;
  readonly backlog: BacklogStore;
  close(): Promise<void>;
}

export interface ImpactStateFactory {
  fresh(): Promise<ImpactStateHandle & { reopen(): Promise<ImpactStateHandle> }>;
}

/** The event side: raw event values. */
export interface EventValuesHandle {
  readonly events: EventStore;
  readonly eventValues: EventValueReader;
  close(): Promise<void>;
}

export interface EventValuesFactory {
  fresh(): Promise<EventValuesHandle>;
}

export interface ImpactStoreHandle extends ImpactStateHandle, EventValuesHandle {}

export interface ImpactStoreFactory {
  fresh(): Promise<ImpactStoreHandle & { reopen(): Promise<ImpactStoreHandle> }>;
}

const T0 = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;

const release = (version: string, at: number, notes: string | null = null): Release => ({ version, at, notes, recordedAt: T0 });

function item(id: string, overrides: Partial<BacklogItem> = {}): BacklogItem {
  return {
    id,
    title: 'Cache static matches',
    metric: 'p95',
    reach: 500,
    impact: 2,
    confidence: 0.8,
    effort: 2,
    expectedChange: -0.2,
    notes: null,
    status: 'open',
    release: null,
    createdAt: T0,
    shippedAt: null,
    ...overrides,
  };
}

const PLAN = planFrom(`
version: 1
product: { name: contract }
events:
  gen: { backend: { enum: [static, embedded] }, duration_ms: { type: number, optional: true } }
metrics:
  p95: { from: gen, quantile: { of: duration_ms, q: 0.95 }, window: 1h }
  static_p95: { from: gen, where: { backend: static }, quantile: { of: duration_ms, q: 0.95 }, window: 1h }
`);

function gen(i: number, ts: number, backend: string, duration: number | null): AdmittedEvent {
  return { id: `g${i}`, type: 'gen', ts, userId: null, sessionId: null, properties: { backend, duration_ms: duration } };
}

/** The release, baseline and backlog cases, declared with `it` (inside a suite). */
function stateCases(it: ContractCase, factory: ImpactStateFactory): void {
  let open: ImpactStateHandle[] = [];
  afterEach(async () => {
    for (const handle of open) await handle.close().catch(() => undefined);
    open = [];
  });
  async function fresh() {
    const handle = await factory.fresh();
    open.push(handle);
    return handle;
  }
  async function restart(handle: ImpactStateHandle & { reopen(): Promise<ImpactStateHandle> }) {
    await handle.close();
    open = [];
    const again = await handle.reopen();
    open.push(again);
    return again;
  }

  it('records a release once, refuses its version again, and lists releases by time across a restart', async () => {
    const handle = await fresh();
    expect(await handle.releases.addRelease(release('1.1.0', T0 + H, 'faster static matcher'))).toBe('added');
    expect(await handle.releases.addRelease(release('1.0.0', T0))).toBe('added');
    expect(await handle.releases.addRelease(release('1.1.0', T0 + 5 * H, 'again'))).toBe('exists');
    const again = await restart(handle);
    expect((await again.releases.releases()).map((r) => [r.version, r.at, r.notes])).toEqual([
      ['1.0.0', T0, null],
      ['1.1.0', T0 + H, 'faster static matcher'],
    ]);
    expect(await again.releases.release('1.1.0')).toEqual(release('1.1.0', T0 + H, 'faster static matcher'));
    expect(await again.releases.release('9.9.9')).toBeUndefined();
  });

  it('keeps baselines by name, replacing one of the same name, across a restart', async () => {
    const handle = await fresh();
    const launch: Baseline = {
      name: 'launch',
      source: 'measured',
      range: { from: T0 - 7 * 24 * H, to: T0 },
      takenAt: T0,
      values: { p95: { value: 812.5, events: 40, groups: [{ group: { backend: 'static' }, value: 90 }] } },
    };
    await handle.baselines.putBaseline(launch);
    await handle.baselines.putBaseline({ name: 'beta', source: 'test suite', range: null, takenAt: T0, values: { p95: { value: 700, events: null, groups: [] } } });
    await handle.baselines.putBaseline({ ...launch, takenAt: T0 + H, values: { p95: { value: 900, events: 41, groups: [] } } });
    const again = await restart(handle);
    expect((await again.baselines.baselines()).map((b) => b.name)).toEqual(['beta', 'launch']);
    expect(await again.baselines.baseline('launch')).toEqual({ ...launch, takenAt: T0 + H, values: { p95: { value: 900, events: 41, groups: [] } } });
    expect(await again.baselines.baseline('nope')).toBeUndefined();
  });

  it('hands out BL-1, BL-2, … never twice (also concurrently and after a restart), and replaces items by id', async () => {
    const handle = await fresh();
    expect([await handle.backlog.nextBacklogId(), await handle.backlog.nextBacklogId()]).toEqual(['BL-1', 'BL-2']);
    const ids = await Promise.all(Array.from({ length: 10 }, () => handle.backlog.nextBacklogId()));
    expect(new Set(ids).size).toBe(10);
    await handle.backlog.putBacklogItem(item('BL-2', { createdAt: T0 + 1 }));
    await handle.backlog.putBacklogItem(item('BL-1'));
    await handle.backlog.putBacklogItem(item('BL-2', { createdAt: T0 + 1, status: 'shipped', release: '1.1.0', shippedAt: T0 + H }));
    const again = await restart(handle);
    expect(await again.backlog.nextBacklogId()).toBe('BL-13');
    expect((await again.backlog.backlogItems()).map((i) => [i.id, i.status])).toEqual([
      ['BL-1', 'open'],
      ['BL-2', 'shipped'],
    ]);
    expect(await again.backlog.backlogItem('BL-2')).toEqual(item('BL-2', { createdAt: T0 + 1, status: 'shipped', release: '1.1.0', shippedAt: T0 + H }));
    expect(await again.backlog.backlogItem('BL-99')).toBeUndefined();
  });
}

/** The raw event value cases. */
function eventCases(it: ContractCase, factory: EventValuesFactory): void {
  let open: EventValuesHandle[] = [];
  afterEach(async () => {
    for (const handle of open) await handle.close().catch(() => undefined);
    open = [];
  });
  async function fresh() {
    const handle = await factory.fresh();
    open.push(handle);
    return handle;
  }

  it("reads a property's values for the metric's event and filter, both ends of the range included, without nulls", async () => {
    const handle = await fresh();
    await handle.events.prepare(PLAN.events);
    await handle.events.append([
      gen(1, T0, 'static', 10),
      gen(2, T0 + 1000, 'embedded', 2000),
      gen(3, T0 + 2000, 'static', null),
      gen(4, T0 + 3000, 'static', 30),
      gen(5, T0 + 4000, 'static', 40),
      gen(6, T0 - 1, 'static', 99),
    ]);
    const all = await handle.eventValues.values(metric(PLAN, 'p95'), 'duration_ms', { from: T0, to: T0 + 3000 });
    expect([...all.values].sort((a, b) => a - b)).toEqual([10, 30, 2000]);
    expect(all.total).toBe(3);
    const statics = await handle.eventValues.values(metric(PLAN, 'static_p95'), 'duration_ms', { from: T0, to: T0 + 10_000 });
    expect([...statics.values].sort((a, b) => a - b)).toEqual([10, 30, 40]);
    const none = await handle.eventValues.values(metric(PLAN, 'p95'), 'duration_ms', { from: T0 + H, to: T0 + 2 * H });
    expect(none).toEqual({ values: [], total: 0 });
  });

  it('samples at most the limit, from the values in range, the same sample each time', async () => {
    const handle = await fresh();
    await handle.events.prepare(PLAN.events);
    await handle.events.append(Array.from({ length: 500 }, (_, i) => gen(i, T0 + i, 'static', i)));
    const first = await handle.eventValues.values(metric(PLAN, 'p95'), 'duration_ms', { from: T0, to: T0 + 499 }, 100);
    expect(first.values).toHaveLength(100);
    expect(first.total).toBe(500);
    expect(new Set(first.values).size).toBe(100);
    for (const v of first.values) expect(v >= 0 && v < 500).toBe(true);
    const second = await handle.eventValues.values(metric(PLAN, 'p95'), 'duration_ms', { from: T0, to: T0 + 499 }, 100);
    expect([...second.values].sort((a, b) => a - b)).toEqual([...first.values].sort((a, b) => a - b));
  });
}

/** Releases, baselines and the backlog: the state side. */
export function impactStateContract(name: string, factory: ImpactStateFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: release, baseline and backlog state contract`, options, (it) => stateCases(it, factory));
}

/** Raw event values: the event side. */
export function eventValuesContract(name: string, factory: EventValuesFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: event values contract`, options, (it) => eventCases(it, factory));
}

/** Both sides, as one suite: a skip list names cases of either. */
export function impactStoreContract(name: string, factory: ImpactStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: release, baseline and backlog store contract`, options, (it) => {
    stateCases(it, factory);
    eventCases(it, factory);
  });
}
