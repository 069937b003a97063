import { describe, expect, it } from 'vitest';
import type { SloAlertJson, SloPoint } from '../data/slos.js';
import { budgetWord, burnDownLine, burnLines, burnText, burnWindows, factorGuides } from './slo.js';

const RATES = { '5m': 20, '30m': 8, '1h': 15, '2h': 4, '6h': 7, '1d': 2, '3d': 0.5 };

function alert(kind: 'page' | 'ticket', windows: [string, string, number][]): SloAlertJson {
  return {
    name: `checkout_${kind}`,
    kind,
    severity: kind === 'page' ? 'P1' : 'P3',
    windows: windows.map(([long, short, factor]) => ({ long, short, factor, long_burn: null, short_burn: null, burning: false })),
    instances: [],
    firing: false,
  };
}

const PAGE = alert('page', [['1h', '5m', 14.4], ['6h', '30m', 6]]);
const TICKET = alert('ticket', [['1d', '2h', 3], ['3d', '6h', 1]]);

const points: SloPoint[] = [
  { t: '2026-12-01T00:00:00.000Z', sli: null, remaining: null, status: 'unknown', burn_rates: { ...RATES, '1h': null } },
  { t: '2026-12-01T01:00:00.000Z', sli: 0.99, remaining: 0.4, status: 'green', burn_rates: RATES },
];

describe('the SLO charts', () => {
  it('draws the remaining budget at each point, gaps where there were no events', () => {
    expect(burnDownLine(points).points).toEqual([
      { t: Date.parse('2026-12-01T00:00:00Z'), value: null },
      { t: Date.parse('2026-12-01T01:00:00Z'), value: 0.4 },
    ]);
  });

  it("draws the long window of each of the alerts' pairs, with a guide at each pair's factor", () => {
    const slo = { alerts: [PAGE, TICKET], burn_rates: RATES };
    expect(burnWindows(slo)).toEqual(['1h', '6h', '1d', '3d']);
    expect(burnLines(burnWindows(slo), points).map((l) => [l.label, l.points.map((p) => p.value)])).toEqual([
      ['burn rate over 1h', [null, 15]],
      ['burn rate over 6h', [7, 7]],
      ['burn rate over 1d', [2, 2]],
      ['burn rate over 3d', [0.5, 0.5]],
    ]);
    expect(factorGuides(slo)).toEqual([
      { value: 14.4, label: 'page 14.4× (1h and 5m)' },
      { value: 6, label: 'page 6× (6h and 30m)' },
      { value: 3, label: 'ticket 3× (1d and 2h)' },
      { value: 1, label: 'ticket 1× (3d and 6h)' },
    ]);
  });

  it("takes an SLO's own windows, leaving out those the API does not report, and the usual ones without alerts", () => {
    const own = alert('page', [['2h', '5m', 10], ['4h', '20m', 5]]);
    expect(burnWindows({ alerts: [own], burn_rates: RATES })).toEqual(['2h']);
    expect(factorGuides({ alerts: [own] }).map((g) => g.value)).toEqual([10, 5]);
    expect(burnWindows({ alerts: [], burn_rates: RATES })).toEqual(['1h', '6h', '1d', '3d']);
    expect(factorGuides({ alerts: [] })).toEqual([]);
  });

  it('writes a factor scaled to the window with three digits, keeping its exact value to draw', () => {
    const scaled = alert('ticket', [['3d', '6h', 0.933333333333]]);
    expect(factorGuides({ alerts: [scaled] })).toEqual([{ value: 0.933333333333, label: 'ticket 0.933× (3d and 6h)' }]);
  });

  it('says the status and the burn rates in words', () => {
    expect(['green', 'yellow', 'red', 'unknown'].map((s) => budgetWord(s as 'green'))).toEqual(['Budget healthy', 'Budget low', 'Budget exhausted', 'No data']);
    expect([burnText(14.4), burnText(0.123456), burnText(null)]).toEqual(['14.4×', '0.123×', '–']);
  });
});
