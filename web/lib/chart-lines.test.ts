import { describe, expect, it } from 'vitest';
import type { MetricResult } from '../../src/metrics/result.js';
import type { Series } from '../data/metrics.js';
import { chartKey, chartLines, targetDrawing } from './chart-lines.js';

const points = [{ t: 0, value: 0.9 }];
const series: Series = { id: 'rate', from: '', to: '', step_ms: 60_000, points, groups: [{ group: { os: 'linux' }, points }, { group: { os: 'macos' }, points }] };

function metric(fields: Partial<MetricResult>): MetricResult {
  return { id: 'rate', title: 'Install rate', kind: 'ratio', unit: 'percent', window: '1d', value: 0.9, status: 'green', reason: 'meets_green', events: 1, target: null, groups: [], ...fields };
}

describe('chartLines', () => {
  it("gives each group line its own target, else the metric's", () => {
    const lines = chartLines(series, metric({
      target: { green: '>= 90%' },
      groups: [{ group: { os: 'macos' }, value: 0.9, status: 'green', events: 1, target: { green: '>= 95%' } }],
    }));
    expect(lines.map((l) => [l.label, l.target])).toEqual([['Install rate', '>= 90%'], ['linux', '>= 90%'], ['macos', '>= 95%']]);
    expect(targetDrawing(lines)).toEqual({ kind: 'per_line' });
  });
  it('draws one band when every line shares the target, none without one', () => {
    const shared = chartLines(series, metric({ target: { green: '>= 90%' } }), false);
    expect(shared.map((l) => l.label)).toEqual(['linux', 'macos']);
    expect(targetDrawing(shared)).toMatchObject({ kind: 'band', target: '>= 90%' });
    expect(targetDrawing(chartLines(series, metric({})))).toEqual({ kind: 'none' });
  });
});

describe('chartKey', () => {
  const macos = { group: { os: 'macos' }, value: 0.9, status: 'green' as const, events: 1, target: { green: '>= 95%' } };
  it("stays the same for a new copy of the metric whose values changed but not what its lines read", () => {
    const before = metric({ target: { green: '>= 90%' }, groups: [macos] });
    const after = metric({ value: 0.5, status: 'red', events: 9, target: { green: '>= 90%' }, groups: [{ ...macos, value: 0.4, events: 7 }] });
    expect(chartKey(after)).toBe(chartKey(before));
  });
  it("changes with the title, the metric's target or a group's target", () => {
    const base = chartKey(metric({ target: { green: '>= 90%' }, groups: [macos] }));
    expect(chartKey(metric({ title: 'Installs', target: { green: '>= 90%' }, groups: [macos] }))).not.toBe(base);
    expect(chartKey(metric({ target: { green: '>= 80%' }, groups: [macos] }))).not.toBe(base);
    expect(chartKey(metric({ target: { green: '>= 90%' }, groups: [{ ...macos, target: { green: '>= 99%' } }] }))).not.toBe(base);
  });
});
