/**
 * The contract every store backend passes: the same cases, run against each
 * backend by its own test file (see test/store-duckdb.test.ts). The cases
 * fall on the two sides of the ports: `eventStoreContract` (the EventStore)
 * and `stateStoreContract` (the StateStore's samples), so a backend that
 * keeps the two in different databases runs each against its own;
 * `storeContract` is both, as one suite.
 */
import { afterEach, expect } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import type { AdmittedEvent, EventStore, StateStore } from '../../src/store/types.js';
import { metric, planFrom, referenceQuantile } from '../helpers/plan.js';
import { eventKindCases } from './event-kinds.js';
import { contractSuite, type ContractCase, type ContractOptions } from './suite.js';

/** A StateStore on some location. */
export interface StateHandle {
  readonly state: StateStore;
  close(): Promise<void>;
}

export interface StateStoreFactory {
  /** Opens the state stores on a fresh location; `reopen` opens that location again. */
  fresh(): Promise<StateHandle & { reopen(): Promise<StateHandle> }>;
}

export interface StoreHandle extends StateHandle {
  readonly events: EventStore;
}

export interface StoreFactory {
  /** Opens stores on a fresh location. */
  fresh(): Promise<StoreHandle & { reopen(): Promise<StoreHandle> }>;
}

const PLAN = `
version: 1
product: { name: contract }
events:
  gen:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    category: { type: string, optional: true }
  other:
    n: number
metrics:
  total: { from: gen, count: true, window: 1h }
  users: { from: gen, distinct: user_id, window: 1h }
  success_rate: { from: gen, ratio: { success: true }, by: backend, window: 1h }
  p95: { from: gen, quantile: { of: duration_ms, q: 0.95 }, by: backend, window: 1h }
  p50: { from: gen, quantile: { of: duration_ms, q: 0.5 }, window: 1h }
  mean: { from: gen, mean: duration_ms, window: 1h }
  sum: { from: gen, sum: duration_ms, window: 1h }
  usage: { from: gen, share: backend, window: 1h }
  categories: { from: gen, share: category, window: 1h }
  per_session: { from: gen, count: true, per: session_id, window: 1h }
  by_two: { from: gen, count: true, by: [backend, category], window: 1h }
  slow_static: { from: gen, where: { backend: static, duration_ms: { gt: 50 } }, count: true, window: 1h }
  not_timeout: { from: gen, where: { category: { ne: timeout } }, count: true, window: 1h }
  in_list: { from: gen, where: { category: [timeout, parse] }, count: true, window: 1h }
  back_after_10m: { from: gen, retention: { after: 10m }, window: 1h }
`;

const T0 = Date.parse('2026-11-20T12:00:00Z');

function gen(i: number, overrides: Partial<AdmittedEvent> & { props?: Record<string, string | number | boolean | null> } = {}): AdmittedEvent {
  const { props, ...rest } = overrides;
  return {
    id: `g${i}`,
    type: 'gen',
    ts: T0 - i * 1000,
    userId: `u${i % 7}`,
    sessionId: `s${i % 10}`,
    properties: { backend: i % 4 === 0 ? 'embedded' : 'static', success: i % 5 !== 0, duration_ms: i, category: i % 3 === 0 ? 'timeout' : i % 3 === 1 ? 'parse' : null, ...props },
    ...rest,
  };
}

/** The EventStore's cases, declared with `it` (inside a suite). */
function eventCases(it: ContractCase, factory: StoreFactory): void {
  const plan: Plan = planFrom(PLAN);
  const range = { from: T0 - 3_600_000, to: T0 };
  let open: StoreHandle[] = [];

  async function fresh() {
    const handle = await factory.fresh();
    open.push(handle);
    await handle.events.prepare(plan.events);
    return handle;
  }

  afterEach(async () => {
    for (const handle of open) await handle.close().catch(() => undefined);
    open = [];
  });

  it('stores a batch and counts it by type', async () => {
    const { events } = await fresh();
    const batch = Array.from({ length: 100 }, (_, i) => gen(i));
    const result = await events.append([...batch, { id: 'o1', type: 'other', ts: T0, userId: null, sessionId: null, properties: { n: 1 } }]);
    expect(result.stored.every(Boolean)).toBe(true);
    expect(await events.counts()).toEqual({ gen: 100, other: 1 });
  });

  it('stores an event id once, within a batch and across batches, and says which were duplicates', async () => {
    const { events } = await fresh();
    expect((await events.append([gen(1), gen(2)])).stored).toEqual([true, true]);
    expect((await events.append([gen(2), gen(3), gen(3)])).stored).toEqual([false, true, false]);
    expect((await events.counts()).gen).toBe(3);
  });

  it('recognises a stored id after a close and reopen, whatever the timestamp, and keeps ids per event type', async () => {
    const handle = await fresh();
    await handle.events.append([gen(1), gen(2)]);
    await handle.close();
    open = open.filter((h) => h !== handle);
    const again = await handle.reopen();
    open.push(again);
    await again.events.prepare(plan.events);
    const result = await again.events.append([gen(1), gen(2, { ts: T0 - 86_400_000 }), gen(3), { id: 'g1', type: 'other', ts: T0, userId: null, sessionId: null, properties: { n: 1 } }]);
    expect(result.stored).toEqual([false, false, true, true]);
    expect(await again.events.counts()).toEqual({ gen: 3, other: 1 });
  });

  it('keeps what was appended across a close and reopen', async () => {
    const handle = await fresh();
    await handle.events.append(Array.from({ length: 50 }, (_, i) => gen(i)));
    await handle.close();
    open = open.filter((h) => h !== handle);
    const again = await handle.reopen();
    open.push(again);
    await again.events.prepare(plan.events);
    expect((await again.events.counts()).gen).toBe(50);
  });

  it('computes count, distinct, ratio, mean and sum exactly', async () => {
    const { events } = await fresh();
    const batch = Array.from({ length: 1000 }, (_, i) => gen(i % 3600 === i ? i : i));
    await events.append(batch);
    const inWindow = batch.filter((e) => e.ts >= range.from && e.ts <= range.to);
    expect((await events.measure(metric(plan, 'total'), range)).value).toBe(inWindow.length);
    expect((await events.measure(metric(plan, 'users'), range)).value).toBe(new Set(inWindow.map((e) => e.userId)).size);
    const rate = await events.measure(metric(plan, 'success_rate'), range);
    expect(rate.value).toBeCloseTo(inWindow.filter((e) => e.properties.success).length / inWindow.length, 12);
    const embedded = inWindow.filter((e) => e.properties.backend === 'embedded');
    const group = rate.groups.find((g) => g.group.backend === 'embedded');
    expect(group?.value).toBeCloseTo(embedded.filter((e) => e.properties.success).length / embedded.length, 12);
    expect(group?.events).toBe(embedded.length);
    const durations = inWindow.map((e) => Number(e.properties.duration_ms));
    expect((await events.measure(metric(plan, 'mean'), range)).value).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 9);
    expect((await events.measure(metric(plan, 'sum'), range)).value).toBe(durations.reduce((a, b) => a + b, 0));
  });

  it('computes retention: of the users first seen in the range shifted back by after, those seen again at least after later', async () => {
    const { events } = await fresh();
    const M = 60_000;
    // Over [T0 - 1h, T0] with after 10m, the cohort is the users first seen in [T0 - 70m, T0 - 10m].
    const at = (i: number, user: string, minutesBefore: number) => gen(i, { id: `r${i}`, userId: user, ts: T0 - minutesBefore * M });
    await events.append([
      at(1, 'a', 60), at(2, 'a', 40), // in the cohort, back 20 minutes later: retained
      at(3, 'b', 50), at(4, 'b', 45), // in the cohort, back only 5 minutes later
      at(5, 'c', 30), // in the cohort, never back
      at(6, 'd', 120), at(7, 'd', 20), // first seen before the cohort's period
      at(8, 'e', 5), // first seen after it
    ]);
    const measured = await events.measure(metric(plan, 'back_after_10m'), range);
    expect(measured.value).toBeCloseTo(1 / 3, 12);
    expect(measured.events).toBe(3);
  });

  it('computes quantiles exactly, interpolating linearly between closest ranks', async () => {
    const { events } = await fresh();
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    await events.append(values.map((v, i) => gen(i, { props: { duration_ms: v, backend: 'static' } })));
    expect((await events.measure(metric(plan, 'p50'), range)).value).toBeCloseTo(referenceQuantile(values, 0.5), 12);
    const p95 = await events.measure(metric(plan, 'p95'), range);
    expect(p95.value).toBeCloseTo(referenceQuantile(values, 0.95), 12);
    expect(p95.groups).toEqual([{ group: { backend: 'static' }, value: p95.value, events: values.length }]);
  });

  it('gives shares of the whole, with events lacking the field counted in the whole but forming no group', async () => {
    const { events } = await fresh();
    const batch = Array.from({ length: 30 }, (_, i) => gen(i));
    await events.append(batch);
    const usage = await events.measure(metric(plan, 'usage'), range);
    expect(usage.value).toBeNull();
    expect(usage.groups.map((g) => [g.group.backend, g.value])).toEqual([
      ['static', 22 / 30],
      ['embedded', 8 / 30],
    ]);
    const categories = await events.measure(metric(plan, 'categories'), range);
    expect(categories.groups.map((g) => g.group.category).sort()).toEqual(['parse', 'timeout']);
    expect(categories.groups.find((g) => g.group.category === 'timeout')?.value).toBeCloseTo(10 / 30, 12);
  });

  it('divides by the distinct count of the per field', async () => {
    const { events } = await fresh();
    await events.append(Array.from({ length: 40 }, (_, i) => gen(i)));
    expect((await events.measure(metric(plan, 'per_session'), range)).value).toBe(4);
  });

  it('groups by several fields, a missing value forming its own group', async () => {
    const { events } = await fresh();
    await events.append(Array.from({ length: 12 }, (_, i) => gen(i)));
    const result = await events.measure(metric(plan, 'by_two'), range);
    const total = result.groups.reduce((a, g) => a + g.events, 0);
    expect(total).toBe(12);
    expect(result.groups.some((g) => g.group.category === null)).toBe(true);
    // embedded: i = 0 (timeout), 4 (parse), 8 (none)
    for (const category of ['timeout', 'parse', null]) {
      expect(result.groups.find((g) => g.group.backend === 'embedded' && g.group.category === category)?.value).toBe(1);
    }
    expect(result.groups.find((g) => g.group.backend === 'static' && g.group.category === 'timeout')?.value).toBe(3);
  });

  it('applies where: equality, comparisons, lists, and ne matching missing values', async () => {
    const { events } = await fresh();
    const batch = Array.from({ length: 60 }, (_, i) => gen(i));
    await events.append(batch);
    const props = batch.map((e) => e.properties);
    expect((await events.measure(metric(plan, 'slow_static'), range)).value).toBe(props.filter((p) => p.backend === 'static' && Number(p.duration_ms) > 50).length);
    expect((await events.measure(metric(plan, 'not_timeout'), range)).value).toBe(props.filter((p) => p.category !== 'timeout').length);
    expect((await events.measure(metric(plan, 'in_list'), range)).value).toBe(props.filter((p) => p.category !== null).length);
  });

  it('counts only events inside the window, bounds included', async () => {
    const { events } = await fresh();
    await events.append([gen(1, { ts: range.from }), gen(2, { ts: range.to }), gen(3, { ts: range.from - 1 }), gen(4, { ts: range.to + 1 })]);
    expect((await events.measure(metric(plan, 'total'), range)).value).toBe(2);
  });

  it('answers no data as null for ratios and quantiles, zero for counts', async () => {
    const { events } = await fresh();
    expect((await events.measure(metric(plan, 'success_rate'), range)).value).toBeNull();
    expect((await events.measure(metric(plan, 'p50'), range)).value).toBeNull();
    expect((await events.measure(metric(plan, 'total'), range)).value).toBe(0);
    expect((await events.measure(metric(plan, 'per_session'), range)).value).toBeNull();
  });

  it('gives a series per bucket, empty buckets filled, and per group', async () => {
    const { events } = await fresh();
    const step = 600_000;
    const from = T0 - 6 * step;
    await events.append([gen(1, { ts: from + 10 }), gen(2, { ts: from + 20 }), gen(3, { ts: from + 2 * step + 5 })]);
    const series = await events.series(metric(plan, 'total'), { from, to: from + 6 * step - 1 }, step);
    expect(series.points.map((p) => p.value)).toEqual([2, 0, 1, 0, 0, 0]);
    expect(series.points[2]?.t).toBe(from + 2 * step);
    const rate = await events.series(metric(plan, 'success_rate'), { from, to: from + 3 * step - 1 }, step);
    expect(rate.points.map((p) => p.value)).toEqual([1, null, 1]);
    expect(rate.groups.length).toBeGreaterThan(0);
  });

  it('adds a newly declared property and refuses a change of a stored property type', async () => {
    const { events } = await fresh();
    await events.append([gen(1)]);
    const wider = planFrom(PLAN.replace('    n: number', '    n: number\n    label: { type: string, optional: true }'));
    await events.prepare(wider.events);
    await events.append([{ id: 'o2', type: 'other', ts: T0, userId: null, sessionId: null, properties: { n: 2, label: 'x' } }]);
    expect((await events.counts()).other).toBe(1);
    const changed = planFrom(PLAN.replace('    n: number', '    n: string'));
    await expect(events.prepare(changed.events)).rejects.toThrow(/stored as double but the plan now declares string/);
  });

  eventKindCases(it, factory);
}

/** The StateStore's cases of this suite (the alerting and incident ones have suites of their own). */
function stateCases(it: ContractCase, factory: StateStoreFactory): void {
  let open: StateHandle[] = [];

  async function fresh() {
    const handle = await factory.fresh();
    open.push(handle);
    return handle;
  }

  afterEach(async () => {
    for (const handle of open) await handle.close().catch(() => undefined);
    open = [];
  });

  it('records metric samples and reads them back by metric, range and group', async () => {
    const { state } = await fresh();
    await state.recordSamples([
      { metricId: 'rate', group: {}, ts: T0 - 2000, value: 0.9, status: 'green' },
      { metricId: 'rate', group: { backend: 'static' }, ts: T0 - 2000, value: 0.95, status: 'green' },
      { metricId: 'rate', group: {}, ts: T0 - 1000, value: null, status: 'unknown' },
      { metricId: 'other', group: {}, ts: T0 - 1000, value: 1, status: 'red' },
    ]);
    const all = await state.samples('rate', { from: T0 - 5000, to: T0 });
    expect(all).toHaveLength(3);
    const whole = await state.samples('rate', { from: T0 - 5000, to: T0 }, {});
    expect(whole.map((s) => [s.ts, s.value, s.status])).toEqual([
      [T0 - 2000, 0.9, 'green'],
      [T0 - 1000, null, 'unknown'],
    ]);
    expect(await state.samples('rate', { from: T0 - 5000, to: T0 }, { backend: 'static' })).toHaveLength(1);
  });

  it('keeps metric samples across a close and reopen', async () => {
    const handle = await fresh();
    await handle.state.recordSamples(Array.from({ length: 3 }, (_, i) => ({ metricId: 'rate', group: { backend: 'static', region: null }, ts: T0 + i, value: i / 2, status: 'green' })));
    await handle.close();
    open = open.filter((h) => h !== handle);
    const again = await handle.reopen();
    open.push(again);
    const samples = await again.state.samples('rate', { from: T0, to: T0 + 2 }, { region: null, backend: 'static' });
    expect(samples).toEqual(Array.from({ length: 3 }, (_, i) => ({ metricId: 'rate', group: { backend: 'static', region: null }, ts: T0 + i, value: i / 2, status: 'green' })));
  });
}

/** The event side of the store contract. */
export function eventStoreContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: event store contract`, options, (it) => eventCases(it, factory));
}

/** The state side of the store contract (the samples); see also alert-store.ts and incident-store.ts. */
export function stateStoreContract(name: string, factory: StateStoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: state store contract`, options, (it) => stateCases(it, factory));
}

/** Both sides, as one suite: a skip list names cases of either. */
export function storeContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  contractSuite(`${name}: store contract`, options, (it) => {
    eventCases(it, factory);
    stateCases(it, factory);
  });
}
