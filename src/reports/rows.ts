/**
 * The parts weekly and monthly reports share, pure: a metric's row (status,
 * change against the previous period and whether it is toward the target),
 * the summary, the incidents and the alerts of a period.
 */
import { ruleUnit } from '../alerting/template.js';
import type { Transition } from '../alerting/types.js';
import { figures, incidentStats } from '../incidents/stats.js';
import { INCIDENT_SEVERITIES, type Incident, type IncidentSeverity } from '../incidents/types.js';
import { judgeMetric } from '../metrics/evaluate.js';
import type { Status } from '../metrics/status.js';
import type { Threshold } from '../plan/threshold.js';
import type { MetricSpec, Plan, Target } from '../plan/types.js';
import type { Measurement } from '../store/types.js';
import type { AlertRow, Change, IncidentSummary, MetricPeriod, MetricRow, PeriodView, RegressionItem, ReleaseMark, Summary } from './model.js';
import { periodDates, progressOf, type Period } from './period.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A period as a report shows it; with `now`, whether it is still in progress then. */
export function periodView(period: Period, now?: number): PeriodView {
  const progress = now === undefined ? undefined : progressOf(period, now);
  return { label: period.label, from: iso(period.from), to: iso(period.to), dates: periodDates(period), timezone: period.zone, ...(progress ? { inProgress: progress } : {}) };
}

function thresholdText(target: Target): string {
  return target.yellow ? `${target.green.text} (yellow ${target.yellow.text})` : target.green.text;
}

export function targetText(metric: MetricSpec): string | null {
  if (metric.target) return thresholdText(metric.target);
  return metric.targets.length > 0 ? 'per group' : null;
}

/** +1 when higher is better, −1 when lower is better, 0 when the target does not say (a range, or none). */
function goodDirection(threshold: Threshold | undefined): 1 | -1 | 0 {
  if (!threshold || threshold.kind === 'range') return 0;
  return threshold.op === '>=' || threshold.op === '>' ? 1 : -1;
}

/** Changes smaller than this share of the previous value read as flat. */
const FLAT = 0.005;

export function change(metric: MetricSpec, value: number | null, previous: number | null): Change | null {
  if (value === null || previous === null) return null;
  const delta = value - previous;
  const relative = previous === 0 ? null : delta / Math.abs(previous);
  const flat = delta === 0 || (relative !== null && Math.abs(relative) < FLAT);
  const direction = flat ? 'flat' : delta > 0 ? 'up' : 'down';
  const good = goodDirection(metric.target?.green ?? metric.targets[0]?.green);
  return {
    direction,
    relative,
    points: metric.unit === 'percent' ? delta : null,
    better: flat || good === 0 ? null : Math.sign(delta) === good,
  };
}

function judged(metric: MetricSpec, measurement: Measurement): { value: number | null; status: Status; groups: MetricRow['groups'] } {
  const result = judgeMetric(metric, measurement);
  return { value: result.value, status: result.status, groups: result.groups.map((g) => ({ group: g.group, value: g.value, status: g.status })) };
}

export function metricRow(metric: MetricSpec, data: MetricPeriod | undefined): MetricRow {
  const empty: Measurement = { value: null, events: 0, groups: [] };
  const now = judged(metric, data?.current ?? empty);
  const before = judged(metric, data?.previous ?? empty);
  return {
    id: metric.id,
    title: metric.title,
    unit: metric.unit,
    basis: data?.basis ?? 'period',
    target: targetText(metric),
    value: now.value,
    previous: before.value,
    status: now.status,
    previousStatus: before.status,
    change: change(metric, now.value, before.value),
    daily: data?.daily ?? [],
    groups: now.groups,
    ...(data?.failed ? { error: data.unavailable !== undefined ? `unknown: ${data.unavailable}` : 'could not be measured (see the server log)' } : {}),
  };
}

export function metricRows(plan: Plan, metrics: readonly MetricPeriod[]): MetricRow[] {
  const byId = new Map(metrics.map((m) => [m.metricId, m]));
  return plan.metrics.map((metric) => metricRow(metric, byId.get(metric.id)));
}

/** Metric ids by the size of their relative move, largest first; flat and unknown moves left out. */
export function movers(rows: readonly MetricRow[], count = 3): string[] {
  return rows
    .filter((r) => r.change !== null && r.change.direction !== 'flat' && r.change.relative !== null)
    .sort((a, b) => Math.abs(b.change?.relative ?? 0) - Math.abs(a.change?.relative ?? 0) || a.id.localeCompare(b.id))
    .slice(0, count)
    .map((r) => r.id);
}

/** Transitions into firing during the period, oldest first. */
export function firedAlerts(alerts: readonly Transition[], period: Period, plan?: Plan): AlertRow[] {
  const units = new Map((plan?.metrics ?? []).map((m) => [m.id, m.unit]));
  const rules = new Map((plan?.alerts ?? []).map((r) => [r.name, r]));
  const unitOf = (rule: string): string => ruleUnit(rules.get(rule), (metric) => units.get(metric) ?? '');
  return alerts
    .filter((t) => t.to === 'firing' && t.from !== 'firing' && t.at >= period.from && t.at < period.to)
    .sort((a, b) => a.at - b.at || a.rule.localeCompare(b.rule))
    .map((t) => ({ rule: t.rule, fingerprint: t.fingerprint, severity: t.severity, at: iso(t.at), value: t.value, unit: unitOf(t.rule) }));
}

export function incidentSummary(plan: Plan, incidents: readonly Incident[], period: Period, now: number): IncidentSummary {
  const end = Math.min(period.to, now);
  const stats = incidentStats(incidents, plan.incidents, { from: period.from, to: period.to - 1 }, end);
  const bySeverity = Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, stats.bySeverity[s].incidents])) as Record<IncidentSeverity, number>;
  const active = incidents.filter((i) => i.declaredAt < period.to && (i.resolvedAt === null || i.resolvedAt >= period.from));
  return {
    declared: stats.incidents,
    openAtEnd: active.filter((i) => i.resolvedAt === null || i.resolvedAt >= period.to).length,
    bySeverity,
    mttaMs: stats.mttaMs,
    mttrMs: stats.mttrMs,
    list: [...active]
      .sort((a, b) => a.declaredAt - b.declaredAt || a.id.localeCompare(b.id))
      .map((i) => {
        const f = figures(i);
        return {
          id: i.id,
          title: i.title,
          severity: i.severity,
          status: i.resolvedAt !== null && i.resolvedAt >= period.to ? 'open at the end of the period' : i.status,
          declaredAt: iso(i.declaredAt),
          resolvedAt: i.resolvedAt === null ? null : iso(i.resolvedAt),
          timeToAcknowledgeMs: f.timeToAcknowledgeMs,
          timeToResolveMs: f.timeToResolveMs,
        };
      }),
  };
}

/** The summary metrics: the plan's `reports.summary`, else the first three metrics with a target. */
export function highlightIds(plan: Plan): string[] {
  const configured = plan.reports.summary;
  if (configured.length > 0) return [...configured];
  return plan.metrics
    .filter((m) => m.target !== undefined || m.targets.length > 0)
    .slice(0, 3)
    .map((m) => m.id);
}

export function summary(plan: Plan, rows: readonly MetricRow[], incidents: IncidentSummary, alertsFired: number): Summary {
  const counts: Record<Status, number> = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const row of rows) counts[row.status]++;
  const sev1 = incidents.bySeverity.SEV1;
  const judgedAny = counts.green + counts.yellow + counts.red > 0;
  const health: Status =
    counts.red > 0 || sev1 > 0 ? 'red' : counts.yellow > 0 || incidents.bySeverity.SEV2 > 0 ? 'yellow' : judgedAny ? 'green' : 'unknown';
  return { health, counts, highlights: highlightIds(plan), sev1Incidents: sev1, alertsFired };
}

export function releaseViews(releases: readonly ReleaseMark[], period: Period): { version: string; at: string; notes?: string }[] {
  return releases
    .filter((r) => r.at >= period.from && r.at < period.to)
    .sort((a, b) => a.at - b.at)
    .map((r) => ({ version: r.version, at: iso(r.at), ...(r.notes ? { notes: r.notes } : {}) }));
}

export function sortedRegressions(regressions: readonly RegressionItem[]): RegressionItem[] {
  return [...regressions].sort((a, b) => b.degradation - a.degradation || a.metricId.localeCompare(b.metricId));
}
