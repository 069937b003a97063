import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import { exportText, importText } from './slo-openslo.js';

const HEAD = ['version: 1', 'product: { name: Shop App }', 'events:', '  api_request: { route: string, status: number, duration_ms: number, region: string }', 'probes:', '  api: { url: "https://example.com/health" }'];
const SLOS = [
  'slos:',
  '  checkout_availability:',
  '    title: Checkout availability',
  '    objective: 99.5%',
  '    window: 30d',
  '    sli:',
  '      events: api_request',
  '      where: { route: /checkout }',
  '      good: { status: { lt: 500 } }',
  '    by: region',
  '    alerts:',
  '      page: { severity: P1 }',
  '      ticket: { severity: P3, windows: [ { long: 1d, short: 2h, factor: 3 } ] }',
  '  checkout_latency:',
  '    objective: 99%',
  '    window: 28d',
  '    sli: { events: api_request, where: { route: /checkout }, good: { duration_ms: { lte: 500 } } }',
  '  api_uptime: { objective: 99.5%, window: 30d, sli: { probe: api } }',
  '  p1_response: { objective: 95%, window: 90d, sli: { incidents: acknowledged_within, within: 15m, severity: SEV1 } }',
];

function load(text: string): Plan {
  const result = loadPlanText(text, 'plan.yaml', {});
  if (result.kind !== 'ok') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}

const sloDoc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'x' }) => ({ apiVersion: 'openslo/v1', kind: 'SLO', metadata, spec });
const source = (spec: Record<string, unknown>, type = 'launchwatch') => ({ metricSource: { type, spec } });
const ratio = (metric: Record<string, unknown>) => ({ indicator: { metadata: { name: 'i' }, spec: { ratioMetric: metric } } });
const BASE = { service: 's', timeWindow: [{ duration: '30d', isRolling: true }], budgetingMethod: 'Occurrences', objectives: [{ target: 0.995 }] };
const GOOD = ratio({ counter: true, good: source({ events: 'e', good: { ok: true } }), total: source({ events: 'e' }) });
const yamlOf = (...docs: unknown[]): string => docs.map((d) => `---\n${JSON.stringify(d)}\n`).join('');

describe('slo export', () => {
  it('writes one OpenSLO v1 SLO document per SLO: ratioMetric of launchwatch sources, rolling window, Occurrences, the target', () => {
    const text = [...HEAD, ...SLOS].join('\n');
    const docs = parseAllDocuments(exportText(load(text), text)).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs).toHaveLength(4);
    expect(docs[0]).toEqual({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: {
        name: 'checkout-availability',
        displayName: 'Checkout availability',
        annotations: {
          'launchwatch/id': 'checkout_availability',
          'launchwatch/by': 'region',
          'launchwatch/alerts': '{"page":{"severity":"P1"},"ticket":{"severity":"P3","windows":[{"long":"1d","short":"2h","factor":3}]}}',
        },
      },
      spec: {
        service: 'shop-app',
        indicator: {
          metadata: { name: 'checkout-availability-sli' },
          spec: {
            ratioMetric: {
              counter: true,
              good: { metricSource: { type: 'launchwatch', spec: { events: 'api_request', where: { route: '/checkout' }, good: { status: { lt: 500 } } } } },
              total: { metricSource: { type: 'launchwatch', spec: { events: 'api_request', where: { route: '/checkout' } } } },
            },
          },
        },
        timeWindow: [{ duration: '30d', isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ displayName: 'Checkout availability', target: 0.995 }],
      },
    });
    expect((docs[2]?.spec as { indicator: unknown }).indicator).toMatchObject({ spec: { ratioMetric: { good: { metricSource: { spec: { probe: 'api', good: true } } }, total: { metricSource: { spec: { probe: 'api' } } } } } });
  });

  it('round-trips: the imported lines give the same SLOs as the plan they were exported from', () => {
    const text = [...HEAD, ...SLOS].join('\n');
    const original = load(text);
    const imported = importText(exportText(original, text));
    expect(imported.errors).toEqual([]);
    const again = load([...HEAD, imported.out].join('\n'));
    expect(again.slos).toEqual(original.slos);
    expect(again.alerts.map((a) => a.name)).toEqual(original.alerts.map((a) => a.name));
  });
});

describe('slo import', () => {
  it('prints plan lines for an SLO document, reading indicatorRef from an SLI document of the file and targetPercent', () => {
    const sli = { apiVersion: 'openslo/v1', kind: 'SLI', metadata: { name: 'errors' }, spec: GOOD.indicator.spec };
    const doc = sloDoc({ ...BASE, indicatorRef: 'errors', objectives: [{ targetPercent: 99.9 }], description: 'Checkout works' }, { name: 'checkout-ok', displayName: 'Checkout OK' });
    const service = { apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
    const { out, errors } = importText(yamlOf(service, sli, doc));
    expect(parse(out)).toEqual({ slos: { checkout_ok: { title: 'Checkout OK', description: 'Checkout works', objective: '99.9%', window: '30d', sli: { events: 'e', good: { ok: true } } } } });
    expect(errors).toEqual(['document 1 (s): kind Service is not an SLO; skipped']);
  });

  it.each([
    ['a thresholdMetric', { ...BASE, indicator: { spec: { thresholdMetric: source({ events: 'e' }) } } }, 'a thresholdMetric SLI is refused'],
    ['a raw ratio', { ...BASE, ...ratio({ raw: source({ events: 'e' }), rawType: 'success' }) }, 'a raw ratioMetric is refused'],
    ['bad instead of good', { ...BASE, ...ratio({ bad: source({ events: 'e' }), total: source({ events: 'e' }) }) }, 'a ratioMetric with bad is refused'],
    ['another tool’s source', { ...BASE, ...ratio({ good: source({ query: 'sum:x' }, 'Datadog'), total: source({ query: 'sum:y' }, 'Datadog') }) }, 'ratioMetric.total.metricSource.type is Datadog'],
    ['good that is not total plus good', { ...BASE, ...ratio({ good: source({ events: 'f', good: { ok: true } }), total: source({ events: 'e' }) }) }, 'must be the total spec with good added'],
    ['Timeslices budgeting', { ...BASE, ...GOOD, budgetingMethod: 'Timeslices' }, 'spec.budgetingMethod Timeslices is refused'],
    ['a calendar window', { ...BASE, ...GOOD, timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' } }] }, 'a calendar window is refused'],
    ['a month as the duration', { ...BASE, ...GOOD, timeWindow: [{ duration: '1M', isRolling: true }] }, '"1M" is not a duration in m, h, d or w'],
    ['two objectives', { ...BASE, ...GOOD, objectives: [{ target: 0.9 }, { target: 0.99 }] }, 'spec.objectives must hold exactly one objective'],
    ['a threshold objective', { ...BASE, ...GOOD, objectives: [{ op: 'lte', value: 200, target: 0.99 }] }, 'op and value are a threshold objective'],
  ])('refuses %s, saying why, and prints the others', (_what, spec, reason) => {
    const { out, errors } = importText(yamlOf(sloDoc(spec, { name: 'bad-one' }), sloDoc({ ...BASE, ...GOOD }, { name: 'fine' })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('refused document 1 (bad-one): ');
    expect(errors[0]).toContain(reason);
    expect(Object.keys((parse(out) as { slos: object }).slos)).toEqual(['fine']);
  });

  it('says so when the file has no SLO document or is not YAML', () => {
    expect(importText('').errors).toEqual(['no kind: SLO document in the file']);
    expect(importText('a: [').errors[0]).toMatch(/^document 1: not YAML/);
  });
});
