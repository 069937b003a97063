import { describe, expect, it } from 'vitest';
import { planFrom } from '../../../test/helpers/plan.js';
import type { MetricResult } from '../../metrics/evaluate.js';
import type { AlertCondition } from '../../plan/alert-types.js';
import { CONDITION_SYNTAX, conditionMetric, conditionSubject, parseCondition } from '../../plan/conditions.js';
import { absentKey } from './absent.js';
import { anomalyKey, WEEK_MS } from './anomaly.js';
import { changeKey } from './change.js';
import { groupText } from './groups.js';
import { regressionKey } from './regression.js';
import { CONDITIONS, conditionKind } from './registry.js';
import type { ObservationInput } from './types.js';

type Kind = AlertCondition['kind'];

/** One condition of every kind, as the plan writes it: the compiler asks for a new kind's example here. */
const EXAMPLES: Record<Kind, string> = {
  threshold: 'lat > 100',
  change: 'change(lat, 1d) < -20%',
  regression: 'regression(lat, baseline: launch) > 20%',
  absent: 'absent(gen, 30m)',
  target: 'lat > target * 1.2',
  phase: 'phase(launch)',
  anomaly: 'anomaly(lat, 28d) < -3',
  and: 'lat > 100 and phase(launch)',
  or: 'lat > 100 or absent(gen, 30m)',
  not: 'not lat > 100',
  slo_burn: 'slo_burn(gen_ok, page)',
};

const KINDS = Object.keys(EXAMPLES) as Kind[];

function parsed(kind: Kind): AlertCondition {
  const result = parseCondition(EXAMPLES[kind]);
  if (result.kind === 'invalid') throw new Error(result.reason);
  return result.condition;
}

const plan = planFrom(`
version: 1
product: { name: x }
events:
  gen: { ms: number, backend: string }
metrics:
  lat: { from: gen, quantile: { of: ms, q: 0.95 }, by: backend, window: 1h, target: { green: "< 500" } }
alerts:
  - { name: slow, when: "lat > 100" }
phases:
  launch: { all: ["lat < 500"] }
slos:
  gen_ok: { objective: 99%, window: 30d, sli: { events: gen, good: { ms: { lt: 500 } } } }
`);

function result(id: string, value: number | null, groups: [Record<string, string>, number | null][] = []): MetricResult {
  return {
    id, title: id, kind: 'quantile', unit: 'ms', window: '1h', value, status: 'unknown', reason: 'no_target', events: 1, target: { green: '< 500' },
    groups: groups.map(([group, v]) => ({ group, value: v, status: 'unknown', events: 1, target: null })),
  };
}

describe('the condition registry', () => {
  it('has an entry for every kind of AlertCondition, on the plan side and the engine side, each under its own kind', () => {
    expect(Object.keys(CONDITIONS).sort()).toEqual([...KINDS].sort());
    expect(Object.keys(CONDITION_SYNTAX).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      expect(CONDITIONS[kind].kind).toBe(kind);
      expect(CONDITION_SYNTAX[kind].kind).toBe(kind);
      const condition = parsed(kind);
      expect(condition.kind).toBe(kind);
      expect(conditionKind(condition)).toBe(CONDITIONS[kind]);
    }
  });

  it('says what gather reads for each kind: nothing beyond the evaluation, the metric one period earlier, the baselines, an event count', () => {
    const needs = Object.fromEntries(KINDS.map((kind) => {
      const condition = parsed(kind);
      return [kind, conditionKind(condition).needs(condition)];
    }));
    expect(needs).toEqual({
      threshold: [],
      change: [{ kind: 'earlier', key: changeKey('lat', 86_400_000), metric: 'lat', offsetMs: 86_400_000 }],
      regression: [{ kind: 'baselines' }],
      absent: [{ kind: 'count', key: absentKey('gen', 1_800_000), event: 'gen', windowMs: 1_800_000 }],
      target: [],
      phase: [{ kind: 'phases' }],
      anomaly: [{ kind: 'hourly', key: anomalyKey('lat', 28 * 86_400_000), metric: 'lat', historyMs: 28 * 86_400_000 }],
      and: [{ kind: 'phases' }],
      or: [{ kind: 'count', key: absentKey('gen', 1_800_000), event: 'gen', windowMs: 1_800_000 }],
      not: [],
      slo_burn: [{ kind: 'slos' }],
    });
  });

  it("watches the metric's event type, the counted event or the SLI's; names the metric, the event or the SLO", () => {
    const subject: Partial<Record<Kind, string>> = { absent: 'gen', slo_burn: 'gen_ok' };
    for (const kind of KINDS) {
      const condition = parsed(kind);
      expect(conditionKind(condition).watches(condition, plan)).toEqual(kind === 'phase' ? [] : ['gen']);
      expect(conditionSubject(condition)).toBe(kind === 'phase' ? 'launch' : (subject[kind] ?? 'lat'));
      expect(conditionMetric(condition)).toBe(kind === 'phase' || subject[kind] !== undefined ? undefined : 'lat');
    }
  });

  it("watches every step's event type of a funnel and the types a formula's operands read, so their commits tick the rules", () => {
    const richer = planFrom(`
version: 1
product: { name: x }
events:
  signup: { plan: string }
  payment: { success: boolean }
metrics:
  signups: { from: signup, count: true, window: 1d }
  to_paid:
    funnel: { steps: [{ event: signup }, { event: payment, where: { success: true } }], within: 1d }
    window: 7d
  paid_per_signup: { formula: "to_paid / signups" }
`);
    for (const metric of ['to_paid', 'paid_per_signup']) {
      for (const text of [`${metric} < 0.5`, `change(${metric}, 1d) < -20%`, `anomaly(${metric}, 28d) < -3`, `not ${metric} > 1`]) {
        const result = parseCondition(text);
        if (result.kind === 'invalid') throw new Error(result.reason);
        expect([...conditionKind(result.condition).watches(result.condition, richer)].sort()).toEqual(['payment', 'signup']);
      }
    }
  });

  it('gives a value per group from what was gathered, or missing when it was not', () => {
    const input: ObservationInput = {
      current: new Map([['lat', result('lat', 300, [[{ backend: 'a' }, 200], [{ backend: 'b' }, 600]])]]),
      earlier: new Map([[changeKey('lat', 86_400_000), result('lat', 250, [[{ backend: 'a' }, 400], [{ backend: 'b' }, 0]])]]),
      counts: new Map([[absentKey('gen', 1_800_000), 0]]),
      grouped: new Set(['lat']),
      baselines: new Map([[regressionKey('lat', 'launch'), { better: 'lower', value: 300, groups: [{ group: { backend: 'a' }, value: 100 }] }]]),
      phases: new Map([['launch', true]]),
      hourly: new Map([[anomalyKey('lat', 28 * 86_400_000), { last: 4 * WEEK_MS, series: { points: [], groups: [
        // backend a: 100, 110, 90, 120 in the four weeks before, 70 now: median 105, MAD 10, z = -35 / 14.826.
        { group: { backend: 'a' }, points: [0, 1, 2, 3, 4].map((k) => ({ t: k * WEEK_MS, value: [120, 90, 110, 100, 70][k] ?? null })) },
        { group: { backend: 'b' }, points: [{ t: 4 * WEEK_MS, value: 5 }] },
      ] } }]]),
    };
    const values = (kind: Kind, on: ObservationInput): unknown => {
      const condition = parsed(kind);
      const got = conditionKind(condition).values(condition, on);
      return got === 'missing' ? got : Object.fromEntries([...got].map(([key, entry]) => [key, entry.value]));
    };
    const a = groupText({ backend: 'a' });
    const b = groupText({ backend: 'b' });
    expect(values('threshold', input)).toEqual({ [a]: 200, [b]: 600 });
    expect(values('change', input)).toEqual({ [a]: -0.5, [b]: null });
    expect(values('regression', input)).toEqual({ [a]: 1, [b]: null });
    expect(values('absent', input)).toEqual({ [groupText({})]: 0 });
    expect(values('target', input)).toEqual({ [a]: 200, [b]: 600 });
    expect(values('phase', input)).toEqual({ [groupText({})]: 1 });
    expect(values('anomaly', input)).toEqual({ [a]: -35 / (1.4826 * 10), [b]: null });
    for (const kind of ['and', 'or', 'not'] as const) expect(values(kind, input)).toEqual({ [a]: 200, [b]: 600 });
    const nothing: ObservationInput = { current: new Map(), earlier: new Map(), counts: new Map(), grouped: new Set() };
    for (const kind of KINDS) expect(values(kind, nothing)).toBe('missing');
  });

  it('holds by its comparison; absent() at a count of zero', () => {
    const holds = (text: string, value: number): boolean => {
      const result = parseCondition(text);
      if (result.kind === 'invalid') throw new Error(result.reason);
      return conditionKind(result.condition).holds(result.condition, value);
    };
    expect([holds('lat > 100', 101), holds('lat > 100', 100), holds('lat == 0', 0), holds('lat != 0', 0)]).toEqual([true, false, true, false]);
    expect([holds('change(lat, 1d) < -20%', -0.3), holds('change(lat, 1d) < -20%', -0.1)]).toEqual([true, false]);
    expect([holds('regression(lat, baseline: launch) >= 20%', 0.2), holds('regression(lat, baseline: launch) >= 20%', 0.1)]).toEqual([true, false]);
    expect([holds('absent(gen, 30m)', 0), holds('absent(gen, 30m)', 1)]).toEqual([true, false]);
  });

  it("writes {{ value }} in the metric's unit for a threshold, as a percentage for a change or a regression, as a count for absent()", () => {
    const units = Object.fromEntries(KINDS.map((kind) => {
      const condition = parsed(kind);
      return [kind, conditionKind(condition).unit(condition, () => 'ms')];
    }));
    expect(units).toEqual({ threshold: 'ms', change: 'percent', regression: 'percent', absent: 'count', target: 'ms', phase: '', anomaly: '', and: 'ms', or: 'ms', not: 'ms', slo_burn: '' });
  });

  it('says per group whether a bound from the target or a combination holds, in three-valued logic', () => {
    const current = result('lat', 300, [[{ backend: 'a' }, 550], [{ backend: 'b' }, 650], [{ backend: 'c' }, null]]);
    // backend a has its own target, < 600: 550 is under 600 * 1.2; b against the metric's < 500: 650 is over 500 * 1.2.
    const groups = current.groups.map((g) => (g.group.backend === 'a' ? { ...g, target: { green: '< 600' } } : g));
    const on = (phase: boolean): ObservationInput => ({
      current: new Map([['lat', { ...current, groups }]]), earlier: new Map(), counts: new Map([[absentKey('gen', 1_800_000), 3]]), grouped: new Set(['lat']), phases: new Map([['launch', phase]]),
    });
    const holding = (text: string, input: ObservationInput): unknown => {
      const parsedText = parseCondition(text);
      if (parsedText.kind === 'invalid') throw new Error(parsedText.reason);
      const got = conditionKind(parsedText.condition).values(parsedText.condition, input);
      return got === 'missing' ? got : Object.fromEntries([...got].map(([, e]) => [String(e.group.backend), e.value === null ? null : e.holds]));
    };
    expect(holding('lat > target * 1.2', on(true))).toEqual({ a: false, b: true, c: null });
    expect(holding('lat > target * 1.2 and phase(launch)', on(true))).toEqual({ a: false, b: true, c: null });
    expect(holding('lat > target * 1.2 and phase(launch)', on(false))).toEqual({ a: false, b: false, c: false });
    expect(holding('lat > target * 1.2 or phase(launch)', on(true))).toEqual({ a: true, b: true, c: true });
    expect(holding('not (lat > target * 1.2) or absent(gen, 30m)', on(true))).toEqual({ a: true, b: false, c: null });
  });
});
