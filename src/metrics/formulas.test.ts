import { describe, expect, it } from 'vitest';
import { metric, planFrom } from '../../test/helpers/plan.js';
import type { Measurement, Series } from '../store/types.js';
import { combineMeasurements, combineSeries, isFormula, operandRange, type FormulaMetric } from './formulas.js';

const plan = planFrom(`
version: 1
product: { name: p }
events:
  gen: { ms: number, backend: string, success: boolean }
metrics:
  errors: { from: gen, count: true, where: { success: false }, by: backend, window: 1h }
  calls: { from: gen, count: true, by: backend, window: 1h }
  lat: { from: gen, mean: ms, by: backend, window: 1h }
  users: { from: gen, distinct: user_id, window: 1d }
  monthly: { from: gen, distinct: user_id, window: 30d }
  error_rate: { formula: "errors / calls" }
  lat_per_user: { formula: "lat / users" }
  stickiness: { formula: "users / monthly" }
`);

function formula(id: string): FormulaMetric {
  const m = metric(plan, id);
  if (!isFormula(m)) throw new Error(`${id} is not a formula`);
  return m;
}

const operands = <T>(entries: Record<string, T>) => new Map(Object.entries(entries).map(([id, measured]) => [id, { metric: metric(plan, id), measured }]));

describe('formula measurements', () => {
  it('computes the whole from the wholes and each group from the same group; a count missing a group is 0 there', () => {
    const errors: Measurement = { value: 3, events: 3, groups: [{ group: { backend: 'a' }, value: 3, events: 3 }] };
    const calls: Measurement = { value: 12, events: 12, groups: [{ group: { backend: 'a' }, value: 4, events: 4 }, { group: { backend: 'b' }, value: 8, events: 8 }] };
    expect(combineMeasurements(formula('error_rate'), operands({ errors, calls }))).toEqual({
      value: 0.25,
      events: 15,
      groups: [
        { group: { backend: 'a' }, value: 0.75, events: 7 },
        { group: { backend: 'b' }, value: 0, events: 8 },
      ],
    });
  });

  it('gives no value for a division by zero, and a mean missing a group has no value there', () => {
    const errors: Measurement = { value: 0, events: 0, groups: [] };
    const calls: Measurement = { value: 0, events: 0, groups: [{ group: { backend: 'a' }, value: 0, events: 0 }] };
    expect(combineMeasurements(formula('error_rate'), operands({ errors, calls }))).toMatchObject({ value: null, groups: [{ group: { backend: 'a' }, value: null }] });
    const lat: Measurement = { value: 100, events: 2, groups: [{ group: { backend: 'a' }, value: 100, events: 2 }] };
    const users: Measurement = { value: 4, events: 2, groups: [] };
    expect(combineMeasurements(formula('lat_per_user'), operands({ lat, users })).groups).toEqual([{ group: { backend: 'a' }, value: 25, events: 2 }]);
  });

  it('combines series bucket by bucket, a metric without groups standing for every group', () => {
    const lat: Series = { points: [{ t: 0, value: 100 }, { t: 10, value: null }], groups: [{ group: { backend: 'a' }, points: [{ t: 0, value: 50 }, { t: 10, value: 80 }] }] };
    const users: Series = { points: [{ t: 0, value: 10 }, { t: 10, value: 0 }], groups: [] };
    expect(combineSeries(formula('lat_per_user'), operands({ lat, users }))).toEqual({
      points: [{ t: 0, value: 10 }, { t: 10, value: null }],
      groups: [{ group: { backend: 'a' }, points: [{ t: 0, value: 5 }, { t: 10, value: null }] }],
    });
  });

  it("measures each metric over its own window at a moment, and over the range itself otherwise", () => {
    const stickiness = formula('stickiness');
    expect(stickiness.windowMs).toBe(30 * 86_400_000);
    const now = 100 * 86_400_000;
    expect(operandRange(stickiness, metric(plan, 'users'), { from: now - stickiness.windowMs, to: now })).toEqual({ from: now - 86_400_000, to: now });
    expect(operandRange(stickiness, metric(plan, 'users'), { from: now - 3_600_000, to: now })).toEqual({ from: now - 3_600_000, to: now });
  });
});
