/**
 * Retention metrics on a real DuckDB file: known users, first seen on known
 * days, back (or not) after 7 days; the value over a range, the series, the
 * weekly cohorts, where-filters and events without a user.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSpec } from '../src/plan/types.js';
import { openEmbeddedStores } from '../src/store/duckdb/index.js';
import type { Stores } from '../src/store/duckdb/index.js';
import type { AdmittedEvent } from '../src/store/types.js';
import { monthPeriod } from '../src/reports/period.js';
import { buildMonthly } from '../src/reports/service.js';
import { planFrom } from './helpers/plan.js';

const D = 86_400_000;
const T0 = Date.parse('2026-11-02T00:00:00Z'); // a Monday

const plan = planFrom(`
version: 1
product: { name: retention }
events:
  run: { success: boolean }
metrics:
  day7_retention: { from: run, where: { success: true }, retention: { after: 7d }, window: 7d, target: { green: ">= 40%" } }
`);
const metric = plan.metrics.find((m) => m.id === 'day7_retention') as MetricSpec;

let seq = 0;
const run = (user: string | null, day: number, success = true): AdmittedEvent => ({ id: `r${seq++}`, type: 'run', ts: T0 + day * D, userId: user, sessionId: null, properties: { success } });

let dir: string;
let stores: Stores;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-retention-'));
  stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
  await stores.events.prepare(plan.events);
  await stores.events.append([
    run('a', 1), run('a', 9), // back on day 8 after first use: retained
    run('b', 2), run('b', 5), // back only within the week: not retained
    run('c', 3), run('c', 10), // back exactly 7 days later: retained
    run('d', 6), run('d', 12), // back 6 days later: not retained
    run('e', 9), // first seen the second week
    run('f', 4, false), run('f', 12, false), // only failed runs: outside the where
    run(null, 2), run(null, 11), // no user: never counted
  ]);
});

afterAll(async () => {
  await stores?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention metrics in DuckDB', () => {
  it('resolves with its after and a percent unit', () => {
    expect(metric).toMatchObject({ from: 'run', measure: { kind: 'retention', afterMs: 7 * D }, unit: 'percent' });
  });

  it('measures the users first seen 7 days before the range who came back at or after day 7', async () => {
    // Cohort: first seen in [day 1, day 7] = a, b, c, d; back by day 14 at or after day 7: a, c.
    expect(await stores.events.measure(metric, { from: T0 + 8 * D, to: T0 + 14 * D })).toEqual({ value: 0.5, events: 4, groups: [] });
    // Cohort [day 1, day 3): a, b; only events up to the end count, c's day-10 return is after it.
    expect(await stores.events.measure(metric, { from: T0 + 8 * D, to: T0 + 10 * D - 1 })).toEqual({ value: 0.5, events: 2, groups: [] });
    // Cohort [day 3, day 6]: c (back on day 10), d (back too early) = 1 of 2, measured up to day 13.
    expect(await stores.events.measure(metric, { from: T0 + 10 * D, to: T0 + 13 * D })).toEqual({ value: 0.5, events: 2, groups: [] });
    // A day-1-only cohort measured at day 8: a is back (day 9 is after the end): 0.
    expect(await stores.events.measure(metric, { from: T0 + 8 * D, to: T0 + 8 * D + 1 })).toEqual({ value: 0, events: 1, groups: [] });
  });

  it('has no value for an empty cohort', async () => {
    expect(await stores.events.measure(metric, { from: T0 - 30 * D, to: T0 - 20 * D })).toEqual({ value: null, events: 0, groups: [] });
  });

  it('measures each series bucket as a range of its own', async () => {
    const series = await stores.events.series(metric, { from: T0 + 8 * D, to: T0 + 14 * D }, 3 * D);
    // [day 8, day 11): cohort day 1..4 = a, b, c (c back on day 10): 2 of 3; [day 11, day 14): cohort day 4..7 = d: 0 of 1.
    expect(series).toEqual({ points: [ { t: T0 + 8 * D, value: 2 / 3 }, { t: T0 + 11 * D, value: 0 } ], groups: [] });
  });

  it('groups users by the week of their first use, retained counted up to a given time', async () => {
    const cohorts = await stores.retention.cohorts(metric, { from: T0, to: T0 + 14 * D - 1 }, 7 * D, T0 + 14 * D);
    expect(cohorts).toEqual([
      { from: T0, size: 4, retained: 2 },
      { from: T0 + 7 * D, size: 1, retained: 0 },
    ]);
    // Up to day 9.5, c has not come back yet.
    expect(await stores.retention.cohorts(metric, { from: T0, to: T0 + 7 * D - 1 }, 7 * D, T0 + 9.5 * D)).toEqual([{ from: T0, size: 4, retained: 1 }]);
  });

  it("fills the monthly report's cohort table from the store: one row per week of first use", async () => {
    const report = await buildMonthly(plan, { events: stores.events, state: stores.state, retention: stores.retention }, monthPeriod(2026, 11), T0 + 30 * D);
    expect(report.retention.map((t) => t.rows.map((r) => [r.label, r.size, r.retained, r.complete]))).toEqual([
      [
        ['2026-W44', 0, 0, true], // Nov 1 alone
        ['2026-W45', 4, 2, true], // a, b, c, d; a and c back
        ['2026-W46', 1, 0, true], // e
        ['2026-W47', 0, 0, true],
        ['2026-W48', 0, 0, false],
        ['2026-W49', 0, 0, false],
      ],
    ]);
  });
});

describe('the retention series in one query', () => {
  it('gives, for every bucket, what measuring that bucket as a range of its own gives', async () => {
    const own = mkdtempSync(join(tmpdir(), 'lw-retention-series-'));
    const store = await openEmbeddedStores(own, { memoryLimit: '512MB' });
    try {
      await store.events.prepare(plan.events);
      let state = 11;
      const random = (): number => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state / 2_147_483_648;
      };
      const events: AdmittedEvent[] = [];
      for (let u = 0; u < 300; u++) {
        const first = random() * 40 * D;
        for (let k = 0, t = first; k < 1 + Math.floor(random() * 6); k++, t += random() * 12 * D) {
          events.push({ id: `s${u}-${k}`, type: 'run', ts: T0 + Math.floor(t), userId: random() < 0.05 ? null : `u${u}`, sessionId: null, properties: { success: random() < 0.85 } });
        }
      }
      await store.events.append(events);
      const values: (number | null)[] = [];
      for (const [from, to, step] of [
        [T0 + 7 * D, T0 + 47 * D, D],
        [T0 + 10 * D, T0 + 40 * D + 5, 3 * D],
        [T0 + 8 * D + 3_600_000, T0 + 12 * D, 5 * 3_600_000],
      ] as const) {
        const series = await store.events.series(metric, { from, to }, step);
        const expected: { t: number; value: number | null }[] = [];
        for (let t = from; t < to; t += step) expected.push({ t, value: (await store.events.measure(metric, { from: t, to: Math.min(t + step - 1, to) })).value });
        expect(series.points).toHaveLength(expected.length);
        series.points.forEach((point, i) => {
          expect(point.t).toBe(expected[i]?.t);
          if (expected[i]?.value === null) expect(point.value).toBeNull();
          else expect(point.value).toBeCloseTo(expected[i]?.value ?? NaN, 12);
        });
        values.push(...series.points.map((p) => p.value));
      }
      // Not a vacuous comparison: buckets with retained users, with none, and without a cohort.
      expect(values.filter((v) => v !== null && v > 0 && v < 1).length).toBeGreaterThan(5);
      expect(values.filter((v) => v === 0).length).toBeGreaterThan(0);
      expect(values.filter((v) => v === null).length).toBeGreaterThan(0);
    } finally {
      await store.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
