import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import { parseThreshold, type Threshold } from '../plan/threshold.js';
import type { MetricSpec, Target } from '../plan/types.js';
import { judge, targetForGroup, worst } from './status.js';

function threshold(text: string): Threshold {
  const result = parseThreshold(text);
  if (result.kind !== 'ok') throw new Error(`expected "${text}" to parse, got: ${result.reason}`);
  return result.threshold;
}

function target(green: string, yellow?: string): Target {
  return yellow === undefined ? { green: threshold(green) } : { green: threshold(green), yellow: threshold(yellow) };
}

function metrics(yaml: string): Record<string, MetricSpec> {
  const result = loadPlanText(yaml, 'test.yaml', {});
  if (result.kind !== 'ok') throw new Error(`expected a valid plan, got:\n${result.errors.map(formatPlanError).join('\n')}`);
  return Object.fromEntries(result.plan.metrics.map((m) => [m.id, m]));
}

describe('judge', () => {
  const successRate = target('>= 86%', '>= 80%');

  it.each([
    [0.95, 'green', 'meets_green'],
    [0.86, 'green', 'meets_green'],
    [0.859, 'yellow', 'meets_yellow'],
    [0.8, 'yellow', 'meets_yellow'],
    [0.799, 'red', 'misses_target'],
    [0, 'red', 'misses_target'],
  ])('higher is better (green >= 86 percent, yellow >= 80): %f is %s', (value, status, reason) => {
    expect(judge(value, successRate)).toEqual({ status, reason });
  });

  const latency = target('< 100', '< 150');

  it.each([
    [0, 'green', 'meets_green'],
    [99.9, 'green', 'meets_green'],
    [100, 'yellow', 'meets_yellow'],
    [149.9, 'yellow', 'meets_yellow'],
    [150, 'red', 'misses_target'],
  ])('lower is better (< 100, yellow < 150): %f is %s', (value, status, reason) => {
    expect(judge(value, latency)).toEqual({ status, reason });
  });

  const refinementRate = target('20%..30%', '10%..50%');

  it.each([
    [0.25, 'green', 'meets_green'],
    [0.2, 'green', 'meets_green'],
    [0.3, 'green', 'meets_green'],
    [0.15, 'yellow', 'meets_yellow'],
    [0.35, 'yellow', 'meets_yellow'],
    [0.1, 'yellow', 'meets_yellow'],
    [0.5, 'yellow', 'meets_yellow'],
    [0.05, 'red', 'misses_target'],
    [0.6, 'red', 'misses_target'],
  ])('within a range (green 20..30 percent, yellow 10..50): %f is %s', (value, status, reason) => {
    expect(judge(value, refinementRate)).toEqual({ status, reason });
  });

  it('goes straight from green to red when the target has no yellow band', () => {
    expect(judge(0.61, target('>= 60%'))).toEqual({ status: 'green', reason: 'meets_green' });
    expect(judge(0.59, target('>= 60%'))).toEqual({ status: 'red', reason: 'misses_target' });
  });

  it('is unknown for lack of data when there is a target but no value', () => {
    expect(judge(null, successRate)).toEqual({ status: 'unknown', reason: 'no_data' });
  });

  it('is unknown for lack of a target, with or without a value', () => {
    expect(judge(0.9, undefined)).toEqual({ status: 'unknown', reason: 'no_target' });
    expect(judge(null, undefined)).toEqual({ status: 'unknown', reason: 'no_target' });
  });
});

describe('targetForGroup', () => {
  const plan = metrics(`
version: 1
product: { name: caro }
events:
  command_generation:
    backend: { enum: [static, embedded, remote] }
    duration_ms: number
  install_attempt:
    platform: { enum: [macos, linux] }
    arch: { enum: [aarch64, x86_64] }
    success: boolean
metrics:
  latency:
    from: command_generation
    quantile: { of: duration_ms, q: 0.95 }
    by: backend
    window: 24h
    target: { green: "< 5000" }
    targets:
      - { group: { backend: static }, green: "< 100", yellow: "< 150" }
      - { group: { backend: embedded }, green: "< 2000" }
  install_success:
    from: install_attempt
    ratio: { success: true }
    by: [platform, arch]
    window: 24h
    targets:
      - { group: { platform: linux, arch: aarch64 }, green: ">= 70%" }
      - { group: { platform: linux }, green: ">= 80%" }
      - { group: { platform: linux, arch: x86_64 }, green: ">= 99%" }
  untargeted:
    from: command_generation
    quantile: { of: duration_ms, q: 0.5 }
    by: backend
    window: 24h
`);
  const latency = plan.latency as MetricSpec;
  const install = plan.install_success as MetricSpec;
  const untargeted = plan.untargeted as MetricSpec;

  it("picks the group's own target", () => {
    expect(targetForGroup(latency, { backend: 'static' })?.green.text).toBe('< 100');
    expect(targetForGroup(latency, { backend: 'embedded' })?.green.text).toBe('< 2000');
  });

  it("falls back to the metric's target for a group without its own, including a null group value", () => {
    expect(targetForGroup(latency, { backend: 'remote' })?.green.text).toBe('< 5000');
    expect(targetForGroup(latency, { backend: null })?.green.text).toBe('< 5000');
  });

  it('matches a group only when every field of the target matches', () => {
    expect(targetForGroup(install, { platform: 'linux', arch: 'aarch64' })?.green.text).toBe('>= 70%');
    expect(targetForGroup(install, { platform: 'macos', arch: 'aarch64' })).toBeUndefined();
  });

  it('takes the first matching target in plan order', () => {
    expect(targetForGroup(install, { platform: 'linux', arch: 'x86_64' })?.green.text).toBe('>= 80%');
  });

  it('is undefined when the metric has no target at all', () => {
    expect(targetForGroup(untargeted, { backend: 'static' })).toBeUndefined();
  });
});

describe('worst', () => {
  it('is red over yellow over green, whatever the order', () => {
    expect(worst(['green', 'red', 'yellow'])).toBe('red');
    expect(worst(['yellow', 'green'])).toBe('yellow');
    expect(worst(['green', 'green'])).toBe('green');
  });

  it('ignores unknown statuses when any is known', () => {
    expect(worst(['unknown', 'green', 'unknown'])).toBe('green');
    expect(worst(['yellow', 'unknown'])).toBe('yellow');
  });

  it('is unknown only when all are, or there are none', () => {
    expect(worst(['unknown', 'unknown'])).toBe('unknown');
    expect(worst([])).toBe('unknown');
  });
});
