/**
 * The weekly and monthly reports as pure functions of their source: seed
 * 000's weekly template (summary, the Metric / Target / Actual / Status /
 * Trend table, biggest movers, alerts and incidents with MTTA/MTTR, empty
 * action items) and the monthly retrospective (month figures, week by week,
 * incidents).
 */
import type { Measurement } from '../store/types.js';
import { judgeMetric } from '../metrics/evaluate.js';
import type { MonthlyReport, ReportSource, RetentionTable, WeeklyReport, WeekRow } from './model.js';
import type { Period } from './period.js';
import { sloRows } from './slo.js';
import { firedAlerts, incidentSummary, metricRows, movers, periodView, releaseViews, sortedRegressions, summary } from './rows.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function weeklyReport(source: ReportSource): WeeklyReport {
  const { plan, period, generatedAt } = source;
  const rows = metricRows(plan, source.metrics);
  const fired = firedAlerts(source.alerts, period, plan);
  const incidents = incidentSummary(plan, source.incidents, period, generatedAt);
  return {
    kind: 'weekly',
    product: plan.product.name,
    period: periodView(period, generatedAt),
    previous: periodView(source.previous),
    generatedAt: iso(generatedAt),
    summary: summary(plan, rows, incidents, fired.length),
    metrics: rows,
    movers: movers(rows),
    alerts: { fired: fired.length, list: fired },
    incidents,
    releases: releaseViews(source.releases, period),
    regressions: sortedRegressions(source.regressions),
    slos: source.slos ? sloRows(plan, source.slos, source.incidents, source.alerts, generatedAt) : [],
    actionItems: [],
  };
}

export interface WeekSource {
  readonly period: Period;
  readonly metrics: readonly { readonly metricId: string; readonly current: Measurement }[];
}

function weekRow(source: ReportSource, week: WeekSource): WeekRow {
  const byId = new Map(week.metrics.map((m) => [m.metricId, m.current]));
  const values: WeekRow['values'] = Object.fromEntries(
    source.plan.metrics.map((metric) => {
      const result = judgeMetric(metric, byId.get(metric.id) ?? { value: null, events: 0, groups: [] });
      return [metric.id, { value: result.value, status: result.status }];
    }),
  );
  return { ...periodView(week.period, source.generatedAt), values };
}

export function monthlyReport(source: ReportSource, weeks: readonly WeekSource[], retention: readonly RetentionTable[] = []): MonthlyReport {
  const { plan, period, generatedAt } = source;
  const rows = metricRows(plan, source.metrics);
  const fired = firedAlerts(source.alerts, period, plan);
  const incidents = incidentSummary(plan, source.incidents, period, generatedAt);
  const byRule = new Map<string, number>();
  for (const alert of fired) byRule.set(alert.rule, (byRule.get(alert.rule) ?? 0) + 1);
  return {
    kind: 'monthly',
    product: plan.product.name,
    period: periodView(period, generatedAt),
    previous: periodView(source.previous),
    generatedAt: iso(generatedAt),
    summary: summary(plan, rows, incidents, fired.length),
    metrics: rows,
    weeks: weeks.map((w) => weekRow(source, w)),
    retention,
    incidents,
    alerts: {
      fired: fired.length,
      byRule: [...byRule].map(([rule, count]) => ({ rule, fired: count })).sort((a, b) => b.fired - a.fired || a.rule.localeCompare(b.rule)),
    },
    releases: releaseViews(source.releases, period),
    regressions: sortedRegressions(source.regressions),
    slos: source.slos ? sloRows(plan, source.slos, source.incidents, source.alerts, generatedAt) : [],
  };
}
