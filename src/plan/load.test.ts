import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlanError, interpolate, loadPlanFile, loadPlanText, type Env } from './load.js';
import type { Plan } from './types.js';

/** Strips the first newline and the indentation common to all lines, so that plans read as YAML in the tests. */
function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** Lines 1-9 of the metric plans below; the metrics passed in start on line 10. */
const HEADER = yaml(`
  version: 1
  product: { name: caro }
  events:
    command_generation:
      backend: { enum: [static, embedded] }
      success: boolean
      duration_ms: number
      error_category: { enum: [timeout, parse_error], optional: true }
  metrics:
`);
const FIELDS = 'user_id, session_id, backend, success, duration_ms, error_category';

/** The header followed by the given metrics, indented under `metrics:`. */
function withMetrics(metrics: string): string {
  return HEADER + yaml(metrics).replace(/^(?=.)/gm, '  ');
}

function errors(text: string, env: Env = {}): string[] {
  const result = loadPlanText(text, 'plan.yaml', env);
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

function load(text: string, env: Env = {}): Plan {
  const result = loadPlanText(text, 'plan.yaml', env);
  if (result.kind !== 'ok') throw new Error(`expected a valid plan, got:\n${result.errors.map(formatPlanError).join('\n')}`);
  return result.plan;
}

describe('loadPlanText: a valid plan', () => {
  it('loads the metrics written after the header', () => {
    const plan = load(
      withMetrics(`
        awu:
          from: command_generation
          where: { success: true }
          distinct: user_id
          window: 7d
          target: { green: ">= 150", yellow: ">= 100" }
      `),
    );
    expect(plan.metrics.map((m) => [m.id, m.measure.kind, m.windowMs])).toEqual([['awu', 'distinct', 604_800_000]]);
  });
});

describe('the complete plan of docs/plan.md', () => {
  it('loads, with every metric it shows', async () => {
    const doc = await readFile(new URL('../../docs/plan.md', import.meta.url), 'utf8');
    const example = /## A complete plan[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const plan = load(example, { CARO_INGEST_KEY: 'k-1' });
    expect(plan.metrics.map((m) => `${m.id}: ${m.measure.kind}`)).toEqual([
      'awu: distinct',
      'command_success_rate: ratio',
      'latency_p95: quantile',
      'backend_usage: share',
      'commands_per_session: count',
      'sessions_per_user: distinct',
      'validation_retry_rate: ratio',
      'refinement_rate: ratio',
      'average_confidence: mean',
      'error_share: share',
      'generation_time: sum',
    ]);
  });
});

describe('loadPlanText: every error names file:line:col and the path', () => {
  it('an unknown key, at the key', () => {
    const text = withMetrics(`
      awu:
        from: command_generation
        distinct: user_id
        window: 7d
        colour: blue
    `);
    expect(errors(text)).toEqual(['plan.yaml:14:5: metrics.awu.colour: unknown key "colour"']);
  });

  it('an unknown key at the top level and inside a target', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      events: {}
      alert_rules: []
    `);
    expect(errors(text)).toEqual(['plan.yaml:4:1: alert_rules: unknown key "alert_rules"']);
    const target = withMetrics(`
      awu:
        from: command_generation
        distinct: user_id
        window: 7d
        target: { green: ">= 150", red: "< 100" }
    `);
    expect(errors(target)).toEqual(['plan.yaml:14:32: metrics.awu.target.red: unknown key "red"']);
  });

  it('an unknown key does not hide the other errors of its metric', () => {
    const text = withMetrics(`
      awu:
        from: command_generation
        distinct: user
        window: 7d
        colour: blue
    `);
    expect(errors(text)).toEqual([
      `plan.yaml:12:15: metrics.awu.distinct: event "command_generation" has no field "user" (it has: ${FIELDS})`,
      'plan.yaml:14:5: metrics.awu.colour: unknown key "colour"',
    ]);
  });

  it('a misspelt required key: the unknown key and the missing one', () => {
    const text = withMetrics(`
      awu:
        from: command_generation
        distinct: user_id
        windw: 7d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:11:5: metrics.awu.window: Invalid input: expected string, received undefined',
      'plan.yaml:13:5: metrics.awu.windw: unknown key "windw"',
    ]);
  });

  it('an event in from that is not declared, with the declared ones', () => {
    const text = withMetrics(`
      awu:
        from: command
        distinct: user_id
        window: 7d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:11:11: metrics.awu.from: no event "command" is declared under events (declared: command_generation)',
    ]);
  });

  it('an unknown field in where, at the field name', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        where: { succes: true }
        window: 1d
    `);
    expect(errors(text)).toEqual([
      `plan.yaml:13:14: metrics.m.where.succes: event "command_generation" has no field "succes" (it has: ${FIELDS})`,
    ]);
  });

  it('an unknown field in by, written as a string or in a list', () => {
    const single = withMetrics(`
      m:
        from: command_generation
        count: true
        by: backnd
        window: 1d
    `);
    expect(errors(single)).toEqual([
      `plan.yaml:13:9: metrics.m.by: event "command_generation" has no field "backnd" (it has: ${FIELDS})`,
    ]);
    const list = withMetrics(`
      m:
        from: command_generation
        count: true
        by: [backend, platform]
        window: 1d
    `);
    expect(errors(list)).toEqual([
      `plan.yaml:13:19: metrics.m.by.1: event "command_generation" has no field "platform" (it has: ${FIELDS})`,
    ]);
  });

  it('a value of the wrong type in where: a string for a boolean, "yes" included', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        where: { success: "true" }
        window: 1d
      n:
        from: command_generation
        count: true
        where: { success: yes, backend: true, duration_ms: { gt: "100" } }
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:13:23: metrics.m.where.success: "success" is a boolean, but "true" is a string',
      'plan.yaml:18:23: metrics.n.where.success: "success" is a boolean, but "yes" is a string',
      'plan.yaml:18:37: metrics.n.where.backend: "backend" is a string, but true is a boolean',
      'plan.yaml:18:62: metrics.n.where.duration_ms.gt: "duration_ms" is a number, but "100" is a string',
    ]);
  });

  it('a boolean compared with anything but equality', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        where: { success: { gt: false } }
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:13:29: metrics.m.where.success.gt: "success" is a boolean and can only be compared for equality',
    ]);
  });

  it('a where entry that is neither a value, a list nor a comparison', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        where: { duration_ms: { above: 100 } }
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:13:27: metrics.m.where.duration_ms: a comparison needs at least one of gt, gte, lt, lte, ne',
      'plan.yaml:13:29: metrics.m.where.duration_ms.above: unknown key "above"',
    ]);
  });

  it('a value outside the enum, alone or in a list', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        where: { backend: gpu, error_category: [timeout, oom] }
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:13:23: metrics.m.where.backend: "gpu" is not one of the values of "backend" (static, embedded)',
      'plan.yaml:13:54: metrics.m.where.error_category.1: "oom" is not one of the values of "error_category" (timeout, parse_error)',
    ]);
  });

  it('a quantile or a mean of a property that is not a number', () => {
    const text = withMetrics(`
      latency:
        from: command_generation
        quantile: { of: backend, q: 0.95 }
        window: 1d
      confidence:
        from: command_generation
        mean: success
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:12:15: metrics.latency.quantile: "backend" is a string; quantile needs a number property',
      'plan.yaml:16:11: metrics.confidence.mean: "success" is a boolean; mean needs a number property',
    ]);
  });

  it('a quantile q that is not between 0 and 1', () => {
    const text = withMetrics(`
      latency:
        from: command_generation
        quantile: { of: duration_ms, q: 95 }
        window: 1d
    `);
    expect(errors(text)).toEqual(['plan.yaml:12:37: metrics.latency.quantile.q: Too big: expected number to be <1']);
  });

  it('two measures on one metric, at the start of the metric', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        distinct: user_id
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:11:5: metrics.m: a metric takes exactly one of count, distinct, ratio, quantile, mean, sum, share, nps, max, min, retention; this one has count and distinct',
    ]);
  });

  it('no measure, at the start of the metric', () => {
    const text = withMetrics(`
      m:
        title: Commands
        from: command_generation
        window: 1d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:11:5: metrics.m: a metric needs exactly one of: count, distinct, ratio, quantile, mean, sum, share, nps, max, min, retention',
    ]);
  });

  it('a window that is not a duration, or is zero', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        window: 7 days
      n:
        from: command_generation
        count: true
        window: 0s
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:13:13: metrics.m.window: "7 days" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)',
      'plan.yaml:17:13: metrics.n.window: the window must be longer than zero',
    ]);
  });

  it('a threshold that does not parse, and an inverted range', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        ratio: { success: true }
        window: 1d
        target: { green: ">= lots", yellow: "30%..20%" }
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:14:22: metrics.m.target.green: ">= lots" is not a threshold (expected ">= x", "> x", "<= x", "< x" or "a..b", with numbers, percentages like 86% or durations like 5m)',
      'plan.yaml:14:41: metrics.m.target.yellow: range "30%..20%" has its lower bound above its upper bound',
    ]);
  });

  it('a threshold starting with > that is not quoted is a YAML error that says to quote it', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        window: 1d
        target:
          green: >= 150
    `);
    expect(errors(text)).toEqual(['plan.yaml:15:15: Block scalar header includes extra characters: >=: quote the threshold: green: ">= 150"']);
  });

  it('a group target on a field the metric is not grouped by', () => {
    const text = withMetrics(`
      latency:
        from: command_generation
        quantile: { of: duration_ms, q: 0.95 }
        by: backend
        window: 24h
        targets:
          - group: { error_category: timeout }
            green: "< 100"
      total:
        from: command_generation
        count: true
        window: 24h
        targets:
          - group: { backend: static }
            green: ">= 1"
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:16:18: metrics.latency.targets.0.group.error_category: "error_category" is not a group field of this metric (its groups are by: backend)',
      'plan.yaml:23:18: metrics.total.targets.0.group.backend: this metric has no groups; per-group targets need by (or share)',
    ]);
  });

  it('a group target on a value its field cannot take', () => {
    const text = withMetrics(`
      latency:
        from: command_generation
        quantile: { of: duration_ms, q: 0.95 }
        by: backend
        window: 24h
        targets:
          - group: { backend: gpu }
            green: "< 100"
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:16:27: metrics.latency.targets.0.group.backend: "gpu" is not one of the values of "backend" (static, embedded)',
    ]);
  });

  it('an event, property or metric name that is not lower-case, at the name', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      events:
        Command: {}
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:4:3: events.Command: an event name must be lower-case letters, digits and _, starting with a letter (at most 63 characters)',
    ]);
    const property = yaml(`
      version: 1
      product: { name: caro }
      events:
        command:
          durationMs: number
    `);
    expect(errors(property)).toEqual([
      'plan.yaml:5:5: events.command.durationMs: a property name must be lower-case letters, digits and _, starting with a letter (at most 63 characters)',
    ]);
    expect(errors(withMetrics(`AWU: { from: command_generation, distinct: user_id, window: 7d }\n`))).toEqual([
      'plan.yaml:10:3: metrics.AWU: a metric id must be lower-case letters, digits and _, starting with a letter (at most 63 characters)',
    ]);
  });

  it('a property type that does not exist, and a misspelt property option', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      events:
        command:
          success: bool
          shell: { type: string, optinal: true }
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:5:14: events.command.success: expected a property type (string, number, boolean) or { type, enum, optional }',
      'plan.yaml:6:28: events.command.shell.optinal: unknown key "optinal"',
    ]);
  });

  it('reserved property names: the fields every event already has', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      events:
        command:
          user_id: string
          id: string
          timestamp: number
          success: boolean
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:5:5: events.command.user_id: "user_id" is a field of every event and cannot be declared as a property',
      'plan.yaml:6:5: events.command.id: "id" is a field of every event and cannot be declared as a property',
      'plan.yaml:7:5: events.command.timestamp: "timestamp" is a field of every event and cannot be declared as a property',
    ]);
  });

  it('two ingest keys with the same name or the same key, without printing the key', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      ingest:
        keys:
          - name: cli
            key: s3cret-1
          - name: cli
            key: s3cret-1
      events: {}
    `);
    const found = errors(text);
    expect(found).toEqual([
      'plan.yaml:7:13: ingest.keys.1.name: ingest key name "cli" is used twice',
      'plan.yaml:8:12: ingest.keys.1.key: this key is the same as an earlier one (the key is not shown)',
    ]);
    expect(found.join('\n')).not.toContain('s3cret');
  });

  it('a YAML syntax error, alone, at its position', () => {
    const text = yaml(`
      version: 1
      product: { name: caro
      events: {}
    `);
    expect(errors(text)).toEqual(['plan.yaml:3:1: Flow map in block collection must be sufficiently indented and end with a }']);
  });

  it('a key written twice in the same map, at the second one', () => {
    const text = withMetrics(`
      m:
        from: command_generation
        count: true
        window: 1d
        window: 7d
    `);
    expect(errors(text)).toEqual(['plan.yaml:14:5: Map keys must be unique']);
  });

  it('an empty file: each required key, at the start of the file', () => {
    expect(errors('')).toEqual([
      'plan.yaml:1:1: version: Invalid input: expected 1',
      'plan.yaml:1:1: product: Invalid input: expected object, received undefined',
      'plan.yaml:1:1: events: Invalid input: expected record, received undefined',
    ]);
  });
});

describe('loadPlanText: several errors at once', () => {
  it('reports every error of every event, metric and ingest key, sorted by line', () => {
    const text = yaml(`
      version: 1
      product: { name: caro }
      ingest:
        keys:
          - { name: cli, key: k-1 }
          - { name: cli, key: k-2 }
        max_future: soon
      events:
        command:
          id: string
          success: boolean
      metrics:
        rate:
          from: command
          ratio: { success: "yes" }
          window: 24h
        awu:
          from: comand
          distinct: user_id
          window: 7d
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:6:15: ingest.keys.1.name: ingest key name "cli" is used twice',
      'plan.yaml:7:15: ingest.max_future: "soon" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)',
      'plan.yaml:10:5: events.command.id: "id" is a field of every event and cannot be declared as a property',
      'plan.yaml:15:23: metrics.rate.ratio.success: "success" is a boolean, but "yes" is a string',
      'plan.yaml:18:11: metrics.awu.from: no event "comand" is declared under events (declared: command)',
    ]);
  });
});

describe('loadPlanText: every error of one metric', () => {
  it('reports a wrong key alongside the metric\'s other errors, without knock-on errors', () => {
    expect(
      errors(
        withMetrics(`
          bad:
            from: command_generation
            count: 3
            by: nope
            window: 1y
            target: { green: "about 90" }
        `),
      ),
    ).toEqual([
      'plan.yaml:12:12: metrics.bad.count: Invalid input: expected true',
      `plan.yaml:13:9: metrics.bad.by: event "command_generation" has no field "nope" (it has: ${FIELDS})`,
      'plan.yaml:14:13: metrics.bad.window: "1y" is not a duration (expected a number and a unit: ms, s, m, h, d or w, e.g. 30s, 5m, 24h, 7d)',
      expect.stringMatching(/^plan\.yaml:15:22: metrics\.bad\.target\.green: "about 90" is not a threshold/),
    ]);
  });

  it('checks the window and the targets of a metric whose event is not declared', () => {
    const found = errors(withMetrics(`
      lost:
        from: nowhere
        count: true
        window: 0s
        target: { green: "about 90" }
    `));
    expect(found.map((e) => e.split(': ')[1])).toEqual(['metrics.lost.from', 'metrics.lost.window', 'metrics.lost.target.green']);
  });
});

describe('loadPlanText: aliases', () => {
  const bomb = [
    'version: 1',
    'product: { name: x }',
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array.from({ length: 9 }, () => `*${'abcdefgh'[i]}`).join(',')}]`),
    'events: {}',
    '',
  ].join('\n');

  it('refuses an alias bomb at file:line:col, quickly and without expanding it', () => {
    const started = Date.now();
    const found = errors(bomb);
    expect(found).toEqual([expect.stringMatching(/^plan\.yaml:7:\d+: the aliases expand to more than 10000 values from here \(\*d\): .*alias bomb/)]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('still takes a plan that uses aliases as plans do', () => {
    const plan = load(
      HEADER +
        yaml(`
          a: { from: command_generation, count: true, window: &w 7d, target: &t { green: ">= 10" } }
          b: { from: command_generation, distinct: user_id, window: *w, target: *t }
        `).replace(/^(?=.)/gm, '  '),
    );
    expect(plan.metrics.map((m) => m.windowMs)).toEqual([604_800_000, 604_800_000]);
  });
});

describe('loadPlanText: environment variables', () => {
  const keyed = (key: string) =>
    yaml(`
      version: 1
      product: { name: caro }
      ingest:
        keys:
          - name: cli
            key: ${key}
      events: {}
    `);

  it('replaces ${VAR} with its value', () => {
    expect(load(keyed('${CARO_INGEST_KEY}'), { CARO_INGEST_KEY: 'k-42' }).ingest.keys).toEqual([{ name: 'cli', key: 'k-42' }]);
  });

  it('reports a variable that is not set, at its value, with how to give a default', () => {
    expect(errors(keyed('${CARO_INGEST_KEY}'))).toEqual([
      'plan.yaml:6:12: environment variable CARO_INGEST_KEY is not set (write ${CARO_INGEST_KEY:-default} to give a default)',
    ]);
  });

  it('treats a variable set to the empty string as not set', () => {
    expect(errors(keyed('${CARO_INGEST_KEY}'), { CARO_INGEST_KEY: '' })).toHaveLength(1);
    expect(load(keyed('${CARO_INGEST_KEY:-dev}'), { CARO_INGEST_KEY: '' }).ingest.keys[0]?.key).toBe('dev');
  });

  it('uses the default of ${VAR:-default} only when the variable is not set', () => {
    expect(load(keyed('${CARO_INGEST_KEY:-dev-key}')).ingest.keys[0]?.key).toBe('dev-key');
    expect(load(keyed('${CARO_INGEST_KEY:-dev-key}'), { CARO_INGEST_KEY: 'prod' }).ingest.keys[0]?.key).toBe('prod');
  });

  it('writes $$ as a literal $ and leaves a lone $ alone', () => {
    expect(load(keyed('pa$$word')).ingest.keys[0]?.key).toBe('pa$word');
    expect(load(keyed('pa$word')).ingest.keys[0]?.key).toBe('pa$word');
    expect(load(keyed('$${NOT_A_VARIABLE}')).ingest.keys[0]?.key).toBe('${NOT_A_VARIABLE}');
  });

  it('reports every missing variable of the file', () => {
    const text = yaml(`
      version: 1
      product: { name: "\${PRODUCT}" }
      ingest:
        keys:
          - { name: cli, key: "\${KEY_A}-\${KEY_B}" }
      events: {}
    `);
    expect(errors(text)).toEqual([
      'plan.yaml:2:18: environment variable PRODUCT is not set (write ${PRODUCT:-default} to give a default)',
      'plan.yaml:5:25: environment variable KEY_A is not set (write ${KEY_A:-default} to give a default)',
      'plan.yaml:5:25: environment variable KEY_B is not set (write ${KEY_B:-default} to give a default)',
    ]);
  });
});

describe('interpolate', () => {
  it('replaces each variable and lists the missing ones', () => {
    expect(interpolate('${A}/${B:-b}/${C}/$$', { A: 'a' })).toEqual({ value: 'a/b//$', missing: ['C'] });
  });

  it('allows an empty default', () => {
    expect(interpolate('x${A:-}y', {})).toEqual({ value: 'xy', missing: [] });
  });
});

describe('loadPlanFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'launchwatch-plan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a plan from disk and names the file in its errors', async () => {
    const file = join(dir, 'plan.yaml');
    await writeFile(file, 'version: 1\nproduct: { name: caro }\nevents: {}\nmetric: {}\n');
    const result = await loadPlanFile(file, {});
    expect(result.kind === 'invalid' ? result.errors.map(formatPlanError) : []).toEqual([`${file}:4:1: metric: unknown key "metric"`]);
  });

  it('reads the environment it is given', async () => {
    const file = join(dir, 'env.yaml');
    await writeFile(file, 'version: 1\nproduct: { name: "${PRODUCT}" }\nevents: {}\n');
    const result = await loadPlanFile(file, { PRODUCT: 'caro' });
    expect(result.kind === 'ok' ? result.plan.product.name : undefined).toBe('caro');
  });

  it('reports a missing file at line 0', async () => {
    const file = join(dir, 'missing.yaml');
    expect(await loadPlanFile(file, {})).toEqual({ kind: 'invalid', errors: [{ file, line: 0, col: 0, message: 'plan file not found' }] });
  });
});
