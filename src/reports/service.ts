/** A report from the stores: the period asked for (the last closed one by default), gathered, then built. */
import type { Plan } from '../plan/types.js';
import { monthlyReport, weeklyReport } from './build.js';
import { gatherSource, gatherWeeks, type OnMetricError, type ReportStores } from './gather.js';
import type { MonthlyReport, WeeklyReport } from './model.js';
import { gatherCohorts, retentionTables } from './retention.js';
import { monthHygiene } from './hygiene.js';
import { lastClosed, parseMonth, parseWeek, weeksOf, type Period, type PeriodResult } from './period.js';

export type ReportKind = 'weekly' | 'monthly';

/** The period `text` names (`2026-W47`, `2026-11`), or the last closed week or month at `now`, in the zone (the plan's `reports.timezone`). */
export function periodFor(kind: ReportKind, text: string | undefined, now: number, zone: string): PeriodResult {
  if (text === undefined || text === '') return { kind: 'ok', period: lastClosed(kind === 'weekly' ? 'week' : 'month', now, zone) };
  return kind === 'weekly' ? parseWeek(text, zone) : parseMonth(text, zone);
}

export async function buildWeekly(plan: Plan, stores: ReportStores, period: Period, now: number, onError?: OnMetricError): Promise<WeeklyReport> {
  return weeklyReport(await gatherSource(plan, stores, period, now, onError));
}

export async function buildMonthly(plan: Plan, stores: ReportStores, period: Period, now: number, onError?: OnMetricError): Promise<MonthlyReport> {
  const source = await gatherSource(plan, stores, period, now, onError);
  const weeks = weeksOf(period);
  const cohorts = retentionTables(plan, await gatherCohorts(plan, stores.retention, weeks, now));
  const report = monthlyReport(source, await gatherWeeks(plan, stores.events, weeks, onError, now), cohorts);
  const hygiene = await monthHygiene(plan, stores.hygiene, period);
  return hygiene ? { ...report, hygiene } : report;
}

/** A metric that cannot be measured is reported without a value (and told to onError); the others are reported as usual. */
export async function buildReport(kind: ReportKind, plan: Plan, stores: ReportStores, period: Period, now: number, onError?: OnMetricError): Promise<WeeklyReport | MonthlyReport> {
  return kind === 'weekly' ? buildWeekly(plan, stores, period, now, onError) : buildMonthly(plan, stores, period, now, onError);
}
