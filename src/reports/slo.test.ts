import { describe, expect, it } from 'vitest';
import type { Incident } from '../incidents/types.js';
import type { SloSpec } from '../plan/slo-types.js';
import type { Counts } from '../slo/burn.js';
import type { MinuteCounts } from '../slo/rollup.js';
import { weeklyReport } from './build.js';
import { fixturePlan, SLOS, W47, weeklySource } from './fixtures.js';
import { render } from './render.js';
import { burnedSpans, sloIncidents, sloPeriodOf } from './slo.js';
import { gatherSlos, sloPeriodEnd } from './slo-gather.js';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

function fixtureSlo(): SloSpec {
  const slo = fixturePlan().slos[0];
  if (!slo) throw new Error('fixture plan without an SLO');
  return slo;
}

/** Minutes counted from W47's start. */
const minute = (m: number): number => Math.floor(W47.from / M) + m;

function counts(groups: Record<string, [number, Counts][]>): MinuteCounts {
  return new Map(Object.entries(groups).map(([backend, minutes]) => [JSON.stringify({ backend }), { group: { backend }, minutes: new Map(minutes.map(([m, c]) => [minute(m), c])) }]));
}

function incident(fields: Partial<Incident> & Pick<Incident, 'id' | 'declaredAt'>): Incident {
  return { title: fields.id, severity: 'SEV2', status: 'resolved', commander: null, components: {}, alerts: [], declaredBy: 'ana', acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, lastUpdateAt: fields.declaredAt, postmortemDueAt: null, postmortemWrittenAt: null, ...fields };
}

describe('an SLO over a report period', () => {
  const slo = fixtureSlo(); // 99 % over 7 d, by backend
  // The 7 d window ending with the week is the week itself: the minute before it counts in neither.
  const data = counts({
    static: [
      [-10, { good: 100, total: 100 }], // before the week: outside both the period and the 7 d window at its end
      [60, { good: 900, total: 900 }],
    ],
    embedded: [
      [4 * 24 * 60, { good: 90, total: 100 }], // 10 bad of 100: this minute burns 10 / 100 / 1 % = 10×
      [4 * 24 * 60 + 1, { good: 49, total: 50 }], // 1 bad of 50: 2×
      [4 * 24 * 60 + 3, { good: 1000, total: 1000 }],
    ],
  });

  it('counts the bad events of the period against the budget of the window ending with it', () => {
    const figures = sloPeriodOf(slo, data, W47, W47.to);
    // 2050 events in the week, 11 bad; the budget is 1 % of 2050 = 20.5.
    expect(figures.period).toEqual({ good: 2039, total: 2050 });
    expect(figures.atEnd).toEqual({ good: 2039, total: 2050 });
    expect(figures.groups.map((g) => [g.group.backend, g.period.total - g.period.good])).toEqual([
      ['embedded', 11],
      ['static', 0],
    ]);
    const report = weeklyReport(weeklySource({ slos: [figures], incidents: [] }));
    const row = report.slos[0];
    expect(row).toMatchObject({ id: 'gen_success', bad: 11, budget: 20.5, status: 'green', window: '7d' });
    expect(row?.consumed).toBeCloseTo(11 / 20.5, 10);
    expect(row?.remaining).toBeCloseTo(1 - 11 / 20.5, 10);
    // embedded: 11 bad of 1150 events, a budget of 11.5.
    expect(row?.groups[0]).toMatchObject({ group: { backend: 'embedded' }, bad: 11, budget: 11.5 });
  });

  it('stops at `end` while the period is in progress', () => {
    const end = sloPeriodEnd(W47, W47.from + 4 * D + 1 * M + 30_000);
    expect(end).toBe(W47.from + 4 * D + 1 * M + 30_001);
    const figures = sloPeriodOf(slo, data, W47, end);
    expect(figures.period).toEqual({ good: 1039, total: 1050 });
  });

  it('marks the minutes that burned faster than the budget allows, consecutive ones as one span', () => {
    const merged = new Map([
      [minute(10), { good: 98, total: 100 }], // 2×
      [minute(11), { good: 99, total: 100 }], // 1×: not faster
      [minute(12), { good: 0, total: 1 }],
      [minute(13), { good: 0, total: 1 }],
      [minute(20), { good: 5, total: 5 }],
    ]);
    expect(burnedSpans(slo, merged, minute(0), minute(100))).toEqual([
      [W47.from + 10 * M, W47.from + 11 * M],
      [W47.from + 12 * M, W47.from + 14 * M],
    ]);
    expect(burnedSpans(slo, merged, minute(12), minute(12))).toEqual([[W47.from + 12 * M, W47.from + 13 * M]]);
  });
});

describe('the incidents tied to an SLO', () => {
  const slo = fixtureSlo();
  const burned: [number, number][] = [[W47.from + 2 * H, W47.from + 3 * H]];
  const now = W47.to;
  const page = { fingerprint: 'fp-page', rule: 'gen_success_page', from: 'pending' as const, to: 'firing' as const, severity: 'P1' as const, value: 1, at: W47.from + 5 * D, reason: 'condition_met' as const };

  it('lists those overlapping a burn and those of its alerts, in declaration order, and no other', () => {
    const list = sloIncidents(
      slo,
      burned,
      [
        incident({ id: 'INC-4', declaredAt: W47.from + 5 * D, alerts: ['fp-page'] }), // joined by the page alert
        incident({ id: 'INC-3', declaredAt: W47.from + 4 * D, fromRule: 'gen_success_ticket' }), // declared from the ticket alert
        incident({ id: 'INC-1', declaredAt: W47.from + 150 * M, resolvedAt: W47.from + 4 * H }), // inside the burn
        incident({ id: 'INC-2', declaredAt: W47.from + 4 * H, startedAt: W47.from + 2 * H + 30 * M }), // began in the burn, declared after it, still open
        incident({ id: 'INC-5', declaredAt: W47.from + 3 * H, resolvedAt: W47.from + 5 * H }), // right after the burn: no
        incident({ id: 'INC-6', declaredAt: W47.from, resolvedAt: W47.from + 2 * H }), // resolved as it began: no
      ],
      [page],
      now,
    );
    expect(list.map((i) => [i.id, i.why])).toEqual([
      ['INC-1', 'burn'],
      ['INC-2', 'burn'],
      ['INC-3', 'alert'],
      ['INC-4', 'alert'],
    ]);
  });

  it('lists nothing for an SLO that did not burn and has no alerts in the period', () => {
    expect(sloIncidents(slo, [], [incident({ id: 'INC-1', declaredAt: W47.from + H })], [], now)).toEqual([]);
  });
});

describe('the SLO section in the renderings', () => {
  it('is left out for a plan without SLOs', () => {
    const plan = fixturePlan();
    const report = weeklyReport(weeklySource({ plan: { ...plan, slos: [] } }));
    expect(report.slos).toEqual([]);
    expect(render(report, 'md')).not.toContain('## SLOs');
    expect(render(report, 'html')).not.toContain('>SLOs</h2>');
  });

  it('shows an SLO that could not be read without figures', () => {
    const failed = SLOS.map((s) => ({ ...s, failed: true as const }));
    const report = weeklyReport(weeklySource({ slos: failed }));
    expect(report.slos[0]).toMatchObject({ id: 'gen_success', error: 'could not be read (see the server log)', groups: [], incidents: [] });
    expect(render(report, 'md')).toContain('| could not be read (see the server log) | – |');
  });

  it('escapes the SLO title in HTML and Markdown', () => {
    const report = weeklyReport(weeklySource());
    expect(render(report, 'html')).toContain('Generation &lt;b&gt;ok&lt;/b&gt; | success');
    expect(render(report, 'html')).not.toContain('<b>ok</b>');
    expect(render(report, 'md')).toContain('Generation \\<b>ok\\</b> \\| success');
  });
});

describe('gathering an SLO', () => {
  it('reads the minutes from the window before the end through the end, and reports a failed read as failed', async () => {
    const slo = fixtureSlo();
    const plan = { ...fixturePlan(), slos: [slo] };
    const asked: { from: number; to: number }[] = [];
    const events = {
      series: async (_m: unknown, range: { from: number; to: number }) => (asked.push(range), { points: [], groups: [] }),
    };
    const [ok] = await gatherSlos(plan, { events, incidents: { incidents: async () => [] } }, W47, W47.to + D);
    expect(ok).toMatchObject({ sloId: 'gen_success', period: { good: 0, total: 0 }, burned: [] });
    // The 7 d window ending with the week is the week itself.
    expect(asked[0]).toEqual({ from: W47.from, to: W47.to });
    const errors: string[] = [];
    const broken = { series: async () => Promise.reject(new Error('store down')) };
    const [failed] = await gatherSlos(plan, { events: broken, incidents: { incidents: async () => [] } }, W47, W47.to, (s) => errors.push(s.id));
    expect(failed?.failed).toBe(true);
    expect(errors).toEqual(['gen_success']);
  });
});
