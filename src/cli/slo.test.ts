import { describe, expect, it } from 'vitest';
import type { SloJson } from '../slo/json.js';
import { percent, renderSlos } from './slo.js';

const rates = (value: number | null) => Object.fromEntries(['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => [w, value]));

const slo = (extra: Partial<SloJson>): SloJson => ({
  id: 'checkout',
  title: 'Checkout',
  objective: 0.995,
  window: '30d',
  by: [],
  sli: 0.99,
  good: 990,
  total: 1_000,
  error_budget: { total: 5, consumed: 10, remaining: -1 },
  burn_rates: rates(2),
  status: 'red',
  alerts: [],
  groups: [],
  ...extra,
});

describe('renderSlos', () => {
  it('names the firing alerts, with the group of an SLO with by', () => {
    const page = { name: 'checkout_page', kind: 'page' as const, severity: 'P1', windows: [], firing: true, instances: [{ labels: { alertname: 'checkout_page', slo: 'checkout', region: 'eu' }, state: 'firing', since: '2026-12-07T12:00:00.000Z' }] };
    const ticket = { ...page, name: 'checkout_ticket', kind: 'ticket' as const, severity: 'P3', firing: false, instances: [] };
    const text = renderSlos({ evaluated_at: '2026-12-07T12:00:30.000Z', slos: [slo({ by: ['region'], alerts: [page, ticket] }), slo({ id: 'latency', sli: null, status: 'unknown', error_budget: { total: 0, consumed: 0, remaining: null }, burn_rates: rates(null) })] });
    const lines = text.split('\n');
    expect(lines[3]).toMatch(/^checkout\s+99\.5%\s+30d\s+99%\s+-100%\s+red\s+2\s+2\s+2\s+2\s+2\s+2\s+2\s+checkout_page \(P1: region=eu\)$/);
    expect(lines[4]).toMatch(/^latency\s+99\.5%\s+30d\s+–\s+–\s+unknown(\s+–){8}$/);
    expect(text).toContain('0 green, 0 yellow, 1 red, 1 unknown');
  });

  it('says when the plan has no SLOs', () => {
    expect(renderSlos({ evaluated_at: 'now', slos: [] })).toContain('no slos in the plan');
  });

  it('shows fractions as percentages with no trailing zeros', () => {
    expect([percent(0.995), percent(0.99731), percent(1), percent(-0.5, 1), percent(null)]).toEqual(['99.5%', '99.73%', '100%', '-50%', '–']);
  });
});
