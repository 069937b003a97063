import { describe, expect, it } from 'vitest';
import type { SloSpec } from '../plan/slo-types.js';
import type { Incident } from '../incidents/types.js';
import { evaluateSlo, windowKey, windowsOf } from './evaluate.js';
import { MinuteRollup, minuteOf, windowSums, type MinuteCounts } from './rollup.js';
import { incidentMinutes } from './source.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const NOW = Date.parse('2026-12-07T12:00:30Z');
const CURRENT = minuteOf(NOW);

const slo = (extra: Partial<SloSpec> = {}): SloSpec => ({
  id: 'avail',
  title: 'Availability',
  objective: 0.995,
  windowMs: 30 * D,
  sli: { kind: 'events', event: 'req', where: [], good: [] },
  by: [],
  alerts: {},
  ...extra,
});

/** Counts for one group: [minutes before the current one, good, total]. */
function minutes(...rows: [number, number, number][]): Map<number, { good: number; total: number }> {
  return new Map(rows.map(([ago, good, total]) => [CURRENT - ago, { good, total }]));
}

describe('an SLO evaluated from per-minute counts', () => {
  it('sums each window over the minutes up to the current one: 5m is the current minute and the 4 before', () => {
    const counts = minutes([0, 9, 10], [4, 5, 10], [5, 0, 10], [59, 10, 10], [60, 0, 10]);
    const sums = windowSums(counts, CURRENT, [5 * M, H, 2 * H]);
    expect(sums.get(5 * M)).toEqual({ good: 14, total: 20 });
    expect(sums.get(H)).toEqual({ good: 24, total: 40 });
    expect(sums.get(2 * H)).toEqual({ good: 24, total: 50 });
  });

  it('gives the SLI, budget, status and the burn rate of every reported window', () => {
    // 30 d: 100 000 events, 300 bad, of which 20 in the last hour (1 000 events) and none in the last 5 minutes.
    const counts: MinuteCounts = new Map([['{}', { group: {}, minutes: minutes([0, 100, 100], [30, 880, 900], [3 * 60, 9_870, 10_000], [10 * 24 * 60, 88_850, 89_000]) }]]);
    const at = evaluateSlo(slo(), counts, NOW);
    expect([at.good, at.total, at.sli]).toEqual([99_700, 100_000, 0.997]);
    expect(at.errorBudget).toEqual({ total: 500, consumed: 300, remaining: 0.4 });
    expect(at.status).toBe('green');
    const rates = Object.fromEntries([...at.burn].map(([ms, rate]) => [windowKey(ms), rate]));
    // 30 m is the current minute and the 29 before: no errors. 1 h: 20 bad of 1 000 = 2 % / 0.5 % = 4;
    // 6 h: 150 bad of 11 000 = 2.727…; 30 d: 300 of 100 000 = 0.6.
    expect(rates).toEqual({ '30d': 0.6, '5m': 0, '30m': 0, '1h': 4, '2h': 4, '6h': 2.72727272727, '1d': 2.72727272727, '3d': 2.72727272727 });
    expect(at.groups).toEqual([]);
  });

  it('with by, gives each group its own budget, and the SLO its figures over all events', () => {
    const counts: MinuteCounts = new Map([
      ['{"region":"eu"}', { group: { region: 'eu' }, minutes: minutes([1, 990, 1_000]) }],
      ['{"region":"us"}', { group: { region: 'us' }, minutes: minutes([1, 1_000, 1_000]) }],
    ]);
    const at = evaluateSlo(slo({ by: ['region'] }), counts, NOW);
    expect([at.good, at.total, at.errorBudget.remaining]).toEqual([1_990, 2_000, 0]);
    expect(at.groups.map((g) => [g.group, g.errorBudget, g.status, g.burn.get(5 * M)])).toEqual([
      [{ region: 'eu' }, { total: 5, consumed: 10, remaining: -1 }, 'red', 2],
      [{ region: 'us' }, { total: 5, consumed: 0, remaining: 1 }, 'green', 0],
    ]);
  });

  it('over a window without events has no SLI, no burn rates and an unknown status', () => {
    const at = evaluateSlo(slo(), new Map(), NOW);
    expect([at.sli, at.errorBudget.remaining, at.status]).toEqual([null, null, 'unknown']);
    expect([...at.burn.values()].every((b) => b === null)).toBe(true);
  });

  it("reads the windows of the SLO's alerts besides the reported ones", () => {
    const s = slo({ alerts: { page: { severity: 'P1', windows: [{ longMs: 4 * H, shortMs: 20 * M, factor: 9 }] } } });
    expect(windowsOf(s).map(windowKey)).toEqual(['30d', '5m', '30m', '1h', '2h', '6h', '1d', '3d', '4h', '20m']);
  });

  it('counts an incident at its declaration once it is decided: acknowledged in time is good, late or unacknowledged past the limit bad', () => {
    const incident = (declaredAgo: number, ackAfter: number | null, severity: Incident['severity'] = 'SEV1'): Incident =>
      ({ id: 'INC-1', severity, declaredAt: NOW - declaredAgo, acknowledgedAt: ackAfter === null ? null : NOW - declaredAgo + ackAfter }) as Incident;
    const p1 = slo({ sli: { kind: 'incidents', figure: 'acknowledged_within', withinMs: 15 * M, severities: ['SEV1'] } });
    const list = [incident(2 * H, 10 * M), incident(3 * H, 20 * M), incident(4 * H, null), incident(5 * M, null), incident(H, 1 * M, 'SEV2')];
    const counts = incidentMinutes(p1, list, CURRENT - 90 * 24 * 60, NOW);
    const at = evaluateSlo({ ...p1, objective: 0.95, windowMs: 90 * D }, counts, NOW);
    // Three decided SEV1s: one in time, one late, one never acknowledged; the one 5 minutes old may still be.
    expect([at.good, at.total]).toEqual([1, 3]);
    expect(at.sli).toBe(0.333333333333);
  });
});

describe('the per-minute rollup', () => {
  const read = (...rows: [number, number, number][]): MinuteCounts => new Map([['{}', { group: {}, minutes: minutes(...rows) }]]);

  it('reads the whole span first, then only the last minutes, then again from a minute a late commit touched', () => {
    const rollup = new MinuteRollup({ spanMinutes: 60, rereadMinutes: 2 });
    expect(rollup.begin(NOW)).toBe(CURRENT - 59);
    rollup.store(CURRENT - 59, NOW, read([0, 1, 1], [30, 5, 10], [59, 1, 1]));
    const later = NOW + 2 * M;
    expect(rollup.begin(later)).toBe(CURRENT - 2);
    rollup.store(CURRENT - 2, later, new Map([['{}', { group: {}, minutes: new Map([[CURRENT + 2, { good: 3, total: 3 }]]) }]]));
    const kept = rollup.current().get('{}')?.minutes;
    // The current minute of the first read was read again and had nothing this time; the oldest minutes slid out.
    expect([...(kept?.entries() ?? [])].sort(([a], [b]) => a - b)).toEqual([
      [CURRENT - 30, { good: 5, total: 10 }],
      [CURRENT + 2, { good: 3, total: 3 }],
    ]);
    rollup.invalidate(NOW - 40 * M);
    expect(rollup.begin(later)).toBe(CURRENT - 40);
    expect(rollup.begin(later)).toBe(CURRENT);
  });

  it('keeps an invalidation that arrives while a read is in flight for the next read', () => {
    const rollup = new MinuteRollup({ spanMinutes: 60, rereadMinutes: 0 });
    rollup.store(rollup.begin(NOW), NOW, read([1, 1, 1]));
    const from = rollup.begin(NOW);
    rollup.invalidate(NOW - 10 * M);
    rollup.store(from, NOW, read());
    expect(rollup.begin(NOW)).toBe(CURRENT - 10);
  });

  it('reads everything again once the refresh period has passed', () => {
    const rollup = new MinuteRollup({ spanMinutes: 60, refreshMs: H });
    rollup.store(rollup.begin(NOW), NOW, read([1, 1, 1]));
    expect(rollup.begin(NOW + H)).toBe(CURRENT + 60 - 59);
    expect(rollup.current().size).toBe(0);
  });
});
