/**
 * Same formulas: the same generated events appended to the embedded DuckDB
 * store and to ClickHouse, then `formula:` metrics — over operands with the
 * same `by` (computed group by group), over a formula, and over operands of
 * other windows and no shared `by` — measured and as series on both, through
 * the `formula` figure source, compared exactly (floats to 1e-9 relative).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formulaFigures, isFormula } from '../src/metrics/formulas.js';
import type { Measurer } from '../src/metrics/sources/source.js';
import { storedEvents } from '../src/plan/privacy.js';
import { openClickHouseEvents, type ClickHouseEvents } from '../src/store/clickhouse/index.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { EventStore, Measurement, Series } from '../src/store/types.js';
import { dropTestDatabases, freshDatabaseUrl } from './helpers/clickhouse-events.js';
import { generatedBatches } from './helpers/generated-events.js';
import { metric, planFrom } from './helpers/plan.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;

const PLAN = planFrom(`
version: 1
product: { name: formulas }
events:
  gen:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    category: { type: string, optional: true }
metrics:
  total: { from: gen, count: true, by: backend, window: 6h }
  ok: { from: gen, where: { success: true }, count: true, by: backend, window: 6h }
  users: { from: gen, distinct: user_id, by: backend, window: 6h }
  p95: { from: gen, quantile: { of: duration_ms, q: 0.95 }, by: backend, window: 6h }
  tagged: { from: gen, where: { category: { ne: alpha } }, count: true, window: 1d }
  ok_share: { formula: "ok / total" }
  failures_per_user: { formula: "(total - ok) / users * 100" }
  slow_and_ok: { formula: "p95 / 1000 + ok_share" }
  tagged_per_total: { formula: "tagged / total - 0.5" }
`);
const FORMULAS = PLAN.metrics.filter(isFormula);

/** The store's measures with formulas computed by the `formula` figure source, as the server measures them. */
function withFormulas(events: EventStore): Measurer {
  const source = formulaFigures(() => PLAN);
  const self: Measurer = {
    measure: (m, range) => (isFormula(m) ? source.measure({ shape: 'figure', source: 'formula', measure: m.measure }, m, range, self) : events.measure(m, range)),
    series: (m, range, stepMs) => (isFormula(m) ? source.series({ shape: 'figure', source: 'formula', measure: m.measure }, m, range, stepMs, self) : events.series(m, range, stepMs)),
  };
  return self;
}

/** Numbers equal to 1e-9 relative; everything else exactly; groups in no defined order. */
function close(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) expect(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(b.length, `${path}: length`).toBe(a.length);
    a.forEach((x, i) => close(x, b[i], `${path}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(b).sort(), `${path}: keys`).toEqual(Object.keys(a).sort());
    for (const key of Object.keys(a)) close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  expect(b, path).toEqual(a);
}

const byGroup = <T extends Measurement | Series>(m: T): T => ({ ...m, groups: [...m.groups].sort((x, y) => JSON.stringify(x.group).localeCompare(JSON.stringify(y.group))) });

let duck: Stores;
let clickhouse: ClickHouseEvents;

beforeAll(async () => {
  duck = await openEmbeddedStores(':memory:');
  clickhouse = await openClickHouseEvents(freshDatabaseUrl());
  const events = storedEvents(PLAN);
  await duck.events.prepare(events);
  await clickhouse.events.prepare(events);
  for (const batch of generatedBatches(Object.values(events), 3000, { from: NOW - 3 * DAY, to: NOW + H }, 11)) {
    await Promise.all([duck.events.append(batch), clickhouse.events.append(batch)]);
  }
}, 120_000);

afterAll(async () => {
  await duck?.close();
  await clickhouse?.close();
  await dropTestDatabases();
});

describe('formula metrics: the same answers on ClickHouse as on DuckDB', () => {
  it('measures each formula the same, the whole and each group of operands sharing their by', async () => {
    const [a, b] = [withFormulas(duck.events), withFormulas(clickhouse.events)];
    for (const formula of FORMULAS) {
      for (const range of [{ from: NOW - 6 * H, to: NOW }, { from: NOW - 2 * DAY, to: NOW - DAY }, { from: NOW + DAY, to: NOW + 2 * DAY }]) {
        close(byGroup(await a.measure(formula, range)), byGroup(await b.measure(formula, range)), `${formula.id} ${range.from}..${range.to}`);
      }
    }
    // The comparison covers values: the per-group formula has a value for each backend group.
    const share = await b.measure(metric(PLAN, 'ok_share'), { from: NOW - 6 * H, to: NOW });
    expect(share.groups.map((g) => g.group.backend).sort()).toEqual(['embedded', 'static']);
    expect(share.groups.every((g) => typeof g.value === 'number' && g.value > 0 && g.value < 1)).toBe(true);
    expect((await b.measure(metric(PLAN, 'tagged_per_total'), { from: NOW - 6 * H, to: NOW })).value).toEqual(expect.any(Number));
  }, 60_000);

  it('gives each formula the same series, the whole and per group', async () => {
    const [a, b] = [withFormulas(duck.events), withFormulas(clickhouse.events)];
    for (const formula of FORMULAS) {
      for (const [range, step] of [[{ from: NOW - DAY, to: NOW }, H], [{ from: NOW - 3 * DAY + 17, to: NOW }, 6 * H]] as const) {
        close(byGroup(await a.series(formula, range, step)), byGroup(await b.series(formula, range, step)), `${formula.id} series by ${step}`);
      }
    }
    const series = await b.series(metric(PLAN, 'failures_per_user'), { from: NOW - DAY, to: NOW }, H);
    expect(series.groups.length).toBe(2);
    expect(series.points.some((p) => typeof p.value === 'number')).toBe(true);
  }, 60_000);
});
