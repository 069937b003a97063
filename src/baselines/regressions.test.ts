import { describe, expect, it } from 'vitest';
import { planFrom } from '../../test/helpers/plan.js';
import { observeRule, regressionKey, type ObservationInput } from '../alerting/observe.js';
import type { MetricResult } from '../metrics/evaluate.js';
import type { AlertRule } from '../plan/alert-types.js';
import { parseCondition } from '../plan/alerting.js';
import type { GroupKey } from '../store/types.js';
import { parseAssignments, withValues, measuredBaseline } from './baseline.js';
import { compareWithBaselines, degradation, regressionsOf, type RegressionBaseline } from './regressions.js';
import { regressionBaselines, regressionInputs } from './service.js';
import type { Baseline } from './types.js';

const plan = planFrom(`
version: 1
product: { name: x }
events:
  gen: { ok: boolean, ms: number, backend: string }
metrics:
  success: { from: gen, ratio: { ok: true }, window: 1d, target: { green: ">= 80%" } }
  p95: { from: gen, quantile: { of: ms, q: 0.95 }, by: backend, window: 1d, target: { green: "< 500" } }
  total: { from: gen, count: true, window: 1d }
alerts:
  - { name: slow, when: "regression(p95, baseline: launch) > 20%" }
  - { name: failing, when: "regression(success, baseline: suite) > 10%" }
`);

function result(id: string, value: number | null, groups: [GroupKey, number | null][] = []): MetricResult {
  return {
    id, title: id, kind: 'mean', unit: '', window: '1d', value, status: 'unknown', reason: 'no_target', events: 1, target: null,
    groups: groups.map(([group, v]) => ({ group, value: v, status: 'unknown', events: 1, target: null })),
  };
}

const launch: Baseline = {
  name: 'launch',
  source: 'measured',
  range: { from: 0, to: 1 },
  takenAt: 1,
  values: {
    p95: { value: 400, events: 100, groups: [{ group: { backend: 'static' }, value: 100 }, { group: { backend: 'embedded' }, value: 1000 }] },
    success: { value: 0.9, events: 100, groups: [] },
    total: { value: 100, events: 100, groups: [] },
  },
};
const suite: Baseline = { name: 'suite', source: 'test suite', range: null, takenAt: 1, values: { success: { value: 0.948, events: null, groups: [] } } };

describe('degradation', () => {
  it('is positive when worse: up for lower-is-better, down for higher-is-better', () => {
    expect(degradation(600, 500, 'lower')).toBeCloseTo(0.2, 12);
    expect(degradation(400, 500, 'lower')).toBeCloseTo(-0.2, 12);
    expect(degradation(0.72, 0.9, 'higher')).toBeCloseTo(0.2, 12);
    expect(degradation(1, 0, 'lower')).toBeNull();
    expect(degradation(null, 5, 'lower')).toBeNull();
  });
});

describe('compareWithBaselines and regressionsOf', () => {
  const current = [result('success', 0.8), result('p95', 460, [[{ backend: 'static' }, 130], [{ backend: 'embedded' }, 1050]]), result('total', 10)];

  it('compares each metric with a direction, and each group the baseline has, worst first', () => {
    const all = compareWithBaselines(plan, current, [launch, suite]);
    expect(all.map((c) => [c.baseline, c.metric, c.group ?? null, Number(c.degradation.toFixed(4)), c.regressed])).toEqual([
      ['launch', 'p95', { backend: 'static' }, 0.3, true],
      ['suite', 'success', null, 0.1561, false],
      ['launch', 'p95', null, 0.15, false],
      ['launch', 'success', null, 0.1111, false],
      ['launch', 'p95', { backend: 'embedded' }, 0.05, false],
    ]);
  });

  it('lists only the regressions beyond the threshold (20 % by default)', () => {
    expect(regressionsOf(plan, current, [launch, suite]).map((c) => c.group)).toEqual([{ backend: 'static' }]);
    expect(regressionsOf(plan, current, [launch, suite], 0.1).length).toBe(4);
  });
});

describe('building baselines', () => {
  it('from measurements, keeping groups', () => {
    const p95 = plan.metrics[1];
    if (!p95) throw new Error('no metric');
    const b = measuredBaseline('launch', { from: 10, to: 20 }, [{ metric: p95, measurement: { value: 5, events: 3, groups: [{ group: { backend: 'a' }, value: 4, events: 2 }] } }], 30);
    expect(b).toEqual({ name: 'launch', source: 'measured', range: { from: 10, to: 20 }, takenAt: 30, values: { p95: { value: 5, events: 3, groups: [{ group: { backend: 'a' }, value: 4 }] } } });
  });

  it('by hand: values added to a hand-made baseline, replacing a measured one', () => {
    const first = withValues(undefined, 'suite', { success: 0.948 }, 'test suite', 5);
    const second = withValues(first, 'suite', { p95: 1800 }, 'test suite', 6);
    expect(second.values).toEqual({ success: { value: 0.948, events: null, groups: [] }, p95: { value: 1800, events: null, groups: [] } });
    expect(withValues(launch, 'launch', { p95: 1 }, 'manual', 7)).toMatchObject({ range: null, values: { p95: { value: 1 } } });
  });

  it('parses metric=value with percentages, naming what is wrong', () => {
    expect(parseAssignments(['success=94.8%', 'p95=1800'], plan.metrics)).toEqual({ kind: 'ok', values: { success: 0.948, p95: 1800 } });
    expect(parseAssignments(['nope=1'], plan.metrics)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^no metric "nope"/) });
    expect(parseAssignments(['success:94'], plan.metrics)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/is not metric=value/) });
    expect(parseAssignments([], plan.metrics).kind).toBe('invalid');
  });
});

describe('regression() in alert rules', () => {
  const rule = (when: string): AlertRule => {
    const parsed = parseCondition(when);
    if (parsed.kind === 'invalid') throw new Error(parsed.reason);
    return { name: 'r', levels: [{ severity: 'P2', condition: parsed.condition }], forMs: 0, keepFiringForMs: 0, labels: {}, noData: 'keep_last', onError: 'alerting' };
  };
  const input = (current: MetricResult[], baselines: Map<string, RegressionBaseline> | undefined): ObservationInput => ({
    current: new Map(current.map((r) => [r.id, r])),
    earlier: new Map(),
    counts: new Map(),
    grouped: new Set(['p95']),
    ...(baselines ? { baselines } : {}),
  });

  it('regressionInputs gives each rule its baseline value and direction', () => {
    const inputs = regressionInputs(plan, [launch, suite]);
    expect(inputs.get(regressionKey('p95', 'launch'))).toEqual({ better: 'lower', value: 400, groups: launch.values.p95?.groups });
    expect(inputs.get(regressionKey('success', 'suite'))).toEqual({ better: 'higher', value: 0.948, groups: [] });
    expect(regressionInputs(plan, []).size).toBe(0);
  });

  it('breaches per group against the group baseline', () => {
    const observed = observeRule(
      rule('regression(p95, baseline: launch) > 20%'),
      input([result('p95', 460, [[{ backend: 'static' }, 130], [{ backend: 'embedded' }, 1050]])], regressionInputs(plan, [launch])),
    );
    expect(observed).toEqual([
      { groupLabels: { backend: 'static' }, observation: { kind: 'value', value: expect.closeTo(0.3, 12), breached: 'P2' } },
      { groupLabels: { backend: 'embedded' }, observation: { kind: 'value', value: expect.closeTo(0.05, 12), breached: null } },
    ]);
  });

  it('compares every group with a hand-entered whole value, and a higher-is-better metric the other way', () => {
    const byHand = new Map([[regressionKey('p95', 'suite'), { better: 'lower' as const, value: 100, groups: [] }]]);
    const observed = observeRule(rule('regression(p95, baseline: suite) > 20%'), input([result('p95', 0, [[{ backend: 'a' }, 130], [{ backend: 'b' }, 90]])], byHand));
    expect(observed.map((o) => o.observation)).toEqual([
      { kind: 'value', value: expect.closeTo(0.3, 12), breached: 'P2' },
      { kind: 'value', value: expect.closeTo(-0.1, 12), breached: null },
    ]);
    const rate = observeRule(rule('regression(success, baseline: suite) > 10%'), input([result('success', 0.8)], regressionInputs(plan, [suite])));
    expect(rate[0]?.observation).toEqual({ kind: 'value', value: expect.closeTo((0.948 - 0.8) / 0.948, 12), breached: 'P2' });
  });

  it('gives the engine no baselines, and says why, when they cannot be read', async () => {
    const failing = { baselines: () => Promise.reject(new Error('disk on fire')) };
    const errors: unknown[] = [];
    const sources = { events: {} as never, baselines: { ...failing, putBaseline: () => Promise.resolve(), baseline: () => Promise.resolve(undefined) } };
    expect((await regressionBaselines(sources, plan, 0, (e) => errors.push(e))).size).toBe(0);
    expect(errors).toEqual([new Error('disk on fire')]);
  });

  it('sees no data while the baseline does not exist', () => {
    expect(observeRule(rule('regression(success, baseline: later) > 10%'), input([result('success', 0.5)], new Map()))).toEqual([{ groupLabels: {}, observation: { kind: 'nodata' } }]);
    expect(observeRule(rule('regression(success, baseline: later) > 10%'), input([result('success', 0.5)], undefined))[0]?.observation.kind).toBe('nodata');
  });
});
