import { describe, expect, it } from 'vitest';
import { templateProblems } from './alerting.js';
import { formatPlanError, loadPlanText } from './load.js';

describe('alert templates are checked against the rule', () => {
  const groups = new Set(['backend']);
  const labels = new Set(['alertname', 'severity', 'team', 'backend']);

  it('accepts the placeholders a rule can fill', () => {
    expect(templateProblems('{{ value }} {{severity}} {{ metric }} {{ condition }} {{ group.backend }} {{ labels.team }}', groups, labels)).toEqual([]);
  });

  it('names a group field or label the rule does not have, and placeholders from other tools', () => {
    expect(templateProblems('{{ group.platform }}', groups, labels)).toEqual([
      `{{ group.platform }}: this rule's alerts have no group field "platform" (group fields: backend)`,
    ]);
    expect(templateProblems('{{ labels.owner }}', groups, labels)[0]).toMatch(/no label "owner"/);
    expect(templateProblems('{{ $value }} and {{ .Labels.x }}', groups, labels)).toHaveLength(2);
  });

  it('reports them at the summary with file:line:col', () => {
    const result = loadPlanText(
      [
        'version: 1',
        'product: { name: x }',
        'events:',
        '  e: { b: string, ok: boolean }',
        'metrics:',
        '  m: { from: e, ratio: { ok: true }, by: b, window: 1h }',
        'alerts:',
        '  - name: low',
        '    when: m < 50%',
        '    summary: "rate {{ value }} on {{ group.backend }}"',
        '',
      ].join('\n'),
      'plan.yaml',
      {},
    );
    expect(result.kind === 'invalid' && result.errors.map(formatPlanError)).toEqual([
      `plan.yaml:10:14: alerts.0.summary: {{ group.backend }}: this rule's alerts have no group field "backend" (group fields: b)`,
    ]);
  });
});

describe('the condition forms of launch plans are checked at file:line:col', () => {
  it('names an unknown metric in a bound from the target, an unknown phase and a history too short for anomaly()', () => {
    const result = loadPlanText(
      [
        'version: 1',
        'product: { name: x }',
        'events:',
        '  e: { b: string, ms: number }',
        'metrics:',
        '  lat: { from: e, mean: ms, by: b, window: 1h, target: { green: "< 100" } }',
        '  twice: { formula: "lat * 2" }',
        'phases:',
        '  launch_week: { all: ["lat < 100"] }',
        'alerts:',
        '  - { name: a, when: "latency > target * 1.2" }',
        '  - name: b',
        '    when: "lat > target * k"',
        '  - { name: c, when: "lat > 500 and phase(launch)" }',
        '  - { name: d, when: "anomaly(lat, 14d) < -3" }',
        '  - { name: e, when: "twice > target * 1.2" }',
        '  - { name: f, when: "lat > target * 1.2", severity: P2 }',
        '',
      ].join('\n'),
      'plan.yaml',
      {},
    );
    expect(result.kind === 'invalid' && result.errors.map(formatPlanError)).toEqual([
      'plan.yaml:11:22: alerts.0.when: no metric "latency" in the plan (metrics: lat, twice)',
      'plan.yaml:13:27: alerts.1.when: a bound is numbers and target (the metric\'s green threshold); "k" is neither',
      'plan.yaml:14:37: alerts.2.when: no phase "launch" is declared under phases (declared: launch_week)',
      'plan.yaml:15:36: alerts.3.when: anomaly() compares with the same hour of at least 3 earlier weeks: the history must be 21d or more',
      'plan.yaml:16:22: alerts.4.when: "target" is metric "twice"\'s green threshold, and it has no target: give it one, such as target: { green: "< 500" }',
    ]);
  });
});
