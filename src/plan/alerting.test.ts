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
