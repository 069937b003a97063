import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { MetricSpec } from '../plan/types.js';
import type { GroupKey, Measurement } from '../store/types.js';
import { judgeMetric } from './evaluate.js';

/** Metrics of a command-line tool's post-launch plan, one per kind of target. */
const PLAN = `
version: 1
product: { name: caro }
events:
  command_generation:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    error_category: { enum: [timeout, parse_error], optional: true }
  install_attempt:
    platform: { enum: [macos, linux] }
    arch: { enum: [aarch64, x86_64] }
    success: boolean
  confidence_refinement:
    initial_confidence: number
    refinement_triggered: boolean
  session_start:
    platform: { enum: [macos, linux] }
metrics:
  command_success_rate:
    title: Command success rate
    description: share of command generations that produce valid output
    from: command_generation
    ratio: { success: true }
    by: backend
    window: 24h
    target: { green: ">= 86%", yellow: ">= 80%" }
  generation_latency_p95:
    title: Generation latency p95
    unit: ms
    from: command_generation
    quantile: { of: duration_ms, q: 0.95 }
    by: backend
    window: 36h
    targets:
      - { group: { backend: static }, green: "< 100", yellow: "< 150" }
      - { group: { backend: embedded }, green: "< 2000", yellow: "< 3000" }
  install_success_rate:
    from: install_attempt
    ratio: { success: true }
    by: [platform, arch]
    window: 7d
    target: { green: ">= 90%", yellow: ">= 80%" }
    targets:
      - { group: { platform: linux }, green: ">= 80%" }
      - { group: { platform: linux, arch: aarch64 }, green: ">= 99%" }
  refinement_rate:
    from: confidence_refinement
    ratio: { refinement_triggered: true }
    window: 24h
    target: { green: "20%..30%", yellow: "10%..50%" }
  repair_success_rate:
    from: command_generation
    ratio: { success: true }
    window: 90m
    target: { green: ">= 60%" }
  mean_initial_confidence:
    from: confidence_refinement
    mean: initial_confidence
    window: 24h
  error_share:
    title: Errors by category
    from: command_generation
    share: error_category
    window: 24h
    target: { green: "<= 2%", yellow: "<= 3%" }
  backend_usage:
    from: command_generation
    share: backend
    window: 24h
    targets:
      - { group: { backend: static }, green: ">= 70%", yellow: ">= 50%" }
  platform_share:
    from: session_start
    share: platform
    window: 7d
`;

const loaded = loadPlanText(PLAN, 'test.yaml', {});
if (loaded.kind !== 'ok') throw new Error(`expected a valid plan, got:\n${loaded.errors.map(formatPlanError).join('\n')}`);
const plan = loaded.plan;

function metric(id: string): MetricSpec {
  const found = plan.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}`);
  return found;
}

function measured(value: number | null, events: number, groups: [GroupKey, number | null, number][] = []): Measurement {
  return { value, events, groups: groups.map(([group, v, n]) => ({ group, value: v, events: n })) };
}

describe('judgeMetric: a metric with one target', () => {
  it.each([
    [0.25, 'green', 'meets_green'],
    [0.2, 'green', 'meets_green'],
    [0.45, 'yellow', 'meets_yellow'],
    [0.08, 'red', 'misses_target'],
    [0.6, 'red', 'misses_target'],
  ])('a range target (refinement rate green 20..30 percent, yellow 10..50): %f is %s', (value, status, reason) => {
    const result = judgeMetric(metric('refinement_rate'), measured(value, 200));
    expect(result).toMatchObject({ value, status, reason, events: 200 });
  });

  it('higher is better: the overall value is judged against the target', () => {
    expect(judgeMetric(metric('command_success_rate'), measured(0.9, 1000))).toMatchObject({ status: 'green', reason: 'meets_green' });
    expect(judgeMetric(metric('command_success_rate'), measured(0.82, 1000))).toMatchObject({ status: 'yellow', reason: 'meets_yellow' });
    expect(judgeMetric(metric('command_success_rate'), measured(0.7, 1000))).toMatchObject({ status: 'red', reason: 'misses_target' });
  });

  it('is unknown for lack of data when there were no events', () => {
    expect(judgeMetric(metric('refinement_rate'), measured(null, 0))).toMatchObject({ value: null, status: 'unknown', reason: 'no_data', events: 0 });
  });

  it('is unknown for lack of a target, still showing its value', () => {
    const result = judgeMetric(metric('mean_initial_confidence'), measured(0.73, 50));
    expect(result).toMatchObject({ value: 0.73, status: 'unknown', reason: 'no_target', target: null, kind: 'mean', unit: '' });
  });
});

describe('judgeMetric: groups', () => {
  it('judges each group against the metric target, the overall status against the overall value', () => {
    const result = judgeMetric(
      metric('command_success_rate'),
      measured(0.88, 1000, [
        [{ backend: 'static' }, 0.95, 700],
        [{ backend: 'embedded' }, 0.7, 300],
      ]),
    );
    expect(result.status).toBe('green');
    expect(result.reason).toBe('meets_green');
    expect(result.groups).toEqual([
      { group: { backend: 'static' }, value: 0.95, status: 'green', events: 700, target: { green: '>= 86%', yellow: '>= 80%' } },
      { group: { backend: 'embedded' }, value: 0.7, status: 'red', events: 300, target: { green: '>= 86%', yellow: '>= 80%' } },
    ]);
  });

  it('lower is better, per-group targets: each group has its own, and the metric is as bad as its worst group', () => {
    const result = judgeMetric(
      metric('generation_latency_p95'),
      measured(1800, 500, [
        [{ backend: 'static' }, 120, 400],
        [{ backend: 'embedded' }, 1500, 100],
      ]),
    );
    expect(result.groups.map((g) => [g.group.backend, g.status, g.target])).toEqual([
      ['static', 'yellow', { green: '< 100', yellow: '< 150' }],
      ['embedded', 'green', { green: '< 2000', yellow: '< 3000' }],
    ]);
    expect(result).toMatchObject({ value: 1800, status: 'yellow', reason: 'worst_group', target: null });
  });

  it('the worst group ignores groups without data', () => {
    const result = judgeMetric(
      metric('generation_latency_p95'),
      measured(90, 400, [
        [{ backend: 'static' }, 90, 400],
        [{ backend: 'embedded' }, null, 0],
      ]),
    );
    expect(result.groups.map((g) => g.status)).toEqual(['green', 'unknown']);
    expect(result).toMatchObject({ status: 'green', reason: 'worst_group' });
  });

  it('a group takes the first per-group target that matches it, else the metric target', () => {
    const result = judgeMetric(
      metric('install_success_rate'),
      measured(0.9, 300, [
        [{ platform: 'linux', arch: 'aarch64' }, 0.85, 100],
        [{ platform: 'macos', arch: 'aarch64' }, 0.85, 200],
      ]),
    );
    expect(result.groups.map((g) => [g.status, g.target])).toEqual([
      ['green', { green: '>= 80%' }],
      ['yellow', { green: '>= 90%', yellow: '>= 80%' }],
    ]);
    expect(result.status).toBe('green');
  });

  it('a metric with per-group targets but no data at all is unknown for lack of data', () => {
    expect(judgeMetric(metric('generation_latency_p95'), measured(null, 0))).toMatchObject({ status: 'unknown', reason: 'no_data' });
  });
});

describe('judgeMetric: share metrics', () => {
  it('have no overall value; the status is that of the worst group against the metric target', () => {
    const result = judgeMetric(
      metric('error_share'),
      measured(null, 1000, [
        [{ error_category: 'timeout' }, 0.01, 10],
        [{ error_category: 'parse_error' }, 0.025, 25],
      ]),
    );
    expect(result).toMatchObject({ kind: 'share', unit: 'percent', value: null, status: 'yellow', reason: 'worst_group', events: 1000 });
    expect(result.groups.map((g) => [g.group.error_category, g.status, g.target])).toEqual([
      ['timeout', 'green', { green: '<= 2%', yellow: '<= 3%' }],
      ['parse_error', 'yellow', { green: '<= 2%', yellow: '<= 3%' }],
    ]);
  });

  it('judge only the groups that have a target', () => {
    const result = judgeMetric(
      metric('backend_usage'),
      measured(null, 100, [
        [{ backend: 'static' }, 0.4, 40],
        [{ backend: 'embedded' }, 0.6, 60],
      ]),
    );
    expect(result.groups.map((g) => [g.group.backend, g.status, g.target])).toEqual([
      ['static', 'red', { green: '>= 70%', yellow: '>= 50%' }],
      ['embedded', 'unknown', null],
    ]);
    expect(result).toMatchObject({ status: 'red', reason: 'worst_group' });
  });

  it('without any target are unknown for lack of a target', () => {
    const result = judgeMetric(
      metric('platform_share'),
      measured(null, 10, [
        [{ platform: 'macos' }, 0.6, 6],
        [{ platform: 'linux' }, 0.4, 4],
      ]),
    );
    expect(result).toMatchObject({ status: 'unknown', reason: 'no_target' });
    expect(result.groups.map((g) => g.status)).toEqual(['unknown', 'unknown']);
  });

  it('with a target but no events are unknown for lack of data', () => {
    expect(judgeMetric(metric('error_share'), measured(null, 0))).toMatchObject({ status: 'unknown', reason: 'no_data' });
  });
});

describe('judgeMetric: what is shown of the metric', () => {
  it('carries id, title, description, kind, unit and event count', () => {
    expect(judgeMetric(metric('command_success_rate'), measured(0.9, 1000))).toMatchObject({
      id: 'command_success_rate',
      title: 'Command success rate',
      description: 'share of command generations that produce valid output',
      kind: 'ratio',
      unit: 'percent',
      events: 1000,
    });
    const untitled = judgeMetric(metric('refinement_rate'), measured(0.25, 10));
    expect(untitled.title).toBe('refinement_rate');
    expect(untitled).not.toHaveProperty('description');
  });

  it.each([
    ['command_success_rate', '1d'],
    ['generation_latency_p95', '36h'],
    ['install_success_rate', '7d'],
    ['repair_success_rate', '90m'],
  ])('formats the window of %s as %s', (id, window) => {
    expect(judgeMetric(metric(id), measured(null, 0)).window).toBe(window);
  });

  it('shows the target texts as written, with yellow only when there is one', () => {
    expect(judgeMetric(metric('refinement_rate'), measured(0.25, 10)).target).toEqual({ green: '20%..30%', yellow: '10%..50%' });
    const greenOnly = judgeMetric(metric('repair_success_rate'), measured(0.7, 10)).target;
    expect(greenOnly).toEqual({ green: '>= 60%' });
    expect(greenOnly).not.toHaveProperty('yellow');
  });
});

describe('judgeMetric: a prometheus metric, judged by what its query answers', () => {
  const plan = loadPlanText(
    `version: 1
product: { name: infra }
events: { gen: { success: boolean } }
sources: { prometheus: { url: "http://prometheus:9090" } }
metrics:
  api_cpu: { prometheus: 'avg by (instance) (rate(x[5m]))', unit: percent, target: { green: "< 60%", yellow: "< 80%" }, targets: [ { group: { instance: db }, green: "< 90%" } ] }
`,
    'plan.yaml',
    {},
  );
  if (plan.kind !== 'ok') throw new Error(plan.errors.map(formatPlanError).join('\n'));
  const cpu = plan.plan.metrics[0] as MetricSpec;

  it('a value of the whole is judged against the target', () => {
    expect(judgeMetric(cpu, { value: 0.7, events: 1, groups: [] })).toMatchObject({ kind: 'prometheus', value: 0.7, status: 'yellow', reason: 'meets_yellow' });
  });

  it('groups without a whole value are each judged against their own target, the metric as its worst group', () => {
    const result = judgeMetric(cpu, {
      value: null,
      events: 3,
      groups: [
        { group: { instance: 'api' }, value: 0.5, events: 1 },
        { group: { instance: 'db' }, value: 0.85, events: 1 },
        { group: { instance: 'web' }, value: null, events: 1 },
      ],
    });
    expect(result).toMatchObject({ value: null, status: 'green', reason: 'worst_group' });
    expect(result.groups.map((g) => [g.group.instance, g.status])).toEqual([
      ['api', 'green'],
      ['db', 'green'],
      ['web', 'unknown'],
    ]);
    expect(judgeMetric(cpu, { value: null, events: 1, groups: [{ group: { instance: 'api' }, value: 0.95, events: 1 }] })).toMatchObject({ status: 'red', reason: 'worst_group' });
  });

  it('an empty answer has no data', () => {
    expect(judgeMetric(cpu, { value: null, events: 0, groups: [] })).toMatchObject({ status: 'unknown', reason: 'no_data' });
  });
});
