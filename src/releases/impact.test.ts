import { describe, expect, it } from 'vitest';
import { planFrom } from '../../test/helpers/plan.js';
import type { MetricSpec } from '../plan/types.js';
import type { Measurement } from '../store/types.js';
import { betterDirection } from '../plan/direction.js';
import { evidenceFor, groupImpacts, impactWindows, metricImpact, proportionOf, releaseImpact, type MetricWindows } from './impact.js';

const plan = planFrom(`
version: 1
product: { name: x }
events:
  gen: { ok: boolean, ms: number, backend: string }
metrics:
  success: { from: gen, ratio: { ok: true }, window: 1d, target: { green: ">= 80%" } }
  latency: { from: gen, quantile: { of: ms, q: 0.95 }, window: 1d, target: { green: "< 500" } }
  mean_ms: { from: gen, mean: ms, window: 1d }
  per_backend: { from: gen, mean: ms, by: backend, window: 1d, targets: [ { group: { backend: a }, green: "<= 100" }, { group: { backend: b }, green: "< 900" } ] }
  banded: { from: gen, mean: ms, window: 1d, target: { green: "100..200" } }
  total: { from: gen, count: true, window: 1d }
  users: { from: gen, distinct: user_id, window: 1d }
  usage: { from: gen, share: backend, window: 1d }
  per_user: { from: gen, count: true, per: user_id, window: 1d }
  success_by: { from: gen, ratio: { ok: true }, by: backend, window: 1d, targets: [ { group: { backend: a }, green: ">= 90%" } ], target: { green: ">= 80%" } }
`);
const m = (id: string): MetricSpec => plan.metrics.find((x) => x.id === id) as MetricSpec;
const measured = (value: number | null, events: number): Measurement => ({ value, events, groups: [] });
const sample = (values: number[]) => ({ values, total: values.length });

describe('betterDirection', () => {
  it('reads the green threshold, agreeing group targets, and says none for ranges and no target', () => {
    expect(betterDirection(m('success'))).toBe('higher');
    expect(betterDirection(m('latency'))).toBe('lower');
    expect(betterDirection(m('per_backend'))).toBe('lower');
    expect(betterDirection(m('banded'))).toBe('none');
    expect(betterDirection(m('mean_ms'))).toBe('none');
  });
});

describe('evidenceFor', () => {
  it('tests rates as proportions and latencies on raw values; counts, shares and per-metrics are not testable', () => {
    expect(evidenceFor(m('success'))).toEqual({ kind: 'proportion' });
    expect(evidenceFor(m('latency'))).toEqual({ kind: 'values', field: 'ms' });
    expect(evidenceFor(m('mean_ms'))).toEqual({ kind: 'values', field: 'ms' });
    for (const id of ['total', 'users', 'usage', 'per_user']) expect(evidenceFor(m(id)).kind).toBe('none');
  });

  it('recovers successes and trials from a ratio measurement', () => {
    expect(proportionOf(measured(0.55, 100))).toEqual({ successes: 55, trials: 100 });
    expect(proportionOf(measured(null, 0))).toEqual({ successes: 0, trials: 0 });
  });
});

describe('metricImpact', () => {
  const rate = (before: [number, number], after: [number, number]): MetricWindows => ({
    metric: m('success'),
    before: measured(before[0] / before[1], before[1]),
    after: measured(after[0] / after[1], after[1]),
    evidence: { kind: 'proportion', before: { successes: before[0], trials: before[1] }, after: { successes: after[0], trials: after[1] } },
  });

  it('a success rate up from 40 % to 55 % (p = 0.034) improved', () => {
    const i = metricImpact(rate([40, 100], [55, 100]));
    expect(i.verdict).toBe('improved');
    expect(i.test?.name).toBe('two_proportion_z');
    expect(i.test?.pValue).toBeCloseTo(0.03367206885634577, 12);
    expect(i.change).toBeCloseTo(0.15, 12);
    expect(i.relativeChange).toBeCloseTo(0.375, 12);
    expect(i.reason).toBe('significantly higher after (p = 0.0337), and higher is better');
  });

  it('the same move down regressed; a small move is no measurable change', () => {
    expect(metricImpact(rate([55, 100], [40, 100])).verdict).toBe('regressed');
    const flat = metricImpact(rate([50, 100], [52, 100]));
    expect(flat.verdict).toBe('no_measurable_change');
    expect(flat.significant).toBe(false);
  });

  it('latency tested with Mann-Whitney U: lower after is improved when lower is better', () => {
    const before = [19, 22, 16, 29, 24, 31, 27, 25];
    const after = [11, 12, 10, 14, 13, 9, 15, 12];
    const i = metricImpact({ metric: m('latency'), before: measured(30, 8), after: measured(15, 8), evidence: { kind: 'values', before: sample(before), after: sample(after) } });
    expect(i.test?.name).toBe('mann_whitney_u');
    expect(i.test?.statistic).toBe(0);
    expect(i.test?.z).toBeLessThan(0);
    expect(i.test?.pValue).toBeLessThan(0.01);
    expect(i.verdict).toBe('improved');
    const worse = metricImpact({ metric: m('latency'), before: measured(15, 8), after: measured(30, 8), evidence: { kind: 'values', before: sample(after), after: sample(before) } });
    expect(worse.verdict).toBe('regressed');
  });

  it('without a direction, a significant move is "changed"', () => {
    const i = metricImpact({ metric: m('mean_ms'), before: measured(1, 6), after: measured(10, 6), evidence: { kind: 'values', before: sample([1, 1, 2, 1, 0, 1]), after: sample([10, 11, 9, 10, 12, 10]) } });
    expect(i.verdict).toBe('changed');
  });

  it('says insufficient data with too few observations or no value, and not testable for counts', () => {
    expect(metricImpact(rate([2, 3], [40, 50])).verdict).toBe('insufficient_data');
    const empty = metricImpact({ metric: m('latency'), before: measured(null, 0), after: measured(20, 10), evidence: { kind: 'values', before: sample([]), after: sample([20]) } });
    expect(empty).toMatchObject({ verdict: 'insufficient_data', reason: 'no value before the release' });
    const count = metricImpact({ metric: m('total'), before: measured(100, 100), after: measured(150, 150), evidence: evidenceFor(m('total')) as { kind: 'none'; reason: string } });
    expect(count).toMatchObject({ verdict: 'not_testable', change: 50, relativeChange: 0.5, test: null });
    expect(count.reason).toMatch(/^not testable: a count is one number per window/);
  });

  it('marks a test on sampled values', () => {
    const i = metricImpact({
      metric: m('latency'),
      before: measured(10, 100),
      after: measured(10, 100),
      evidence: { kind: 'values', before: { values: [1, 2, 3, 4, 5], total: 100 }, after: sample([1, 2, 3, 4, 5]) },
    });
    expect(i.test?.sampled).toBe(true);
  });
});

describe('impactWindows and releaseImpact', () => {
  const at = Date.parse('2026-11-20T12:00:00Z');
  const H = 3_600_000;

  it('compares [at - w, at) with [at, at + w), the after window cut at now', () => {
    expect(impactWindows(at, 48 * H, at + 100 * H)).toEqual({ windowMs: 48 * H, before: { from: at - 48 * H, to: at - 1 }, after: { from: at, to: at + 48 * H - 1 }, complete: true });
    expect(impactWindows(at, 48 * H, at + 2 * H)).toMatchObject({ after: { from: at, to: at + 2 * H }, complete: false });
  });

  it('counts verdicts and advises: investigate on a regression, too early while open, else keep', () => {
    const down: MetricWindows = { metric: m('success'), before: measured(0.55, 100), after: measured(0.4, 100), evidence: { kind: 'proportion', before: { successes: 55, trials: 100 }, after: { successes: 40, trials: 100 } } };
    const total: MetricWindows = { metric: m('total'), before: measured(1, 1), after: measured(1, 1), evidence: { kind: 'none', reason: 'x' } };
    const open = impactWindows(at, 48 * H, at + H);
    const closed = impactWindows(at, 48 * H, at + 49 * H);
    const r = releaseImpact({ version: '1.1.0', at }, closed, [down, total]);
    expect(r.counts).toMatchObject({ regressed: 1, not_testable: 1, improved: 0 });
    expect(r.recommendation).toBe('investigate');
    expect(releaseImpact({ version: '1.1.0', at }, open, [total]).recommendation).toBe('too_early');
    expect(releaseImpact({ version: '1.1.0', at }, closed, [total]).recommendation).toBe('keep');
  });
});

describe('groupImpacts', () => {
  const group = (backend: string, value: number, events: number) => ({ group: { backend }, value, events });

  it('tests each group of a ratio at alpha / groups (Bonferroni), in its own direction', () => {
    const before: Measurement = { value: 0.5, events: 300, groups: [group('a', 0.4, 100), group('b', 0.55, 100), group('c', 0.5, 100)] };
    const after: Measurement = { value: 0.5, events: 300, groups: [group('a', 0.55, 100), group('b', 0.4, 100), group('c', 0.75, 100)] };
    const byGroup = Object.fromEntries(groupImpacts(m('success_by'), before, after).map((g) => [String(g.group.backend), g]));
    // 40 → 55 of 100 is p = 0.0337: significant at 5 %, not at 5 % / 3.
    expect(byGroup.a).toMatchObject({ verdict: 'no_measurable_change', significant: false, better: 'higher' });
    expect(byGroup.a?.test?.pValue).toBeCloseTo(0.03367206885634577, 12);
    expect(byGroup.b).toMatchObject({ verdict: 'no_measurable_change' });
    // 50 → 75 of 100: p = 0.00025, significant at 0.0167.
    expect(byGroup.c).toMatchObject({ verdict: 'improved', significant: true, eventsBefore: 100, eventsAfter: 100 });
  });

  it('tests a share as the group\'s events of all events, and says when a group is new', () => {
    const before: Measurement = { value: null, events: 200, groups: [group('a', 0.5, 100), group('b', 0.5, 100)] };
    const after: Measurement = { value: null, events: 200, groups: [group('a', 0.8, 160), group('b', 0.2, 40)] };
    const shares = groupImpacts(m('usage'), before, after);
    expect(shares.map((g) => [g.group.backend, g.verdict])).toEqual([
      ['a', 'changed'],
      ['b', 'changed'],
    ]);
    expect(shares[0]?.test?.nBefore).toBe(200);
    const fresh = groupImpacts(m('success_by'), { value: 0.5, events: 10, groups: [] }, { value: 0.5, events: 10, groups: [group('z', 0.5, 10)] });
    expect(fresh).toMatchObject([{ group: { backend: 'z' }, verdict: 'insufficient_data', reason: 'no value before the release' }]);
  });

  it('gives no groups for other measures, and a regressed group makes the advice "investigate"', () => {
    expect(groupImpacts(m('latency'), { value: 1, events: 1, groups: [] }, { value: 1, events: 1, groups: [] })).toEqual([]);
    const at = Date.parse('2026-11-20T12:00:00Z');
    const windows = impactWindows(at, 3_600_000, at + 7_200_000);
    const input: MetricWindows = {
      metric: m('success_by'),
      before: { value: 0.9, events: 2000, groups: [group('a', 0.95, 1000), group('b', 0.85, 1000)] },
      after: { value: 0.9, events: 2000, groups: [group('a', 0.85, 1000), group('b', 0.95, 1000)] },
      evidence: { kind: 'proportion', before: { successes: 1800, trials: 2000 }, after: { successes: 1800, trials: 2000 } },
    };
    const r = releaseImpact({ version: 'x', at }, windows, [input]);
    expect(r.metrics[0]?.verdict).toBe('no_measurable_change');
    expect(r.metrics[0]?.groups.map((g) => g.verdict)).toEqual(['regressed', 'improved']);
    expect(r.recommendation).toBe('investigate');
  });
});
