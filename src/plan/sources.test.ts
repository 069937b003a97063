/** sources.github, github: metrics and otlp in the plan; errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-4; what follows starts on line 5. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', ''].join('\n');
const SOURCE = 'sources: { github: { repo: acme/caro, token: "${GITHUB_TOKEN:-}" } }\n';

function load(text: string, env: Record<string, string> = {}): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', env);
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', {});
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

describe('sources and otlp in the plan', () => {
  it('reads sources.github with its defaults; an unset token leaves it disabled, not invalid', () => {
    expect(load(SOURCE).sources.github).toEqual({ repo: 'acme/caro', token: '', everyMs: 300_000, baseUrl: 'https://api.github.com', autoLabel: { enabled: false, rules: {} } });
    expect(load(SOURCE, { GITHUB_TOKEN: 'ghp_x' }).sources.github?.token).toBe('ghp_x');
    expect(load('').sources).toEqual({});
    expect(load('').otlp).toEqual({ eventNameAttribute: 'event.name' });
    expect(load('otlp: { event_name_attribute: log.event }\n').otlp).toEqual({ eventNameAttribute: 'log.event' });
  });

  it('reports a bad repo, base_url and interval where they are written', () => {
    expect(errors('sources: { github: { repo: acme, every: 1s, base_url: "ftp://x" } }\n')).toEqual([
      'plan.yaml:5:28: sources.github.repo: repo is owner/name, e.g. acme/app',
      'plan.yaml:5:55: sources.github.base_url: base_url is an http(s) URL, e.g. https://github.example.com/api/v3',
    ]);
    expect(errors('sources: { github: { repo: a/b, every: 1s } }\n')).toEqual(['plan.yaml:5:40: sources.github.every: poll GitHub at most every 10s']);
  });

  it('resolves github metrics: figure, labels, age, default window and unit', () => {
    const plan = load(`${SOURCE}metrics:\n  p0: { github: { label: P0, older_than: 4h }, target: { green: "<= 0" } }\n  ttfr: { github: { figure: time_to_first_response, q: 0.9 }, window: 30d }\n`);
    expect(plan.metrics.map((m) => [m.id, m.measure, m.windowMs, m.unit])).toEqual([
      ['p0', { kind: 'github', figure: 'count', labels: ['P0'], state: 'open', olderThanMs: 14_400_000, q: 0.5 }, 86_400_000, 'count'],
      ['ttfr', { kind: 'github', figure: 'time_to_first_response', labels: [], state: 'open', olderThanMs: 0, q: 0.9 }, 30 * 86_400_000, 'ms'],
    ]);
  });

  it('reports github metrics without a source, with event keys, or with keys of another figure', () => {
    expect(errors('metrics:\n  p0: { github: { label: P0 } }\n')).toEqual(['plan.yaml:6:9: metrics.p0.github: a github metric needs sources.github (the repository to read issues from)']);
    expect(errors(`${SOURCE}metrics:\n  a: { github: { figure: opened, state: open }, window: 7d }\n  b: { github: {}, from: gen }\n  c: { github: { figure: nope } }\n`)).toEqual([
      'plan.yaml:7:41: metrics.a.github.state: state and older_than go with figure count; opened counts by its own dates',
      'plan.yaml:8:20: metrics.b.from: a github metric is measured from the repository\'s issues; it takes no from',
      'plan.yaml:9:26: metrics.c.github.figure: figure is one of count, opened, closed, time_to_first_response, time_to_close',
    ]);
  });
});
