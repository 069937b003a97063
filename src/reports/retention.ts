/**
 * The monthly report's retention cohort table (seed 000 Tier 3 #12): for
 * each retention metric of the plan, one row per week of the month with the
 * users first seen that week and how many were active again at or after the
 * metric's `after`, counted up to the report's generation. `retentionTables`
 * is pure; `gatherCohorts` reads the store.
 */
import type { Plan } from '../plan/types.js';
import type { RetentionStore } from '../store/retention.js';
import type { RetentionTable } from './model.js';
import type { Period } from './period.js';
import { periodView } from './rows.js';
import { durationText } from './text.js';

/** What a retention table is made of: per week of the month, the cohort's size and those retained by `asOf`. */
export interface CohortSource {
  readonly metricId: string;
  readonly asOf: number;
  readonly weeks: readonly { readonly period: Period; readonly size: number; readonly retained: number }[];
}

export function retentionTables(plan: Plan, sources: readonly CohortSource[]): RetentionTable[] {
  return sources.flatMap((source) => {
    const metric = plan.metrics.find((m) => m.id === source.metricId);
    if (metric?.measure.kind !== 'retention') return [];
    const afterMs = metric.measure.afterMs;
    return [
      {
        metricId: metric.id,
        title: metric.title,
        after: durationText(afterMs),
        asOf: new Date(source.asOf).toISOString(),
        rows: source.weeks.map((w) => ({
          ...periodView(w.period),
          size: w.size,
          retained: w.retained,
          rate: w.size > 0 ? w.retained / w.size : null,
          // The week's last users (first seen just before its end) have had `after` by asOf.
          complete: w.period.to + afterMs <= source.asOf,
        })),
      },
    ];
  });
}

/** Each retention metric's cohorts for the weeks of the month (weeks cut to the month), retained counted up to `now`. */
export async function gatherCohorts(plan: Plan, store: RetentionStore | undefined, weeks: readonly Period[], now: number): Promise<CohortSource[]> {
  if (store === undefined) return [];
  const metrics = plan.metrics.filter((m) => m.measure.kind === 'retention');
  return Promise.all(
    metrics.map(async (metric) => ({
      metricId: metric.id,
      asOf: now,
      weeks: await Promise.all(
        weeks.map(async (period) => {
          const [cohort] = await store.cohorts(metric, { from: period.from, to: period.to - 1 }, period.to - period.from, now);
          return { period, size: cohort?.size ?? 0, retained: cohort?.retained ?? 0 };
        }),
      ),
    })),
  );
}
