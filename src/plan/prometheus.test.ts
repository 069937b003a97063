/** sources.prometheus and prometheus: metrics in the plan; errors with file:line:col. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

/** Lines 1-4; what follows starts on line 5. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', ''].join('\n');
const SOURCE = 'sources: { prometheus: { url: "${PROMETHEUS_URL}", token: "${PROMETHEUS_TOKEN:-}" } }\n';
const CPU = `avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[5m]))`;
const ENV = { PROMETHEUS_URL: 'http://prometheus.internal:9090/' };

function load(text: string, env: Record<string, string> = ENV): Plan {
  const result = loadPlanText(HEADER + text, 'plan.yaml', env);
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

function errors(text: string): string[] {
  const result = loadPlanText(HEADER + text, 'plan.yaml', ENV);
  if (result.kind !== 'invalid') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

describe('prometheus in the plan', () => {
  it('reads sources.prometheus: the URL without its trailing slash, the token when given, a 10s timeout by default', () => {
    expect(load(SOURCE).sources.prometheus).toEqual({ url: 'http://prometheus.internal:9090', token: '', timeoutMs: 10_000 });
    expect(load(SOURCE, { ...ENV, PROMETHEUS_TOKEN: 's3cret' }).sources.prometheus?.token).toBe('s3cret');
    expect(load('sources: { prometheus: { url: "https://p.example/prom", timeout: 30s } }\n').sources.prometheus).toEqual({ url: 'https://p.example/prom', token: '', timeoutMs: 30_000 });
  });

  it('resolves a prometheus metric: its query as written, a 5m window by default, its target and label targets', () => {
    const plan = load(`${SOURCE}metrics:\n  api_cpu:\n    title: API CPU\n    prometheus: '${CPU}'\n    unit: percent\n    target: { green: "< 60%", yellow: "< 80%" }\n    targets: [ { group: { instance: "db:9100", code: 500 }, green: "< 90%" } ]\n  up: { prometheus: "up", window: 1h }\n`);
    const [cpu, up] = plan.metrics;
    expect(cpu?.measure).toEqual({ kind: 'prometheus', query: CPU });
    expect([cpu?.title, cpu?.unit, cpu?.windowMs, cpu?.from, cpu?.by]).toEqual(['API CPU', 'percent', 300_000, '', []]);
    expect(cpu?.target?.green.text).toBe('< 60%');
    expect(cpu?.targets.map((t) => [t.group, t.green.text])).toEqual([[{ instance: 'db:9100', code: '500' }, '< 90%']]);
    expect([up?.windowMs, up?.unit]).toEqual([3_600_000, '']);
  });

  it('reports a prometheus metric with from, by or another measure, an empty query, and one without sources.prometheus', () => {
    expect(errors(`${SOURCE}metrics:\n  a: { prometheus: up, from: gen }\n  b: { prometheus: "  ", by: instance }\n  c: { prometheus: up, count: true, github: {} }\n`)).toEqual([
      'plan.yaml:7:24: metrics.a.from: a prometheus metric is measured by its PromQL query; it takes no from',
      'plan.yaml:8:20: metrics.b.prometheus: the PromQL query is empty',
      'plan.yaml:8:26: metrics.b.by: a prometheus metric is measured by its PromQL query; its groups are the labels of its answer (group in the query: avg by (instance) (...))',
      'plan.yaml:9:24: metrics.c.count: a prometheus metric is measured by its PromQL query; it takes no count',
      'plan.yaml:9:37: metrics.c.github: a prometheus metric is measured by its PromQL query; it takes no github',
    ]);
    expect(errors('metrics:\n  up: { prometheus: up }\n')).toEqual(['plan.yaml:6:9: metrics.up.prometheus: a prometheus metric needs sources.prometheus (the Prometheus server to query)']);
  });

  it('reports a bad URL and a timeout out of bounds where they are written', () => {
    expect(errors('sources: { prometheus: { url: "ftp://x" } }\n')).toEqual(['plan.yaml:5:31: sources.prometheus.url: url is the http(s) address of Prometheus, e.g. http://prometheus:9090']);
    expect(errors('sources: { prometheus: { url: "http://p:9090", timeout: 5m } }\n')).toEqual(['plan.yaml:5:57: sources.prometheus.timeout: the timeout is between 1s and 2m']);
  });
});

describe('the prometheus examples of the docs', () => {
  it('load, with the metrics they show', async () => {
    for (const [file, heading, ids] of [
      ['plan.md', '### Prometheus queries', ['api_cpu', 'db_connections']],
      ['sources.md', '## Prometheus queries', ['api_cpu', 'db_connections', 'replication_lag_max']],
    ] as const) {
      const doc = await readFile(new URL(`../../docs/${file}`, import.meta.url), 'utf8');
      const example = new RegExp(`${heading}\\n[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(doc)?.[1] ?? '';
      const plan = load(example);
      expect(plan.metrics.map((m) => `${m.id}: ${m.measure.kind}`)).toEqual(ids.map((id) => `${id}: prometheus`));
    }
  });
});
