import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

const HEAD = [
  'version: 1',
  'product: { name: x }',
  'events:',
  '  api_request: { route: string, status: number, duration_ms: number, region: { enum: [eu, us] } }',
  'probes:',
  '  api: { url: "https://example.com/health" }',
];

function load(lines: string[]): { plan?: Plan; errors: string[] } {
  const result = loadPlanText([...HEAD, ...lines, ''].join('\n'), 'plan.yaml', {});
  return result.kind === 'ok' ? { plan: result.plan, errors: [] } : { errors: result.errors.map(formatPlanError) };
}

const ISSUE_EXAMPLE = [
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
  '      ticket: { severity: P3 }',
  '  checkout_latency:',
  '    objective: 99%',
  '    window: 28d',
  '    sli: { events: api_request, where: { route: /checkout }, good: { duration_ms: { lte: 500 } } }',
  '  api_uptime:',
  '    objective: 99.5%',
  '    window: 30d',
  '    sli: { probe: api }',
  '  p1_response:',
  '    objective: 95%',
  '    window: 90d',
  '    sli: { incidents: acknowledged_within, within: 15m, severity: SEV1 }',
];

describe('plan slos', () => {
  it("reads the issue's four SLOs: objective as a fraction, window, each SLI form, by, and the alerts with the workbook's windows", () => {
    const { plan, errors } = load(ISSUE_EXAMPLE);
    expect(errors).toEqual([]);
    const slos = plan?.slos ?? [];
    expect(slos.map((s) => [s.id, s.objective, s.windowMs])).toEqual([
      ['checkout_availability', 0.995, 30 * 86_400_000],
      ['checkout_latency', 0.99, 28 * 86_400_000],
      ['api_uptime', 0.995, 30 * 86_400_000],
      ['p1_response', 0.95, 90 * 86_400_000],
    ]);
    expect(slos[0]?.sli).toEqual({
      kind: 'events',
      event: 'api_request',
      where: [{ field: 'route', condition: { op: 'eq', value: '/checkout' } }],
      good: [{ field: 'status', condition: { op: 'lt', value: 500 } }],
    });
    expect(slos[0]?.by).toEqual(['region']);
    expect(slos[0]?.title).toBe('Checkout availability');
    expect(slos[1]?.title).toBe('checkout_latency');
    expect(slos[2]?.sli).toEqual({ kind: 'probe', probe: 'api' });
    expect(slos[3]?.sli).toEqual({ kind: 'incidents', figure: 'acknowledged_within', withinMs: 900_000, severities: ['SEV1'] });
    const h = 3_600_000;
    expect(slos[0]?.alerts.page).toEqual({ severity: 'P1', windows: [{ longMs: h, shortMs: 300_000, factor: 14.4 }, { longMs: 6 * h, shortMs: 1_800_000, factor: 6 }] });
    expect(slos[0]?.alerts.ticket).toEqual({ severity: 'P3', windows: [{ longMs: 24 * h, shortMs: 2 * h, factor: 3 }, { longMs: 72 * h, shortMs: 6 * h, factor: 1 }] });
    expect(slos[1]?.alerts).toEqual({});
  });

  it('generates the page and ticket alerts as ordinary rules named <slo>_page and <slo>_ticket, labelled with the SLO', () => {
    const { plan } = load(ISSUE_EXAMPLE);
    const rules = (plan?.alerts ?? []).filter((a) => a.labels.slo !== undefined);
    expect(rules.map((r) => [r.name, r.labels, r.levels.map((l) => [l.severity, l.condition])])).toEqual([
      ['checkout_availability_page', { slo: 'checkout_availability' }, [['P1', { kind: 'slo_burn', slo: 'checkout_availability', alert: 'page', text: 'slo_burn(checkout_availability, page)' }]]],
      ['checkout_availability_ticket', { slo: 'checkout_availability' }, [['P3', { kind: 'slo_burn', slo: 'checkout_availability', alert: 'ticket', text: 'slo_burn(checkout_availability, ticket)' }]]],
    ]);
  });

  it('scales the factors to other windows as Sloth does (the same windows, the same share of the budget)', () => {
    const { plan } = load(['slos:', '  s: { objective: 99%, window: 28d, sli: { probe: api }, alerts: { page: {}, ticket: {} } }']);
    const slo = plan?.slos[0];
    expect(slo?.alerts.page?.windows.map((w) => w.factor)).toEqual([13.44, 5.6]);
    expect(slo?.alerts.ticket?.windows.map((w) => w.factor)).toEqual([2.8, 0.933333333333]);
    expect(slo?.alerts.page?.severity).toBe('P1');
    expect(slo?.alerts.ticket?.severity).toBe('P3');
  });

  it('takes windows given under alerts.page.windows instead of the defaults', () => {
    const { plan, errors } = load(['slos:', '  s:', '    objective: 99%', '    window: 7d', '    sli: { probe: api }', '    alerts: { page: { severity: P2, windows: [{ long: 2h, short: 10m, factor: 10 }] } }']);
    expect(errors).toEqual([]);
    expect(plan?.slos[0]?.alerts.page).toEqual({ severity: 'P2', windows: [{ longMs: 7_200_000, shortMs: 600_000, factor: 10 }] });
  });

  it('lets an alert under alerts name an SLO with slo_burn(), and refuses one that names no SLO', () => {
    const ok = load([...ISSUE_EXAMPLE, 'alerts:', '  - { name: latency_burn, when: "slo_burn(checkout_latency, ticket)", severity: P4 }']);
    expect(ok.errors).toEqual([]);
    expect(ok.plan?.alerts.find((a) => a.name === 'latency_burn')?.levels[0]?.condition).toEqual({ kind: 'slo_burn', slo: 'checkout_latency', alert: 'ticket', text: 'slo_burn(checkout_latency, ticket)' });
    expect(load(['alerts:', '  - { name: b, when: "slo_burn(nope, page)" }']).errors).toEqual(['plan.yaml:8:22: alerts.0.when: no SLO "nope" under slos (declared: none)']);
  });

  it('names each problem at file:line:col: unknown probe, event, field, objective out of range, window, SLI form', () => {
    const { errors } = load([
      'slos:',
      '  a: { objective: 100%, window: 30d, sli: { probe: web } }',
      '  b: { objective: 99%, window: 30d, sli: { events: api_requests, good: { status: { lt: 500 } } } }',
      '  c: { objective: 99%, window: 30d, sli: { events: api_request, good: { code: 200 } }, by: zone }',
      '  d: { objective: 0%, window: 30s, sli: { events: api_request, probe: api } }',
      '  e: { objective: 99%, window: 30d, sli: { events: api_request, good: { status: { lt: 500 } } }, colour: red }',
      '  f: { objective: 99%, window: 30d, sli: { incidents: acknowledged_within } }',
      '  g: { objective: lots, window: 30d, sli: { events: api_request } }',
    ]);
    expect(errors).toEqual([
      'plan.yaml:8:19: slos.a.objective: the objective must be above 0% and below 100% (100% leaves no error budget)',
      'plan.yaml:8:52: slos.a.sli.probe: no probe "web" is declared under probes (declared: api)',
      'plan.yaml:9:52: slos.b.sli.events: no event "api_requests" is declared under events (declared: api_request)',
      'plan.yaml:10:73: slos.c.sli.good.code: event "api_request" has no field "code" (it has: user_id, session_id, route, status, duration_ms, region)',
      'plan.yaml:10:92: slos.c.by: event "api_request" has no field "zone" (it has: user_id, session_id, route, status, duration_ms, region)',
      'plan.yaml:11:19: slos.d.objective: the objective must be above 0% and below 100% (0% leaves nothing to promise)',
      'plan.yaml:11:31: slos.d.window: SLO windows are whole minutes, at least 1m ("30s")',
      'plan.yaml:11:41: slos.d.sli: an SLI takes one of events, probe, incidents; this one has events and probe',
      'plan.yaml:12:98: slos.e.colour: unknown key "colour"',
      'plan.yaml:13:42: slos.f.sli: an incidents SLI needs within: how soon an incident must be acknowledged, e.g. within: 15m',
      'plan.yaml:14:19: slos.g.objective: "lots" is not an objective (expected a percentage such as 99.5%)',
      'plan.yaml:14:43: slos.g.sli: an events SLI needs good: the conditions a good event meets, e.g. good: { status: { lt: 500 } }',
    ]);
  });

  it('refuses a generated alert name an alert under alerts already has, and a short window not shorter than the long one', () => {
    const { errors } = load([
      'slos:',
      '  s: { objective: 99%, window: 30d, sli: { probe: api }, alerts: { page: { windows: [{ long: 5m, short: 1h, factor: 2 }] } } }',
      'alerts:',
      '  - { name: s_page, when: "absent(api_request, 1h)" }',
    ]);
    expect(errors).toEqual([
      'plan.yaml:8:68: slos.s.alerts.page: the page alert of this SLO is named "s_page", which an alert under alerts already is',
      'plan.yaml:8:105: slos.s.alerts.page.windows.0.short: the short window (1h) must be shorter than the long one (5m)',
    ]);
  });
});
