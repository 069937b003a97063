/** The probes section, the implicit probe_result event, `uptime:` metrics and `uptime()` conditions; errors with file:line:col. */
import { describe, expect, it } from 'vitest';
import { parseCondition } from './alerting.js';
import { formatPlanError, loadPlanText } from './load.js';
import { PROBE_EVENT } from './probe-types.js';
import type { Plan } from './types.js';

/** Lines 1-4; what follows starts on line 5. */
const HEADER = ['version: 1', 'product: { name: caro }', 'events:', '  gen: { success: boolean }', ''].join('\n');

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

const PROBES = ['components:', '  api: { name: API }', 'probes:', '  api:', '    url: https://api.example.com/healthz', '    component: api', '  web: { url: "http://web.example.com/", method: HEAD, expect_status: [200, 301], body_contains: ok, timeout: 2s, interval: 30s, down_after: 3 }', ''].join('\n');

describe('probes in the plan', () => {
  it('reads probes with their defaults, and declares probe_result for them', () => {
    const plan = load(PROBES);
    expect(plan.probes.api).toEqual({ name: 'api', url: 'https://api.example.com/healthz', method: 'GET', expectStatus: [], timeoutMs: 10_000, intervalMs: 60_000, component: 'api', downAfter: 2 });
    expect(plan.probes.web).toEqual({ name: 'web', url: 'http://web.example.com/', method: 'HEAD', expectStatus: [200, 301], bodyContains: 'ok', timeoutMs: 2000, intervalMs: 30_000, downAfter: 3 });
    expect(plan.events[PROBE_EVENT]?.properties).toMatchObject({
      probe: { type: 'string', enum: ['api', 'web'] },
      ok: { type: 'boolean' },
      status: { type: 'number', optional: true },
      latency_ms: { type: 'number' },
    });
  });

  it('has no probe_result event without probes', () => {
    expect(load('').events[PROBE_EVENT]).toBeUndefined();
    expect(load('').probes).toEqual({});
  });

  it('reports bad probes where they are written', () => {
    expect(
      errors(['components: { api: API }', 'probes:', '  a: { url: "ftp://x/", timeout: 0s }', '  b: { url: "http://x/", component: db, interval: 10s, timeout: 20s, color: red }', '  c: { url: "http://x/", interval: 500ms }', ''].join('\n')),
    ).toEqual([
      'plan.yaml:7:13: probes.a.url: a probe url is an http:// or https:// URL',
      'plan.yaml:8:70: probes.b.color: unknown key "color"',
      'plan.yaml:9:36: probes.c.interval: a probe runs at most once a second: the interval must be at least 1s',
    ]);
    expect(errors(['components: { api: API }', 'probes:', '  b: { url: "http://x/", component: db, interval: 10s, timeout: 20s }', ''].join('\n'))).toEqual([
      'plan.yaml:7:37: probes.b.component: no component "db" is declared under components (declared: api)',
      'plan.yaml:7:65: probes.b.timeout: the timeout (20s) is longer than the interval (10s)',
    ]);
  });

  it('refuses a declared probe_result event when the plan has probes', () => {
    expect(errors(['  probe_result: { x: number }', 'probes: { a: { url: "http://x/" } }', ''].join('\n'))).toEqual([
      'plan.yaml:5:3: events.probe_result: "probe_result" is the event probes write; with probes in the plan it cannot be declared',
    ]);
  });
});

describe('uptime metrics and conditions', () => {
  it('expands uptime: <probe> into a ratio of ok results of that probe', () => {
    const plan = load(`${PROBES}metrics:\n  api_uptime: { uptime: api, window: 30d, target: { green: ">= 99.9%" } }\n`);
    expect(plan.metrics[0]).toMatchObject({
      id: 'api_uptime',
      title: 'Uptime of api',
      from: PROBE_EVENT,
      where: [{ field: 'probe', condition: { op: 'eq', value: 'api' } }],
      measure: { kind: 'ratio', match: [{ field: 'ok', condition: { op: 'eq', value: true } }] },
      unit: 'percent',
      windowMs: 30 * 86_400_000,
    });
  });

  it('reports an uptime metric of an unknown probe, or one that also sets from', () => {
    expect(errors(`${PROBES}metrics:\n  x: { uptime: nope, window: 1d }\n  y: { uptime: api, from: gen, window: 1d }\n`)).toEqual([
      'plan.yaml:13:16: metrics.x.uptime: no probe "nope" is declared under probes (declared: api, web)',
      'plan.yaml:14:21: metrics.y.from: uptime sets from itself; remove from',
    ]);
  });

  it('parses uptime(probe, window) as a threshold on the metric uptime_<probe>_<window>, keeping the text', () => {
    expect(parseCondition('uptime(api, 1h) < 99.5%')).toEqual({
      kind: 'ok',
      condition: { kind: 'threshold', metric: 'uptime_api_1h', op: '<', value: 0.995, text: 'uptime(api, 1h) < 99.5%' },
    });
    expect(parseCondition('uptime(api, 1x) < 99%')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('"1x" is not a duration') });
    expect(parseCondition('uptime(api, 1h) is low')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('uptime(probe, 1h) < 99.5%') });
  });

  it('adds the metric an uptime() condition reads, once, unless the plan declares it', () => {
    const plan = load(
      `${PROBES}alerts:\n  - { name: api_down, when: "uptime(api, 1h) < 99.5%" }\n  - { name: api_down_p1, when: { P1: "uptime(api, 1h) < 90%", P3: "uptime(web, 30m) < 99%" } }\n`,
    );
    expect(plan.metrics.map((m) => [m.id, m.from, m.windowMs])).toEqual([
      ['uptime_api_1h', PROBE_EVENT, 3_600_000],
      ['uptime_web_30m', PROBE_EVENT, 1_800_000],
    ]);
    expect(plan.alerts[1]?.levels.map((l) => l.condition)).toMatchObject([{ metric: 'uptime_api_1h' }, { metric: 'uptime_web_30m' }]);
  });

  it('reports an uptime() condition on an unknown probe once', () => {
    expect(errors(`${PROBES}alerts:\n  - { name: x, when: "uptime(nope, 1h) < 99%" }\n`)).toEqual(['plan.yaml:13:22: alerts.0.when: no probe "nope" is declared under probes (declared: api, web)']);
  });
});
