/**
 * The event store contract for the metric kinds of the richer metric
 * language: funnel, share of distinct users, nps, max and min, distinct with
 * having, and any: in ratio and where. Each case checks a backend's answer
 * exactly against an independent computation (test/helpers/reference-kinds.ts)
 * on random events (fast-check), plus the edges: no data, windows, groups, series.
 * Run by eventCases in stores.ts, so on every backend.
 */
import fc from 'fast-check';
import { afterEach, expect } from 'vitest';
import type { FunnelMeasure, MetricSpec, Plan, Scalar } from '../../src/plan/types.js';
import type { AdmittedEvent, EventStore } from '../../src/store/types.js';
import { metric, planFrom } from '../helpers/plan.js';
import { passes, referenceFunnel, referenceHaving, referenceNps, referenceUserShares } from '../helpers/reference-kinds.js';
import type { ContractCase } from './suite.js';
import type { StoreFactory, StoreHandle } from './stores.js';

const PLAN = `
version: 1
product: { name: contract-kinds }
events:
  signup:
    plan: { enum: [free, pro] }
  checkout:
    amount: number
  payment:
    success: boolean
    amount: number
  survey:
    score: { type: number, optional: true }
    platform: { enum: [ios, android, web], optional: true }
metrics:
  to_paid:
    funnel:
      steps:
        - { event: signup }
        - { event: checkout, where: { amount: { gte: 10 } } }
        - { event: payment, where: { success: true } }
      within: 10m
    window: 1h
  surveyed:
    funnel:
      steps:
        - { event: signup }
        - { event: survey, where: { platform: ios } }
        - { event: survey, where: { score: { gte: 9 } } }
      within: 10m
    window: 1h
  platform_users: { from: survey, share: platform, distinct: user_id, window: 1h }
  nps: { from: survey, nps: score, window: 1h }
  nps_by_platform: { from: survey, nps: score, by: platform, window: 1h }
  max_amount: { from: payment, max: amount, window: 1h }
  min_amount: { from: payment, min: amount, by: success, window: 1h }
  frequent: { from: checkout, distinct: user_id, having: { count: "> 3" }, window: 1h }
  loyal_by_platform: { from: survey, distinct: user_id, having: { count: ">= 2" }, by: platform, window: 1h }
  big_spenders: { from: checkout, distinct: user_id, having: { sum: { of: amount, threshold: ">= 150" } }, window: 1h }
  kept: { from: payment, ratio: { any: [ { success: true }, { amount: { gt: 80 } } ] }, window: 1h }
  troubled: { from: payment, where: { any: [ { success: false }, { amount: { lt: 10 } } ] }, count: true, window: 1h }
  on_ios: { from: survey, ratio: { platform: ios }, window: 1h }
`;

const HOUR = 3_600_000;
const MIN = 60_000;
/** Each random run has its own hour, two hours apart, so runs share a store without meeting. */
const BASE = Date.parse('2026-11-01T00:00:00Z');
const RUNS = 12;

type Draft = { type: 'signup' | 'checkout' | 'payment' | 'survey'; user: number | null; second: number; amount: number; success: boolean; score: number | null; platform: 'ios' | 'android' | 'web' | null };

const draft: fc.Arbitrary<Draft> = fc.record({
  type: fc.constantFrom('signup', 'checkout', 'payment', 'survey'),
  user: fc.option(fc.integer({ min: 0, max: 7 }), { freq: 8 }),
  // Seconds from 10 minutes before the window to 1 minute after it; coarse, so that equal times happen.
  second: fc.integer({ min: -600, max: 3660 }).map((s) => s - (s % 30)),
  amount: fc.integer({ min: 0, max: 120 }),
  success: fc.boolean(),
  score: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 6 }),
  platform: fc.option(fc.constantFrom('ios' as const, 'android' as const, 'web' as const), { freq: 5 }),
});

function admitted(d: Draft, i: number, run: number, from: number): AdmittedEvent {
  const props: Record<string, Scalar | null> =
    d.type === 'signup' ? { plan: d.amount % 2 ? 'pro' : 'free' } : d.type === 'survey' ? { score: d.score, platform: d.platform } : d.type === 'payment' ? { success: d.success, amount: d.amount } : { amount: d.amount };
  return { id: `k${run}-${i}`, type: d.type, ts: from + d.second * 1000, userId: d.user === null ? null : `u${d.user}`, sessionId: null, properties: props };
}

const funnelOf = (m: MetricSpec): FunnelMeasure => {
  if (m.measure.kind !== 'funnel') throw new Error(`${m.id} is not a funnel`);
  return m.measure;
};

/** Runs `check` on RUNS random event sets, each appended to the store in an hour of its own. */
async function onRandomEvents(events: EventStore, check: (batch: AdmittedEvent[], range: { from: number; to: number }) => Promise<void>): Promise<void> {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(draft, { minLength: 0, maxLength: 60 }), async (drafts) => {
      run++;
      const from = BASE + run * 2 * HOUR;
      const range = { from, to: from + HOUR };
      const batch = drafts.map((d, i) => admitted(d, i, run, from));
      if (batch.length > 0) await events.append(batch);
      await check(batch, range);
    }),
    { numRuns: RUNS },
  );
}

export function eventKindCases(it: ContractCase, factory: StoreFactory): void {
  const plan: Plan = planFrom(PLAN);
  let open: StoreHandle[] = [];
  async function fresh(): Promise<EventStore> {
    const handle = await factory.fresh();
    open.push(handle);
    await handle.events.prepare(plan.events);
    return handle.events;
  }
  afterEach(async () => {
    for (const handle of open) await handle.close().catch(() => undefined);
    open = [];
  });
  const inWindow = (batch: readonly AdmittedEvent[], type: string, range: { from: number; to: number }) => batch.filter((e) => e.type === type && e.ts >= range.from && e.ts <= range.to);

  it('computes a funnel exactly: users reaching each step in order within its time, as a reference does on random events', async () => {
    const events = await fresh();
    const spec = metric(plan, 'to_paid');
    await onRandomEvents(events, async (batch, range) => {
      const users = referenceFunnel(funnelOf(spec), batch, range);
      const measured = await events.measure(spec, range);
      expect(measured.groups.map((g) => [g.group.step, g.value])).toEqual([
        ['1 signup', users[0]],
        ['2 checkout', users[1]],
        ['3 payment', users[2]],
      ]);
      const first = users[0] ?? 0;
      expect(measured.value).toBe(first > 0 ? (users[2] ?? 0) / first : null);
      expect(measured.events).toBe(first);
      expect(measured.groups[1]?.conversion).toEqual({ fromFirst: first > 0 ? (users[1] ?? 0) / first : null, fromPrevious: first > 0 ? (users[1] ?? 0) / first : null });
      expect(measured.groups[2]?.conversion?.fromPrevious).toBe((users[1] ?? 0) > 0 ? (users[2] ?? 0) / (users[1] ?? 0) : null);
    });
  }, 120_000);

  it('orders funnel steps strictly and bounds them by within and the window', async () => {
    const events = await fresh();
    const spec = metric(plan, 'to_paid');
    const T = BASE;
    const range = { from: T, to: T + HOUR };
    const ev = (id: string, type: string, user: string, ts: number, properties: AdmittedEvent['properties']): AdmittedEvent => ({ id, type, ts, userId: user, sessionId: null, properties });
    await events.append([
      ev('a1', 'signup', 'a', T + MIN, { plan: 'free' }), ev('a2', 'checkout', 'a', T + 2 * MIN, { amount: 20 }), ev('a3', 'payment', 'a', T + 3 * MIN, { success: true, amount: 20 }), // completes
      ev('b1', 'signup', 'b', T + MIN, { plan: 'free' }), ev('b2', 'checkout', 'b', T + 2 * MIN, { amount: 20 }), ev('b3', 'payment', 'b', T + 12 * MIN, { success: true, amount: 20 }), // pays after within
      ev('c1', 'signup', 'c', T + 5 * MIN, { plan: 'pro' }), ev('c2', 'checkout', 'c', T + 5 * MIN, { amount: 20 }), // checkout at the same time: not after
      ev('d1', 'signup', 'd', T - MIN, { plan: 'free' }), ev('d2', 'checkout', 'd', T + 2 * MIN, { amount: 20 }), // signed up before the window
      ev('e1', 'signup', 'e', T + 10 * MIN, { plan: 'free' }), ev('e2', 'checkout', 'e', T + 11 * MIN, { amount: 5 }), // checkout fails its where
      ev('f1', 'checkout', 'f', T + MIN, { amount: 20 }), ev('f2', 'signup', 'f', T + 2 * MIN, { plan: 'free' }), // steps out of order
    ]);
    const measured = await events.measure(spec, range);
    expect(measured.groups.map((g) => g.value)).toEqual([5, 2, 1]);
    expect(measured.value).toBeCloseTo(1 / 5, 12);
    expect(measured.groups[0]?.conversion).toEqual({ fromFirst: 1, fromPrevious: null });
    const empty = await events.measure(spec, { from: T + 2 * HOUR, to: T + 3 * HOUR });
    expect(empty.value).toBeNull();
    expect(empty.groups.map((g) => g.value)).toEqual([0, 0, 0]);
    const series = await events.series(spec, { from: T, to: T + 30 * MIN }, 10 * MIN);
    expect(series.points.map((p) => p.value)).toEqual([1 / 4, 0, null]);
    expect(series.groups.map((g) => [g.group.step, g.points.map((p) => p.value)])).toEqual([
      ['1 signup', [4, 1, 0]],
      ['2 checkout', [2, 0, 0]],
      ['3 payment', [1, 0, 0]],
    ]);
  });

  it('treats a step whose where tests a missing property as not done, and starts no funnel before the window', async () => {
    const events = await fresh();
    const spec = metric(plan, 'surveyed');
    const T = BASE;
    const range = { from: T, to: T + HOUR };
    const signup = (id: string, user: string, ts: number): AdmittedEvent => ({ id, type: 'signup', ts, userId: user, sessionId: null, properties: { plan: 'free' } });
    const survey = (id: string, user: string, ts: number, platform: string | null, score: number | null): AdmittedEvent => ({ id, type: 'survey', ts, userId: user, sessionId: null, properties: { platform, score } });
    await events.append([
      signup('a1', 'a', T + MIN), survey('a2', 'a', T + 2 * MIN, null, null), survey('a3', 'a', T + 3 * MIN, 'ios', null), survey('a4', 'a', T + 4 * MIN, null, 9), // completes
      signup('b1', 'b', T + MIN), survey('b2', 'b', T + 2 * MIN, null, 10), // no platform: step 2 not done, so neither is step 3
      signup('c1', 'c', T - 5 * MIN), survey('c2', 'c', T + MIN, 'ios', null), survey('c3', 'c', T + 2 * MIN, 'ios', 10), // first step before the window only
      signup('d1', 'd', T - 5 * MIN), signup('d2', 'd', T + 20 * MIN), survey('d3', 'd', T + 21 * MIN, 'ios', null), // starts at its signup in the window
      signup('e1', 'e', T + MIN), survey('e2', 'e', T + 2 * MIN, 'ios', null), survey('e3', 'e', T + 3 * MIN, 'web', null), // no score: stops at step 2
    ]);
    const measured = await events.measure(spec, range);
    expect(measured.groups.map((g) => [g.group.step, g.value])).toEqual([
      ['1 signup', 4],
      ['2 survey', 3],
      ['3 survey', 1],
    ]);
    expect(measured.value).toBeCloseTo(1 / 4, 12);
    const series = await events.series(spec, { from: T, to: T + 30 * MIN }, 15 * MIN);
    expect(series.groups.map((g) => g.points.map((p) => p.value))).toEqual([[3, 1], [2, 1], [1, 0]]);
  });

  it('computes a funnel over optional properties exactly, as a reference does on random events', async () => {
    const events = await fresh();
    const spec = metric(plan, 'surveyed');
    await onRandomEvents(events, async (batch, range) => {
      const measured = await events.measure(spec, range);
      expect(measured.groups.map((g) => g.value)).toEqual(referenceFunnel(funnelOf(spec), batch, range));
    });
  }, 120_000);

  it('gives shares of distinct users per value, not of events, as a reference does on random events', async () => {
    const events = await fresh();
    const spec = metric(plan, 'platform_users');
    await onRandomEvents(events, async (batch, range) => {
      const shares = referenceUserShares(inWindow(batch, 'survey', range), 'platform');
      const measured = await events.measure(spec, range);
      expect(measured.value).toBeNull();
      expect(new Map(measured.groups.map((g) => [g.group.platform, g.value]))).toEqual(shares);
    });
  }, 120_000);

  it('computes nps in points, whole and per group, as a reference does on random events', async () => {
    const events = await fresh();
    await onRandomEvents(events, async (batch, range) => {
      const surveys = inWindow(batch, 'survey', range);
      const score = (e: AdmittedEvent) => (e.properties.score ?? null) as number | null;
      const whole = await events.measure(metric(plan, 'nps'), range);
      const expected = referenceNps(surveys.map(score));
      if (expected === null) expect(whole.value).toBeNull();
      else expect(whole.value).toBeCloseTo(expected, 9);
      const byPlatform = await events.measure(metric(plan, 'nps_by_platform'), range);
      for (const g of byPlatform.groups) {
        const reference = referenceNps(surveys.filter((e) => (e.properties.platform ?? null) === g.group.platform).map(score));
        if (reference === null) expect(g.value).toBeNull();
        else expect(g.value).toBeCloseTo(reference, 9);
      }
    });
  }, 120_000);

  it('computes max and min, whole and per group, null over no events', async () => {
    const events = await fresh();
    await onRandomEvents(events, async (batch, range) => {
      const payments = inWindow(batch, 'payment', range);
      const amounts = payments.map((e) => Number(e.properties.amount));
      expect((await events.measure(metric(plan, 'max_amount'), range)).value).toBe(amounts.length ? Math.max(...amounts) : null);
      const min = await events.measure(metric(plan, 'min_amount'), range);
      expect(min.value).toBe(amounts.length ? Math.min(...amounts) : null);
      for (const g of min.groups) expect(g.value).toBe(Math.min(...payments.filter((e) => e.properties.success === g.group.success).map((e) => Number(e.properties.amount))));
    });
  }, 120_000);

  it('counts only the users whose events pass having (a count or a sum over a threshold), as a reference does on random events', async () => {
    const events = await fresh();
    const frequent = metric(plan, 'frequent');
    const big = metric(plan, 'big_spenders');
    const thresholdOf = (m: MetricSpec) => {
      if (m.measure.kind !== 'distinct' || !m.measure.having) throw new Error(`${m.id} has no having`);
      return m.measure.having.threshold;
    };
    await onRandomEvents(events, async (batch, range) => {
      const checkouts = inWindow(batch, 'checkout', range);
      const measured = await events.measure(frequent, range);
      expect(measured.value).toBe(referenceHaving(checkouts, thresholdOf(frequent)));
      expect(measured.events).toBe(checkouts.length);
      expect((await events.measure(big, range)).value).toBe(referenceHaving(checkouts, thresholdOf(big), 'amount'));
      const series = await events.series(frequent, range, HOUR / 2);
      const halves = [0, 1].map((i) => checkouts.filter((e) => e.ts >= range.from + (i * HOUR) / 2 && e.ts < range.from + ((i + 1) * HOUR) / 2));
      expect(series.points.map((p) => p.value)).toEqual(halves.map((h) => referenceHaving(h, thresholdOf(frequent))));
    });
  }, 120_000);

  it('counts, per group of by, the users whose events in that group pass having, as a reference does on random events', async () => {
    const events = await fresh();
    const spec = metric(plan, 'loyal_by_platform');
    if (spec.measure.kind !== 'distinct' || !spec.measure.having) throw new Error('loyal_by_platform has having');
    const threshold = spec.measure.having.threshold;
    const platformOf = (e: AdmittedEvent) => e.properties.platform ?? null;
    await onRandomEvents(events, async (batch, range) => {
      const surveys = inWindow(batch, 'survey', range);
      const measured = await events.measure(spec, range);
      expect(measured.value).toBe(referenceHaving(surveys, threshold));
      const platforms = [...new Set(surveys.map(platformOf))];
      const expected = platforms.map((p) => [p, referenceHaving(surveys.filter((e) => platformOf(e) === p), threshold), surveys.filter((e) => platformOf(e) === p).length]);
      const key = (x: unknown[]) => JSON.stringify(x[0]);
      expect(measured.groups.map((g) => [g.group.platform, g.value, g.events]).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
      const series = await events.series(spec, range, HOUR / 2);
      const half = (i: number) => surveys.filter((e) => e.ts >= range.from + (i * HOUR) / 2 && e.ts < range.from + ((i + 1) * HOUR) / 2);
      for (const g of series.groups) {
        expect(g.points.map((p) => p.value)).toEqual([0, 1].map((i) => referenceHaving(half(i).filter((e) => platformOf(e) === g.group.platform), threshold)));
      }
    });
  }, 120_000);

  it('applies any: as an OR of filter lists, in ratio and in where, as a reference does on random events', async () => {
    const events = await fresh();
    const kept = metric(plan, 'kept');
    const troubled = metric(plan, 'troubled');
    await onRandomEvents(events, async (batch, range) => {
      const payments = inWindow(batch, 'payment', range);
      if (kept.measure.kind !== 'ratio') throw new Error('kept is a ratio');
      const match = kept.measure.match;
      const ratio = await events.measure(kept, range);
      if (payments.length === 0) expect(ratio.value).toBeNull();
      else expect(ratio.value).toBeCloseTo(payments.filter((e) => passes(e, match)).length / payments.length, 12);
      expect((await events.measure(troubled, range)).value).toBe(payments.filter((e) => passes(e, troubled.where)).length);
    });
  }, 120_000);

  it('counts an event without the property a ratio tests as not matching: 0, not null, when no event has it', async () => {
    const events = await fresh();
    const spec = metric(plan, 'on_ios');
    const T = BASE;
    const survey = (id: string, ts: number, platform: string | null): AdmittedEvent => ({ id, type: 'survey', ts, userId: 'u', sessionId: null, properties: { score: 9, platform } });
    // The first hour: surveys without a platform only; the second: one of two on ios.
    await events.append([survey('s1', T + MIN, null), survey('s2', T + 2 * MIN, null), survey('s3', T + HOUR + MIN, 'ios'), survey('s4', T + HOUR + 2 * MIN, null)]);
    expect((await events.measure(spec, { from: T, to: T + HOUR - 1 })).value).toBe(0);
    const series = await events.series(spec, { from: T, to: T + 3 * HOUR }, HOUR);
    expect(series.points.map((p) => p.value)).toEqual([0, 0.5, null]);
  });
}
