import { describe, expect, it } from 'vitest';
import type { PlanIssue } from './issue.js';
import { resolvePlan } from './resolve.js';
import type { MetricSpec, Plan } from './types.js';

/** The events of a command-line tool with opt-in telemetry, as its post-launch plan declares them. */
const events = {
  command_generation: {
    backend: { enum: ['static', 'embedded'] },
    success: 'boolean',
    duration_ms: 'number',
    error_category: {
      enum: ['timeout', 'parse_error', 'validation_failed', 'backend_unavailable', 'unsafe_command'],
      optional: true,
    },
  },
  validation_repair: { initial_failed: 'boolean', repair_succeeded: 'boolean' },
  confidence_refinement: { initial_confidence: 'number', refinement_triggered: 'boolean' },
  session_start: { platform: { enum: ['macos', 'linux'] }, shell_type: { type: 'string', optional: true } },
};

function plan(extra: Record<string, unknown>): Plan {
  const result = resolvePlan({ version: 1, product: { name: 'caro' }, events, ...extra });
  if (result.kind !== 'ok') throw new Error(`expected a valid plan, got: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

function metric(spec: Record<string, unknown>): MetricSpec {
  const [only] = plan({ metrics: { m: spec } }).metrics;
  if (!only) throw new Error('expected one metric');
  return only;
}

function issues(value: unknown): PlanIssue[] {
  const result = resolvePlan(value);
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.issues;
}

describe('resolvePlan: the plan as a whole', () => {
  it('fills the defaults of ingest and evaluation', () => {
    const resolved = plan({});
    expect(resolved.ingest).toEqual({ keys: [], maxBodyBytes: 5 * 1024 * 1024, maxFutureMs: 86_400_000 });
    expect(resolved.evaluation).toEqual({ intervalMs: 60_000 });
    expect(resolved.metrics).toEqual([]);
  });

  it('reads ingest keys, sizes with a unit or in bytes, and durations', () => {
    const resolved = plan({
      ingest: { keys: [{ name: 'cli', key: 'k-1' }, { name: 'site', key: 'k-2' }], max_body: '512KB', max_future: '1h' },
      evaluation: { interval: '5m' },
    });
    expect(resolved.ingest).toEqual({
      keys: [
        { name: 'cli', key: 'k-1' },
        { name: 'site', key: 'k-2' },
      ],
      maxBodyBytes: 512 * 1024,
      maxFutureMs: 3_600_000,
    });
    expect(resolved.evaluation.intervalMs).toBe(300_000);
    expect(plan({ ingest: { max_body: '1.5 mb' } }).ingest.maxBodyBytes).toBe(1.5 * 1024 * 1024);
    expect(plan({ ingest: { max_body: 2048 } }).ingest.maxBodyBytes).toBe(2048);
  });

  it('types each property, written alone or as an object; an object without a type is a string', () => {
    const { command_generation, session_start } = plan({}).events;
    expect(command_generation?.properties).toEqual({
      backend: { type: 'string', enum: ['static', 'embedded'], optional: false },
      success: { type: 'boolean', optional: false },
      duration_ms: { type: 'number', optional: false },
      error_category: {
        type: 'string',
        enum: ['timeout', 'parse_error', 'validation_failed', 'backend_unavailable', 'unsafe_command'],
        optional: true,
      },
    });
    expect(session_start?.properties.shell_type).toEqual({ type: 'string', optional: true });
  });

  it('keeps the metrics in plan order', () => {
    const resolved = plan({
      metrics: {
        zeta: { from: 'command_generation', count: true, window: '1d' },
        alpha: { from: 'command_generation', count: true, window: '1d' },
      },
    });
    expect(resolved.metrics.map((m) => m.id)).toEqual(['zeta', 'alpha']);
  });

  it('freezes the plan so that nothing downstream can change it', () => {
    const resolved = plan({ metrics: { m: { from: 'command_generation', count: true, by: 'backend', window: '1d' } } });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.metrics)).toBe(true);
    expect(Object.isFrozen(resolved.metrics[0])).toBe(true);
    expect(Object.isFrozen(resolved.metrics[0]?.by)).toBe(true);
    expect(Object.isFrozen(resolved.events.command_generation?.properties)).toBe(true);
  });
});

describe('resolvePlan: the metrics of a post-launch plan', () => {
  it('active weekly users: distinct users with a filter, over 7 days, with green and yellow', () => {
    expect(
      metric({
        title: 'Active weekly users',
        description: 'Users who ran at least one successful command in the past 7 days',
        from: 'command_generation',
        where: { success: true },
        distinct: 'user_id',
        window: '7d',
        target: { green: '>= 150', yellow: '>= 100' },
      }),
    ).toEqual({
      id: 'm',
      title: 'Active weekly users',
      description: 'Users who ran at least one successful command in the past 7 days',
      from: 'command_generation',
      where: [{ field: 'success', condition: { op: 'eq', value: true } }],
      measure: { kind: 'distinct', field: 'user_id' },
      by: [],
      windowMs: 604_800_000,
      target: {
        green: { kind: 'compare', op: '>=', value: 150, text: '>= 150' },
        yellow: { kind: 'compare', op: '>=', value: 100, text: '>= 100' },
      },
      targets: [],
      unit: 'count',
    });
  });

  it('command success rate by backend: a ratio grouped by one field given as a string', () => {
    const spec = metric({
      from: 'command_generation',
      ratio: { success: true },
      by: 'backend',
      window: '24h',
      target: { green: '>= 86%', yellow: '>= 80%' },
    });
    expect(spec.measure).toEqual({ kind: 'ratio', match: [{ field: 'success', condition: { op: 'eq', value: true } }] });
    expect(spec.by).toEqual(['backend']);
    expect(spec.target?.green).toMatchObject({ op: '>=', value: 0.86 });
    expect(spec.unit).toBe('percent');
  });

  it('p95 latency by backend: a quantile with a target per backend', () => {
    const spec = metric({
      from: 'command_generation',
      quantile: { of: 'duration_ms', q: 0.95 },
      by: ['backend'],
      unit: 'ms',
      window: '24h',
      targets: [
        { group: { backend: 'static' }, green: '< 100', yellow: '< 120' },
        { group: { backend: 'embedded' }, green: '< 2000', yellow: '< 2400' },
      ],
    });
    expect(spec.measure).toEqual({ kind: 'quantile', of: 'duration_ms', q: 0.95 });
    expect(spec.target).toBeUndefined();
    expect(spec.targets).toEqual([
      {
        group: { backend: 'static' },
        green: { kind: 'compare', op: '<', value: 100, text: '< 100' },
        yellow: { kind: 'compare', op: '<', value: 120, text: '< 120' },
      },
      {
        group: { backend: 'embedded' },
        green: { kind: 'compare', op: '<', value: 2000, text: '< 2000' },
        yellow: { kind: 'compare', op: '<', value: 2400, text: '< 2400' },
      },
    ]);
    expect(spec.unit).toBe('ms');
  });

  it('backend usage: a share is grouped by its shared field', () => {
    const spec = metric({
      from: 'command_generation',
      share: 'backend',
      window: '24h',
      targets: [{ group: { backend: 'static' }, green: '>= 70%' }],
    });
    expect(spec.measure).toEqual({ kind: 'share', of: 'backend' });
    expect(spec.by).toEqual(['backend']);
    expect(spec.targets).toEqual([{ group: { backend: 'static' }, green: { kind: 'compare', op: '>=', value: 0.7, text: '>= 70%' } }]);
    expect(spec.unit).toBe('percent');
  });

  it('commands per session: a count divided by distinct sessions has no default unit', () => {
    const spec = metric({ from: 'command_generation', count: true, per: 'session_id', window: '7d', target: { green: '>= 3' } });
    expect(spec.measure).toEqual({ kind: 'count' });
    expect(spec.per).toBe('session_id');
    expect(spec.unit).toBe('');
  });

  it('sessions per user per week: distinct sessions per user over 7 days', () => {
    const spec = metric({ from: 'session_start', distinct: 'session_id', per: 'user_id', window: '7d', target: { green: '>= 5' } });
    expect(spec).toMatchObject({ measure: { kind: 'distinct', field: 'session_id' }, per: 'user_id', windowMs: 604_800_000, unit: '' });
  });

  it('validation retry rate and refinement rate: ratios with an upper bound and with a range', () => {
    const retry = metric({ from: 'validation_repair', ratio: { initial_failed: true }, window: '24h', target: { green: '< 30%', yellow: '< 40%' } });
    expect(retry.target?.green).toEqual({ kind: 'compare', op: '<', value: 0.3, text: '< 30%' });
    const refinement = metric({
      from: 'confidence_refinement',
      ratio: { refinement_triggered: true },
      window: '24h',
      target: { green: '20%..30%', yellow: '10%..50%' },
    });
    expect(refinement.target).toEqual({
      green: { kind: 'range', min: 0.2, max: 0.3, text: '20%..30%' },
      yellow: { kind: 'range', min: 0.1, max: 0.5, text: '10%..50%' },
    });
  });

  it('error share by category: a share restricted to failures', () => {
    const spec = metric({ from: 'command_generation', where: { success: false }, share: 'error_category', window: '24h' });
    expect(spec).toMatchObject({
      where: [{ field: 'success', condition: { op: 'eq', value: false } }],
      measure: { kind: 'share', of: 'error_category' },
      by: ['error_category'],
      unit: 'percent',
    });
  });

  it('mean and sum of a number property, with no default unit', () => {
    const mean = metric({ from: 'confidence_refinement', mean: 'initial_confidence', window: '24h' });
    expect(mean).toMatchObject({ measure: { kind: 'mean', of: 'initial_confidence' }, unit: '' });
    const sum = metric({ from: 'command_generation', sum: 'duration_ms', per: 'user_id', window: '24h' });
    expect(sum).toMatchObject({ measure: { kind: 'sum', of: 'duration_ms' }, per: 'user_id', unit: '' });
  });

  it('a grouped metric may have an overall target and per-group targets over several fields', () => {
    const spec = metric({
      from: 'command_generation',
      ratio: { success: true },
      by: ['backend', 'error_category'],
      window: '24h',
      target: { green: '>= 86%' },
      targets: [{ group: { backend: 'embedded', error_category: 'timeout' }, green: '<= 2%' }],
    });
    expect(spec.by).toEqual(['backend', 'error_category']);
    expect(spec.target).toEqual({ green: { kind: 'compare', op: '>=', value: 0.86, text: '>= 86%' } });
    expect(spec.targets[0]?.group).toEqual({ backend: 'embedded', error_category: 'timeout' });
  });

  it('title defaults to the metric id; unit written in the plan wins over the default', () => {
    expect(metric({ from: 'command_generation', count: true, window: '1d' }).title).toBe('m');
    expect(metric({ from: 'command_generation', ratio: { success: true }, unit: 'fraction', window: '1d' }).unit).toBe('fraction');
  });
});

describe('resolvePlan: where', () => {
  it('turns a value, a list and a comparison into filters, one per condition', () => {
    const spec = metric({
      from: 'command_generation',
      count: true,
      where: {
        success: false,
        error_category: ['timeout', 'parse_error'],
        duration_ms: { gte: 100, lt: 2000 },
        backend: { ne: 'static' },
      },
      window: '1d',
    });
    expect(spec.where).toEqual([
      { field: 'success', condition: { op: 'eq', value: false } },
      { field: 'error_category', condition: { op: 'in', values: ['timeout', 'parse_error'] } },
      { field: 'duration_ms', condition: { op: 'gte', value: 100 } },
      { field: 'duration_ms', condition: { op: 'lt', value: 2000 } },
      { field: 'backend', condition: { op: 'ne', value: 'static' } },
    ]);
  });

  it('allows the builtin fields user_id and session_id', () => {
    const spec = metric({ from: 'command_generation', count: true, where: { user_id: 'u-1' }, by: 'session_id', window: '1d' });
    expect(spec.where).toEqual([{ field: 'user_id', condition: { op: 'eq', value: 'u-1' } }]);
    expect(spec.by).toEqual(['session_id']);
  });
});

describe('resolvePlan: issues', () => {
  it('does not report the metrics of an event that is itself invalid', () => {
    const found = issues({
      version: 1,
      product: { name: 'caro' },
      events: { command_generation: { success: 'bool' } },
      metrics: { m: { from: 'command_generation', ratio: { success: true }, window: '1d' } },
    });
    expect(found).toEqual([
      { path: ['events', 'command_generation', 'success'], message: 'expected a property type (string, number, boolean) or { type, enum, optional }' },
    ]);
  });

  it('rejects a plan without version, product or events', () => {
    expect(issues({}).map((issue) => issue.path.join('.'))).toEqual(['version', 'product', 'events']);
  });

  it('rejects an enum on a property that is not a string', () => {
    expect(
      issues({ version: 1, product: { name: 'caro' }, events: { e: { size: { type: 'number', enum: ['1'] } } } }),
    ).toEqual([{ path: ['events', 'e', 'size', 'enum'], message: 'enum is only allowed on string properties' }]);
  });

  it('rejects per on a measure that is not a count, sum or distinct count', () => {
    expect(
      issues({
        version: 1,
        product: { name: 'caro' },
        events,
        metrics: { m: { from: 'command_generation', ratio: { success: true }, per: 'user_id', window: '1d' } },
      }),
    ).toEqual([{ path: ['metrics', 'm', 'per'], message: 'per divides a count, sum or distinct count; it cannot apply to ratio' }]);
  });

  it('rejects by on a share metric', () => {
    expect(
      issues({
        version: 1,
        product: { name: 'caro' },
        events,
        metrics: { m: { from: 'command_generation', share: 'backend', by: 'backend', window: '1d' } },
      }),
    ).toEqual([{ path: ['metrics', 'm', 'by'], message: 'a share metric is grouped by its shared field; by is not allowed with share' }]);
  });

  it('rejects limits that cannot work: a zero window, an interval under 1s, a size without a number', () => {
    const found = issues({
      version: 1,
      product: { name: 'caro' },
      events,
      ingest: { max_body: 'big' },
      evaluation: { interval: '500ms' },
      metrics: { m: { from: 'command_generation', count: true, window: '0s' } },
    });
    expect(found).toEqual([
      { path: ['metrics', 'm', 'window'], message: 'the window must be longer than zero' },
      { path: ['ingest', 'max_body'], message: 'expected a size such as 5MB, 512KB or a number of bytes' },
      { path: ['evaluation', 'interval'], message: 'the evaluation interval must be at least 1s' },
    ]);
  });
});
