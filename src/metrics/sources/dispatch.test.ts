import { describe, expect, it } from 'vitest';
import { metric, planFrom } from '../../../test/helpers/plan.js';
import type { MetricSpec } from '../../plan/types.js';
import type { Measurement, Series, TimeRange } from '../../store/types.js';
import { formulaFigures } from '../formulas.js';
import { dispatch } from './dispatch.js';
import type { FigureSource, FigureSources, Measurer } from './source.js';

const plan = planFrom(`
version: 1
product: { name: p }
events:
  req: { ms: number }
sources:
  github: { repo: acme/app, token: t }
  prometheus: { url: "http://127.0.0.1:9" }
metrics:
  calls: { from: req, count: true, window: 1h }
  declared: { incidents: { figure: declared }, window: 1h }
  open_issues: { github: { state: open } }
  cpu: { prometheus: 'sum(cpu)' }
  per_call: { formula: "declared / calls" }
  twice: { formula: "per_call * 2" }
`);

/** A Measurer answering a fixed value per metric, recording what it was asked. */
function fixed(name: string, values: Record<string, number>, asked: string[]): Measurer {
  const one = (m: MetricSpec): Measurement => ({ value: values[m.id] ?? null, events: 1, groups: [] });
  return {
    measure: (m: MetricSpec) => {
      asked.push(`${name}:${m.id}`);
      return Promise.resolve(one(m));
    },
    series: (m: MetricSpec, range: TimeRange): Promise<Series> => {
      asked.push(`${name}:${m.id}`);
      return Promise.resolve({ points: [{ t: range.from, value: values[m.id] ?? null }], groups: [] });
    },
  };
}

function source<N extends 'incidents' | 'github' | 'prometheus'>(name: N, values: Record<string, number>, asked: string[]): FigureSource<N> {
  const answer = fixed(name, values, asked);
  return { measure: (_q, m, range) => answer.measure(m, range), series: (_q, m, range, step) => answer.series(m, range, step) };
}

const range = { from: 0, to: 3_600_000 };

function setUp(): { asked: string[]; measurer: Measurer } {
  const asked: string[] = [];
  const sources: FigureSources = {
    incidents: source('incidents', { declared: 3 }, asked),
    github: source('github', { open_issues: 7 }, asked),
    prometheus: source('prometheus', { cpu: 0.5 }, asked),
    formula: formulaFigures(() => plan),
  };
  return { asked, measurer: dispatch(fixed('events', { calls: 12 }, asked), sources) };
}

describe('dispatching a compiled query', () => {
  it('sends event metrics to the event store and each figure to the source of its name', async () => {
    const { asked, measurer } = setUp();
    const values = await Promise.all(['calls', 'declared', 'open_issues', 'cpu'].map(async (id) => (await measurer.measure(metric(plan, id), range)).value));
    expect(values).toEqual([12, 3, 7, 0.5]);
    expect(asked).toEqual(['events:calls', 'incidents:declared', 'github:open_issues', 'prometheus:cpu']);
  });

  it('computes a formula from its operands, each measured through the dispatch (a formula of a formula included)', async () => {
    const { asked, measurer } = setUp();
    expect((await measurer.measure(metric(plan, 'twice'), range)).value).toBeCloseTo((3 / 12) * 2);
    expect(asked.sort()).toEqual(['events:calls', 'incidents:declared']);
    const series = await measurer.series(metric(plan, 'per_call'), range, 3_600_000);
    expect(series.points).toEqual([{ t: 0, value: 3 / 12 }]);
  });
});
