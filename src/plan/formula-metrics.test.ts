import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { MetricSpec } from './types.js';

const head = `version: 1
product: { name: p }
events:
  gen: { ms: number, backend: string, platform: string }
metrics:
  users: { from: gen, distinct: user_id, window: 1d }
  monthly: { from: gen, distinct: user_id, window: 30d }
  lat: { from: gen, mean: ms, by: backend, window: 1h }
  calls: { from: gen, count: true, by: backend, window: 1h }
  by_platform: { from: gen, count: true, by: platform, window: 1h }
`;

function load(metrics: string): { metrics: MetricSpec[] } | { errors: string[] } {
  const result = loadPlanText(head + metrics, 'plan.yaml', {});
  return result.kind === 'ok' ? { metrics: [...result.plan.metrics] } : { errors: result.errors.map(formatPlanError) };
}

function metric(metrics: string, id: string): MetricSpec | undefined {
  const loaded = load(metrics);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  return loaded.metrics.find((m) => m.id === id);
}

const errors = (metrics: string): string[] => {
  const loaded = load(metrics);
  return 'errors' in loaded ? loaded.errors : [];
};

describe('formula metrics in the plan', () => {
  it('reads the metrics it names; takes the groups of its grouped metrics and the longest window; keeps plan order', () => {
    const loaded = load('  stickiness: { formula: "users / monthly", target: { green: ">= 20%" } }\n  per_call: { formula: "lat / calls * 2" }\n');
    if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
    expect(loaded.metrics.map((m) => m.id)).toEqual(['users', 'monthly', 'lat', 'calls', 'by_platform', 'stickiness', 'per_call']);
    expect(loaded.metrics[5]).toMatchObject({ from: '', by: [], windowMs: 30 * 86_400_000, unit: 'percent', measure: { kind: 'formula', operands: ['users', 'monthly'] } });
    expect(loaded.metrics[6]).toMatchObject({ by: ['backend'], windowMs: 3_600_000, unit: '', measure: { operands: ['lat', 'calls'] } });
  });

  it('may read another formula, declared later, and a metric without groups stands for every group', () => {
    expect(metric('  a: { formula: "b + 1" }\n  b: { formula: "lat / users" }\n', 'a')).toMatchObject({ by: ['backend'], windowMs: 86_400_000 });
  });

  it('refuses a cycle through formulas at file:line:col of the name that closes it, naming the cycle', () => {
    expect(errors('  a: { formula: "b + 1" }\n  b: { formula: "2 * a" }\n')).toEqual(['plan.yaml:11:18: metrics.a.formula: a formula may not refer to itself: a → b → a']);
    expect(errors('  self: { formula: "users + self" }\n')).toEqual(['plan.yaml:11:29: metrics.self.formula: a formula may not refer to itself: self → self']);
  });

  it('refuses an unknown metric name and a syntax error at the column in the formula', () => {
    expect(errors('  x: { formula: "users / nobody" }\n')).toEqual([
      'plan.yaml:11:26: metrics.x.formula: no metric "nobody" in the plan (metrics: users, monthly, lat, calls, by_platform, x)',
    ]);
    expect(errors("  x: { formula: 'users / (monthly' }\n")).toEqual(['plan.yaml:11:34: metrics.x.formula: expected ")" to close the "(" at column 9, found the end']);
    expect(errors('  x:\n    formula: users ** 2\n')).toEqual(['plan.yaml:12:21: metrics.x.formula: expected a number, a name or "(", found "*"']);
  });

  it('refuses metrics grouped differently, a window, an event key, and group targets on fields it is not grouped by', () => {
    expect(errors('  x: { formula: "lat / by_platform" }\n')).toEqual([
      'plan.yaml:11:24: metrics.x.formula: a formula\'s groups are computed group by group when its metrics have the same by: "lat" is by backend but "by_platform" is by platform',
    ]);
    expect(errors('  x: { formula: "users / monthly", window: 1d, from: gen }\n')).toEqual([
      'plan.yaml:11:36: metrics.x.window: a formula is computed from its metrics, each over its own window; it takes no window',
      "plan.yaml:11:48: metrics.x.from: a formula is computed from other metrics' values; it takes no from",
    ]);
    expect(errors('  x: { formula: "users / monthly", targets: [{ group: { backend: a }, green: "> 1" }] }\n')).toEqual([
      'plan.yaml:11:57: metrics.x.targets.0.group.backend: this formula has no groups; per-group targets need metrics with by',
    ]);
  });
});
