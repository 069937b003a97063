import { describe, expect, it } from 'vitest';
import { parseCondition } from './alerting.js';
import { formatPlanError, loadPlanText } from './load.js';

const HEAD = [
  'version: 1',
  'product: { name: x }',
  'events:',
  '  gen: { ok: boolean, ms: number }',
  'metrics:',
  '  success: { from: gen, ratio: { ok: true }, window: 1d, target: { green: ">= 80%" } }',
  '  p95: { from: gen, quantile: { of: ms, q: 0.95 }, window: 1d, target: { green: "< 500" } }',
  '  total: { from: gen, count: true, window: 1d }',
];

function errors(lines: string[]): string[] {
  const result = loadPlanText([...HEAD, ...lines, ''].join('\n'), 'plan.yaml', {});
  return result.kind === 'invalid' ? result.errors.map(formatPlanError) : [];
}

describe('plan baselines', () => {
  it('reads a time range and values entered by hand (percentages as fractions)', () => {
    const result = loadPlanText(
      [...HEAD, 'baselines:', '  launch: { from: "2026-11-13T00:00:00Z", to: "2026-11-20T00:00:00Z" }', '  test_suite: { source: test suite, values: { success: 94.8%, p95: 1800 } }', ''].join('\n'),
      'plan.yaml',
      {},
    );
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.plan.baselines).toEqual({
      launch: { name: 'launch', kind: 'range', from: Date.parse('2026-11-13T00:00:00Z'), to: Date.parse('2026-11-20T00:00:00Z') },
      test_suite: { name: 'test_suite', kind: 'values', source: 'test suite', values: { success: 0.948, p95: 1800 } },
    });
  });

  it('accepts unquoted YAML times', () => {
    expect(errors(['baselines:', '  launch: { from: 2026-11-13T00:00:00Z, to: 2026-11-20T00:00:00+01:00 }'])).toEqual([]);
  });

  it('names each problem with file:line:col', () => {
    const found = errors([
      'baselines:',
      '  a: { from: "2026-11-20T00:00:00Z", to: "2026-11-13T00:00:00Z" }',
      '  b: { from: yesterday, to: "2026-11-13T00:00:00Z" }',
      '  c: { values: { nope: 3 } }',
      '  d: { from: "2026-11-13T00:00:00Z", values: { p95: 3 } }',
      '  e: { source: x }',
      '  f: { values: { p95: fast } }',
      '  Bad: { values: { p95: 1 } }',
      '  g: { from: "2026-11-13T00:00:00Z" }',
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^plan\.yaml:10:\d+: baselines\.a\.to: to must be after from$/),
      expect.stringMatching(/^plan\.yaml:11:\d+: baselines\.b\.from: expected an ISO-8601 time with a time zone/),
      expect.stringMatching(/^plan\.yaml:12:\d+: baselines\.c\.values\.nope: no metric "nope" in the plan \(metrics: success, p95, total\)$/),
      expect.stringMatching(/^plan\.yaml:13:\d+: baselines\.d: a baseline is either a time range \(from, to\) or values/),
      expect.stringMatching(/^plan\.yaml:14:\d+: baselines\.e: a baseline needs from and to/),
      expect.stringMatching(/^plan\.yaml:15:\d+: baselines\.f\.values\.p95: expected a number or a percentage such as 94\.8%$/),
      expect.stringMatching(/^plan\.yaml:16:\d+: baselines\.Bad: a baseline name is lower-case/),
      expect.stringMatching(/^plan\.yaml:17:\d+: baselines\.g: a time range needs both from and to \(to is missing\)$/),
    ]);
  });
});

describe('regression() alert conditions', () => {
  it('parses regression(metric, baseline: name) with a percentage', () => {
    expect(parseCondition('regression(p95, baseline: launch) > 20%')).toEqual({
      kind: 'ok',
      condition: { kind: 'regression', metric: 'p95', baseline: 'launch', op: '>', value: 0.2, text: 'regression(p95, baseline: launch) > 20%' },
    });
    expect(parseCondition('regression( success ,baseline:test-suite)>=0.1')).toMatchObject({ kind: 'ok', condition: { baseline: 'test-suite', op: '>=', value: 0.1 } });
  });

  it('says what a regression condition looks like when it is misspelt', () => {
    expect(parseCondition('regression(p95, launch) > 20%')).toEqual({ kind: 'invalid', reason: '"regression(p95, launch) > 20%" is not a regression condition (expected "regression(metric, baseline: name) > 20%")' });
  });

  it('needs a plan metric, with a target that says which way is worse', () => {
    const alert = (when: string) => ['alerts:', `  - { name: slow, when: "${when}" }`];
    expect(errors(alert('regression(p95, baseline: launch) > 20%'))).toEqual([]);
    expect(errors(alert('regression(nope, baseline: launch) > 20%'))).toEqual([expect.stringMatching(/alerts\.0\.when: no metric "nope" in the plan/)]);
    expect(errors(alert('regression(total, baseline: launch) > 20%'))).toEqual([
      expect.stringMatching(/^plan\.yaml:10:\d+: alerts\.0\.when: regression\(\) needs to know which way is worse: give metric "total" a target/),
    ]);
  });
});
