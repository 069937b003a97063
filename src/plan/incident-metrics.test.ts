/** Incident figures as plan metrics: the `incidents:` key of a metric, its defaults and its errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-5; the metrics that follow start on line 6. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', 'metrics:', ''].join('\n');

function load(text: string): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

describe('incident metrics in the plan', () => {
  it('reads a figure with its severities, window, duration targets and a default unit', () => {
    const plan = load(
      [
        '  mtta_sev1: { incidents: { figure: mtta, severity: SEV1 }, window: 30d, target: { green: "<= 5m", yellow: "<= 15m" } }',
        '  open_incidents: { incidents: { figure: open, severity: [SEV1, SEV2] }, by: severity, window: 5m, targets: [ { group: { severity: SEV1 }, green: "< 1" } ] }',
        '  response: { title: Response target kept, incidents: { figure: response_compliance }, window: 90d, target: { green: ">= 95%" } }',
        '  ok: { from: gen, ratio: { success: true }, window: 1h }',
        'alerts:',
        '  - { name: slow_response, when: "mtta_sev1 > 15m", severity: P2 }',
        '',
      ].join('\n'),
    );
    const [mtta, open, response, ok] = plan.metrics;
    expect(mtta).toMatchObject({ id: 'mtta_sev1', from: '', measure: { kind: 'incidents', figure: 'mtta', severities: ['SEV1'] }, by: [], windowMs: 30 * 86_400_000, unit: 'ms' });
    expect(mtta?.target?.green).toMatchObject({ op: '<=', value: 300_000 });
    expect(mtta?.target?.yellow).toMatchObject({ op: '<=', value: 900_000 });
    expect(open).toMatchObject({ measure: { figure: 'open', severities: ['SEV1', 'SEV2'] }, by: ['severity'], unit: 'count', targets: [{ group: { severity: 'SEV1' } }] });
    expect(response).toMatchObject({ title: 'Response target kept', measure: { severities: [] }, unit: 'percent' });
    expect(ok?.measure.kind).toBe('ratio');
    expect(plan.alerts[0]?.levels[0]?.condition).toMatchObject({ metric: 'mtta_sev1', value: 900_000 });
  });

  it('reports a figure, severity, event key, grouping or group target it cannot take, at its place', () => {
    expect(
      errors(
        [
          '  a: { incidents: { figure: mttx }, window: 30d }',
          '  b: { incidents: { figure: mtta, severity: SEV9 }, window: 30d }',
          '  c: { incidents: { figure: mtta }, where: { success: true }, window: 30d }',
          '  d: { incidents: { figure: open }, by: title, window: 1h }',
          '  e: { incidents: { figure: open }, window: 1h, targets: [ { group: { severity: SEV1 }, green: "< 1" } ] }',
          '  f: { incidents: { figure: open }, by: severity, window: 0s, targets: [ { group: { severity: SEV7 }, green: "< 1" } ] }',
          '  g: { window: 1h, count: true }',
          '  h: { incidents: { figure: mtta, colour: red }, window: 1d }',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      'plan.yaml:6:29: metrics.a.incidents.figure: figure is one of declared, open, mtta, mttm, mttr, response_compliance, resolution_compliance',
      'plan.yaml:7:45: metrics.b.incidents.severity.0: a severity is one of SEV1, SEV2, SEV3, SEV4',
      'plan.yaml:8:37: metrics.c.where: an incident metric is measured from incidents; it takes no where',
      'plan.yaml:9:41: metrics.d.by: an incident metric can only be grouped by severity',
      'plan.yaml:10:71: metrics.e.targets.0.group.severity: this metric has no groups; per-group targets need by: severity',
      'plan.yaml:11:59: metrics.f.window: the window must be longer than zero',
      'plan.yaml:11:95: metrics.f.targets.0.group.severity: "SEV7" is not a severity (SEV1, SEV2, SEV3, SEV4)',
      'plan.yaml:12:6: metrics.g: a metric needs from: the event it is computed from (or incidents: for an incident figure)',
      'plan.yaml:13:35: metrics.h.incidents.colour: unknown key "colour"',
    ]);
  });
});
