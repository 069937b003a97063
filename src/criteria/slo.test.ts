import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { MetricSpec } from '../plan/metric-types.js';
import type { Plan } from '../plan/types.js';
import type { Series, TimeRange } from '../store/types.js';
import { criteriaReport } from './evaluate.js';
import { measureSlo, sloFigure } from './slo.js';

const M = 60_000;
const D = 1_440 * M;
const NOW = Date.parse('2026-12-07T12:00:30Z');

function plan(): Plan {
  const text = [
    'version: 1',
    'product: { name: shop }',
    'events:',
    '  api_request: { status: number }',
    'slos:',
    '  avail: { objective: 99%, window: 30d, sli: { events: api_request, good: { status: { lt: 500 } } } }',
    'success_criteria:',
    '  window: 7d',
    '  must: [ "slo(avail) met", "budget(avail) >= 50%" ]',
  ].join('\n');
  const result = loadPlanText(text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

/** An event store holding [minutes before now, good, total] counts; answers the SLO's good and total count series. */
function store(rows: [number, number, number][]) {
  return {
    series: (metric: MetricSpec, range: TimeRange, step: number): Promise<Series> => {
      const good = metric.id.endsWith(':good');
      const points = rows
        .map(([ago, g, total]) => ({ t: Math.floor(NOW / M) * M - ago * M, value: good ? g : total }))
        .filter((p) => p.t >= range.from && p.t < range.to && step === M);
      return Promise.resolve({ points, groups: [] });
    },
  };
}

const incidents = { incidents: () => Promise.resolve([]) };

describe('criteria naming an SLO, measured', () => {
  it('reads the SLI and the remaining budget over the SLO window now and over the evaluation window', async () => {
    const p = plan();
    const must = p.criteria.success?.must ?? [];
    // 20 days ago: 10 000 events, 100 bad (a whole 30-day budget of 1 % for them); in the last week 10 000 events, 20 bad.
    const events = store([[20 * 1_440, 9_900, 10_000], [60, 9_980, 10_000]]);
    const [met, budget] = must;
    if (!met || !budget || met.subject.kind !== 'slo' || budget.subject.kind !== 'slo') throw new Error('the plan has its two criteria');
    const sli = await measureSlo(p, { events, incidents }, met.subject, 7 * D, NOW);
    // 30 d: 19 880 good of 20 000 = 99.4 %; 7 d: 99.8 %.
    expect(sli).toEqual({ now: 0.994, window: 0.998, unit: 'percent' });
    const left = await measureSlo(p, { events, incidents }, budget.subject, 7 * D, NOW);
    // 30 d: 200 allowed, 120 spent: 40 % left; 7 d: 100 allowed, 20 spent: 80 % left.
    expect(left).toEqual({ now: 0.4, window: 0.8, unit: 'percent' });
    const report = criteriaReport(p, (c) => (c === met ? sli : left), NOW);
    // 99.4 % and 99.8 % meet 99 %; 40 % of the budget left now does not reach 50 %.
    expect(report.levels[0]?.criteria.map((c) => [c.text, c.verdict, c.unit])).toEqual([
      ['slo(avail) met', 'met', 'percent'],
      ['budget(avail) >= 50%', 'not_met', 'percent'],
    ]);
    expect(report.decision).toBe('NO_GO');
    expect(report.blocking).toEqual(['budget(avail) >= 50%: not met now']);
  });

  it('has no value without events', async () => {
    const p = plan();
    const met = p.criteria.success?.must[0];
    if (met?.subject.kind !== 'slo') throw new Error('slo criterion');
    expect(await measureSlo(p, { events: store([]), incidents }, met.subject, 7 * D, NOW)).toEqual({ now: null, window: null, unit: 'percent' });
    expect(sloFigure({ kind: 'slo', slo: 'avail', figure: 'budget' }, { good: 0, total: 0 }, 0.99)).toBeNull();
  });
});
