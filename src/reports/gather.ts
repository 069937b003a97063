/**
 * The I/O in front of the pure report builders: every plan metric measured
 * from the events over the period and the one before (see `basisFor`), one
 * point per day, the alert transitions and incidents of the period, and,
 * when those stores exist, the releases in it and the regressions against
 * baselines; and each SLO over the period (src/reports/slo-gather.ts).
 *
 * Values are recomputed from the events rather than read from the recorded
 * history (`metric_samples`): a closed week's figures then count late events,
 * do not depend on whether the server was up or on the evaluation interval,
 * and are the same each time the report is rendered.
 */
import { baselinesInForce } from '../baselines/service.js';
import { regressionsOf } from '../baselines/regressions.js';
import { judgeMetric } from '../metrics/evaluate.js';
import { unavailableReason } from '../metrics/unavailable.js';
import type { SloSpec } from '../plan/slo-types.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import type { BaselineStore } from '../store/baselines.js';
import type { ReleaseStore } from '../store/releases.js';
import type { AlertStateStore, IncidentStore } from '../store/ports.js';
import type { EventStore, Measurement, TimeRange } from '../store/types.js';
import type { Basis, MetricPeriod, RegressionItem, ReleaseMark, ReportSource } from './model.js';
import { daysOf, previous, type Period } from './period.js';
import type { RetentionStore } from '../store/retention.js';
import { gatherSlos } from './slo-gather.js';
import type { HygieneState } from '../hygiene/gather.js';

export interface ReportStores {
  /** The events, with incident figures in front (what the metrics API measures with). */
  readonly events: EventStore;
  /** The alert history and the incidents of the period. */
  readonly state: AlertStateStore & IncidentStore;
  readonly releases?: ReleaseStore;
  readonly baselines?: BaselineStore;
  /** The monthly report's retention cohorts; without it the table is left out. */
  readonly retention?: RetentionStore;
  /** The monthly report's alert hygiene section (notifications, silences as well); without it the section is left out. */
  readonly hygiene?: HygieneState;
}

const DAY = 86_400_000;
/** At most this many alert transitions are read for one period. */
const MAX_TRANSITIONS = 10_000;

const COUNT_LIKE = new Set(['count', 'distinct', 'sum']);

/** A span of time, [from, to). */
export type Span = Pick<Period, 'from' | 'to'>;

/** How a metric's value for a period of `periodMs` is taken (see Basis). Pure. */
export function basisFor(metric: MetricSpec, periodMs: number): Basis {
  if (metric.windowMs > periodMs) return 'window_at_end';
  const additive = COUNT_LIKE.has(metric.measure.kind) && metric.per === undefined;
  return additive && metric.windowMs < periodMs ? 'mean_of_windows' : 'period';
}

/** Inclusive ranges, as the stores take them. */
const inclusive = (from: number, to: number): TimeRange => ({ from, to: to - 1 });

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/**
 * How many windows of the period a mean is over: the whole windows that fit in it, or, while the period is in
 * progress at `now`, the whole windows ended by then (the one in progress while none has): never the days to come.
 */
export function windowsToAverage(period: Span, windowMs: number, now?: number): number {
  const fit = Math.max(1, Math.floor((period.to - period.from) / windowMs));
  if (now === undefined || now >= period.to) return fit;
  return Math.min(fit, Math.max(1, Math.floor((now - period.from) / windowMs)));
}

/** The mean of the measure over the whole windows that fit in the period (ended by `now`), per group too. */
async function meanOfWindows(events: EventStore, metric: MetricSpec, period: Span, now?: number): Promise<Measurement> {
  const count = windowsToAverage(period, metric.windowMs, now);
  const series = await events.series(metric, inclusive(period.from, period.from + count * metric.windowMs), metric.windowMs);
  const whole = series.points.slice(0, count).map((p) => p.value);
  return {
    value: mean(whole),
    events: 0,
    groups: series.groups.map((g) => ({ group: g.group, value: mean(g.points.slice(0, count).map((p) => p.value)), events: 0 })),
  };
}

/** The metric's value for the period (see Basis); with `now` inside the period, as far as the period has got by then. */
export async function measureForPeriod(events: EventStore, metric: MetricSpec, period: Span, basis: Basis, now?: number): Promise<Measurement> {
  switch (basis) {
    case 'period':
      return events.measure(metric, inclusive(period.from, period.to));
    case 'window_at_end': {
      const end = now === undefined ? period.to : Math.min(period.to, Math.max(period.from + 1, now + 1));
      return events.measure(metric, inclusive(end - metric.windowMs, end));
    }
    case 'mean_of_windows':
      return meanOfWindows(events, metric, period, now);
  }
}

/**
 * The measure on each local day of the period: one series query when every day is 24 hours long, else one query
 * per day. Days that have not begun at `now` have no data (null), not a count of 0.
 */
async function daily(events: EventStore, metric: MetricSpec, period: Period, now: number): Promise<(number | null)[]> {
  const days = daysOf(period);
  let values: (number | null)[] = [];
  if (days.every((d) => d.to - d.from === DAY)) {
    const series = await events.series(metric, inclusive(period.from, period.to), DAY);
    values = series.points.slice(0, days.length).map((p) => p.value);
  } else {
    for (const day of days) values.push(day.from > now ? null : (await events.measure(metric, inclusive(day.from, day.to))).value);
  }
  return values.map((v, i) => ((days[i]?.from ?? 0) > now ? null : v));
}

/** A metric over the period at `now` (a period in progress as far as it has got) and over the one before. */
export async function metricPeriod(events: EventStore, metric: MetricSpec, period: Period, before: Period, now: number): Promise<MetricPeriod> {
  const basis = basisFor(metric, period.to - period.from);
  return {
    metricId: metric.id,
    basis,
    current: await measureForPeriod(events, metric, period, basis, now),
    previous: await measureForPeriod(events, metric, before, basis, now),
    daily: await daily(events, metric, period, now),
  };
}

async function releasesIn(store: ReleaseStore | undefined, period: Period): Promise<ReleaseMark[]> {
  if (!store) return [];
  return (await store.releases())
    .filter((r) => r.at >= period.from && r.at < period.to)
    .map((r) => ({ version: r.version, at: r.at, ...(r.notes ? { notes: r.notes } : {}) }));
}

/** Metrics more than the regression threshold worse over the period than a baseline in force. */
async function regressions(stores: ReportStores, plan: Plan, metrics: readonly MetricPeriod[], now: number): Promise<RegressionItem[]> {
  if (!stores.baselines) return [];
  const { baselines } = await baselinesInForce({ events: stores.events, baselines: stores.baselines }, plan, now);
  if (baselines.length === 0) return [];
  const byId = new Map(metrics.map((m) => [m.metricId, m]));
  const current = plan.metrics.flatMap((metric) => {
    const data = byId.get(metric.id);
    return data ? [judgeMetric(metric, data.current)] : [];
  });
  return regressionsOf(plan, current, baselines).map((c) => ({
    metricId: c.metric,
    title: c.title,
    unit: c.unit,
    ...(c.group ? { group: c.group } : {}),
    baseline: c.baseline,
    baselineValue: c.baselineValue,
    value: c.current,
    degradation: c.degradation,
  }));
}

const EMPTY: Measurement = { value: null, events: 0, groups: [] };

/** Told of a metric (or an SLO) that could not be measured; the report goes on without its value. */
export type OnMetricError = (metric: MetricSpec | SloSpec, error: unknown) => void;

/** Everything the report on `period` is computed from. */
export async function gatherSource(plan: Plan, stores: ReportStores, period: Period, now: number, onError?: OnMetricError): Promise<ReportSource> {
  const before = previous(period);
  const metrics: MetricPeriod[] = [];
  for (const metric of plan.metrics) {
    try {
      metrics.push(await metricPeriod(stores.events, metric, period, before, now));
    } catch (error: unknown) {
      const unavailable = unavailableReason(error);
      if (unavailable === undefined) onError?.(metric, error);
      metrics.push({ metricId: metric.id, basis: basisFor(metric, period.to - period.from), current: EMPTY, previous: EMPTY, daily: [], failed: true, ...(unavailable !== undefined ? { unavailable } : {}) });
    }
  }
  const range = inclusive(period.from, period.to);
  return {
    plan,
    period,
    previous: before,
    generatedAt: now,
    metrics,
    alerts: await stores.state.alertHistory({ ...range, limit: MAX_TRANSITIONS }),
    incidents: await stores.state.incidents(range),
    releases: await releasesIn(stores.releases, period),
    regressions: await regressions(stores, plan, metrics, now),
    slos: await gatherSlos(plan, { events: stores.events, incidents: stores.state }, period, now, onError),
  };
}

/** Each week of a month (cut to the month): every metric measured over it. */
export async function gatherWeeks(plan: Plan, events: EventStore, weeks: readonly Period[], onError?: OnMetricError, now?: number): Promise<{ period: Period; metrics: { metricId: string; current: Measurement }[] }[]> {
  const out = [];
  for (const week of weeks) {
    const metrics = [];
    for (const metric of plan.metrics) {
      try {
        metrics.push({ metricId: metric.id, current: await measureForPeriod(events, metric, week, basisFor(metric, week.to - week.from), now) });
      } catch (error: unknown) {
        if (unavailableReason(error) === undefined) onError?.(metric, error);
        metrics.push({ metricId: metric.id, current: EMPTY });
      }
    }
    out.push({ period: week, metrics });
  }
  return out;
}
