import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { Criterion } from '../plan/criteria-types.js';
import { compare } from '../plan/criterion.js';
import type { Plan } from '../plan/types.js';
import { criteriaReport, type Measured } from './evaluate.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function plan(extra: string): Plan {
  const text = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', 'metrics:', '  rate: { from: gen, ratio: { success: true }, window: 24h }', '  opt_out: { from: gen, ratio: { success: false }, window: 7d }', extra].join('\n');
  const result = loadPlanText(text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

/** Readings from a table: subject@window → [now, window]. */
function readings(table: Record<string, [number | null, number | null]>) {
  return (c: Criterion, windowMs: number): Measured => {
    const s = c.subject;
    const subject = s.kind === 'metric' ? s.metric : s.kind === 'change' ? `change(${s.metric},${s.baseline})` : s.kind === 'slo' ? `${s.figure}(${s.slo})` : `incidents(${s.severities.join(',')})`;
    const [now, window] = table[`${subject}@${windowMs / 86_400_000}d`] ?? [null, null];
    return { now, window };
  };
}

const P = plan(
  [
    'success_criteria:',
    '  window: 21d',
    '  must: [ "rate >= 75%", "incidents(SEV1) == 0" ]',
    '  should: [ "rate >= 80%", "opt_out < 30%" ]',
    '  nice: [ "rate >= 90%" ]',
    'phases:',
    '  phase8:',
    '    title: Phase 8',
    '    all: [ "incidents(SEV1) == 0 over 30d" ]',
    '    any: [ "rate >= 95%", "opt_out < 5%" ]',
  ].join('\n'),
);

describe('criteriaReport', () => {
  it('says GO when every must holds now and over the window, counting should and nice', () => {
    const report = criteriaReport(P, readings({ 'rate@21d': [0.82, 0.78], 'incidents(SEV1)@21d': [0, 0], 'opt_out@21d': [0.1, 0.12], 'incidents(SEV1)@30d': [0, 0] }), NOW);
    expect(report.decision).toBe('GO');
    expect(report.blocking).toEqual([]);
    expect(report.window).toBe('21d');
    expect(report.levels.map((l) => [l.level, l.met, l.total])).toEqual([
      ['must', 2, 2],
      // rate >= 80% holds now (82 %) but not over the window (78 %): not met.
      ['should', 1, 2],
      ['nice', 0, 1],
    ]);
    expect(report.levels[0]?.criteria[0]).toEqual({
      text: 'rate >= 75%',
      now: { value: 0.82, holds: true },
      window: { value: 0.78, holds: true, from: '2026-11-04T12:00:00.000Z', to: '2026-11-25T12:00:00.000Z' },
      verdict: 'met',
    });
  });

  it('says NO_GO and lists what blocks: not met now, over the window, or no data', () => {
    const report = criteriaReport(P, readings({ 'rate@21d': [0.7, 0.8], 'incidents(SEV1)@21d': [0, 1] }), NOW);
    expect(report.decision).toBe('NO_GO');
    expect(report.blocking).toEqual(['rate >= 75%: not met now', 'incidents(SEV1) == 0: not met over the window']);
    const nodata = criteriaReport(P, readings({ 'incidents(SEV1)@21d': [0, 0] }), NOW);
    expect(nodata.blocking).toEqual(['rate >= 75%: no data now']);
  });

  it('completes a phase when all its criteria and one of its any criteria are met', () => {
    const base = { 'incidents(SEV1)@30d': [0, 0] as [number, number] };
    const open = criteriaReport(P, readings({ ...base, 'rate@7d': [0.9, 0.9], 'opt_out@7d': [0.1, 0.1] }), NOW).phases[0];
    expect(open).toMatchObject({ id: 'phase8', title: 'Phase 8', complete: false, blocking: ['none of: rate >= 95%; opt_out < 5%'] });
    const done = criteriaReport(P, readings({ ...base, 'rate@7d': [0.9, 0.9], 'opt_out@7d': [0.03, 0.04] }), NOW).phases[0];
    expect(done).toMatchObject({ complete: true, blocking: [] });
    const incident = criteriaReport(P, readings({ 'incidents(SEV1)@30d': [0, 1], 'opt_out@7d': [0.03, 0.04] }), NOW).phases[0];
    expect(incident?.blocking).toEqual(['incidents(SEV1) == 0 over 30d: not met over the window']);
  });

  it('has no decision without success criteria', () => {
    expect(criteriaReport(plan(''), readings({}), NOW)).toMatchObject({ decision: null, blocking: [], levels: [], phases: [] });
  });
});

describe('compare', () => {
  it('treats percentages read from text as equal to the same fraction', () => {
    expect(compare(0.75, '>=', 0.75)).toBe(true);
    expect(compare(0.1 + 0.2, '==', 0.3)).toBe(true);
    expect(compare(0.3, '<', 0.1 + 0.2)).toBe(false);
    expect(compare(0.29, '<', 0.3)).toBe(true);
    expect(compare(1, '!=', 0)).toBe(true);
  });
});
