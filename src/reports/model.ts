/**
 * What a report says, as plain data: the source it is computed from (the
 * plan's metrics measured over the period and the one before, the alerts and
 * incidents of the period) and the documents (weekly, monthly) that the
 * renderers lay out as Markdown, HTML or JSON. The JSON rendering is this
 * model itself.
 */
import type { Transition } from '../alerting/types.js';
import type { Incident, IncidentSeverity } from '../incidents/types.js';
import type { Status } from '../metrics/status.js';
import type { Plan } from '../plan/types.js';
import type { Counts } from '../slo/burn.js';
import type { GroupKey, Measurement } from '../store/types.js';
import type { Period } from './period.js';
import type { HygieneSection } from './hygiene.js';

/**
 * How a metric's value for a period is taken (see docs/reports.md):
 * - `period`: the measure over the whole period (rates, quantiles, means; counts whose window is the period);
 * - `window_at_end`: the metric's own window ending at the period's end (windows longer than the period);
 * - `mean_of_windows`: the mean of the measure over consecutive windows tiling the period (counts with a shorter window, e.g. daily users).
 */
export type Basis = 'period' | 'window_at_end' | 'mean_of_windows';

/** One metric's history for a report: its measurement over the period and the one before, and one point per day. */
export interface MetricPeriod {
  readonly metricId: string;
  readonly basis: Basis;
  readonly current: Measurement;
  readonly previous: Measurement;
  /** The measure per UTC day of the period (null: no data that day). */
  readonly daily: readonly (number | null)[];
  /** Set when the metric could not be measured (the cause is in the server log): the report shows it without a value. */
  readonly failed?: true;
  /** Set when the metric's source is off or has never answered: the reason the report shows, e.g. "GitHub source disabled: no token". */
  readonly unavailable?: string;
}

/** A release in the period, when releases are recorded (issue 7 part B). */
export interface ReleaseMark {
  readonly version: string;
  readonly at: number;
  readonly notes?: string;
}

/** A metric found worse than a baseline by more than the regression threshold (issue 7 part B's baselines). */
export interface RegressionItem {
  readonly metricId: string;
  readonly title: string;
  readonly unit: string;
  /** The group, when it was compared per group. */
  readonly group?: GroupKey;
  readonly baseline: string;
  readonly baselineValue: number;
  readonly value: number;
  /** How much worse than the baseline, as a fraction: positive is worse, whichever way the metric is better. */
  readonly degradation: number;
}

/** An SLO or one of its groups over a report's period, as gathered (src/reports/slo.ts). */
export interface SloPeriodFigures {
  /** Good and total events in the period. */
  readonly period: Counts;
  /** Good and total over the SLO's window ending with the period (at the report's time while the period is in progress). */
  readonly atEnd: Counts;
}

export interface SloPeriod extends SloPeriodFigures {
  readonly sloId: string;
  /** Per group for an SLO with by; empty otherwise. */
  readonly groups: readonly (SloPeriodFigures & { readonly group: GroupKey })[];
  /** The spans of the period in which the SLO burned faster than its budget allows (a minute's own burn rate above 1), [from, to) epoch ms. */
  readonly burned: readonly (readonly [number, number])[];
  /** Set when the SLO's figures could not be read (the cause is in the server log). */
  readonly failed?: true;
}

/** Everything a report is a pure function of. */
export interface ReportSource {
  readonly plan: Plan;
  readonly period: Period;
  readonly previous: Period;
  readonly generatedAt: number;
  readonly metrics: readonly MetricPeriod[];
  /** Alert transitions in the period (any order). */
  readonly alerts: readonly Transition[];
  /** Incidents active at some moment of the period. */
  readonly incidents: readonly Incident[];
  readonly releases: readonly ReleaseMark[];
  readonly regressions: readonly RegressionItem[];
  /** One per plan SLO; absent (no SLO section) for a source gathered without them. */
  readonly slos?: readonly SloPeriod[];
}

export type Direction = 'up' | 'down' | 'flat';

export interface Change {
  readonly direction: Direction;
  /** (value − previous) / |previous|; null when the previous value is 0. */
  readonly relative: number | null;
  /** For percentages: the difference in percentage points (0.05 is 5 points). */
  readonly points: number | null;
  /** Whether the move is toward the target: true, false, or null when the target gives no direction. */
  readonly better: boolean | null;
}

export interface GroupRow {
  readonly group: GroupKey;
  readonly value: number | null;
  readonly status: Status;
}

export interface MetricRow {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly basis: Basis;
  /** The target as written, e.g. ">= 86% (yellow >= 80%)", or "per group"; null without one. */
  readonly target: string | null;
  readonly value: number | null;
  readonly previous: number | null;
  readonly status: Status;
  readonly previousStatus: Status;
  readonly change: Change | null;
  readonly daily: readonly (number | null)[];
  readonly groups: readonly GroupRow[];
  /** Set when the metric could not be measured: `unknown: <reason>` when its source is off or has never answered; otherwise the cause is in the server log, not here. */
  readonly error?: string;
}

export interface AlertRow {
  readonly rule: string;
  readonly fingerprint: string;
  readonly severity: string | null;
  /** When it fired, ISO-8601. */
  readonly at: string;
  readonly value: number | null;
  /** The unit of `value`, as its rule's metric declares it; '' when unknown. */
  readonly unit: string;
}

export interface IncidentRow {
  readonly id: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly status: string;
  readonly declaredAt: string;
  readonly resolvedAt: string | null;
  readonly timeToAcknowledgeMs: number | null;
  readonly timeToResolveMs: number | null;
}

export interface IncidentSummary {
  /** Declared in the period. */
  readonly declared: number;
  /** Still open at the period's end. */
  readonly openAtEnd: number;
  readonly bySeverity: Readonly<Record<IncidentSeverity, number>>;
  readonly mttaMs: number | null;
  readonly mttrMs: number | null;
  readonly list: readonly IncidentRow[];
}

export interface Summary {
  /** Red when a metric is red or a SEV1 incident was declared, yellow when one is yellow or a SEV2 was, green when every judged metric is green, unknown when none is judged. */
  readonly health: Status;
  readonly counts: Readonly<Record<Status, number>>;
  /** The plan's summary metrics (reports.summary, else the first three with a target). */
  readonly highlights: readonly string[];
  readonly sev1Incidents: number;
  readonly alertsFired: number;
}

export interface PeriodView {
  readonly label: string;
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  /** `Nov 16–22, 2026`. */
  readonly dates: string;
  /** The IANA time zone its days are in (the plan's `reports.timezone`). */
  readonly timezone: string;
  /** Set while the period is not over when the report is made: its local days begun (today included) of all its days. */
  readonly inProgress?: { readonly days: number; readonly of: number };
}

/** An SLO's (or a group's) figures in a report. */
export interface SloFiguresRow {
  /** good / total over the SLO's window ending with the period; null without events. */
  readonly sli: number | null;
  /** Bad events in the period. */
  readonly bad: number;
  /** The bad events the objective allows over the window ending with the period. */
  readonly budget: number;
  /** bad / budget: the share of that budget the period consumed; null when the budget is 0. */
  readonly consumed: number | null;
  /** What remains of the budget at the period's end (1 − all bad events of the window / budget); null without events. */
  readonly remaining: number | null;
  readonly status: Status;
}

/** An incident tied to an SLO: declared from or joined by its alerts (`alert`), or overlapping a span in which it burned (`burn`). */
export interface SloIncidentRow {
  readonly id: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly why: 'alert' | 'burn';
}

export interface SloRow extends SloFiguresRow {
  readonly id: string;
  readonly title: string;
  readonly objective: number;
  /** The SLO's rolling window, e.g. `30d`. */
  readonly window: string;
  readonly groups: readonly (SloFiguresRow & { readonly group: GroupKey })[];
  readonly incidents: readonly SloIncidentRow[];
  /** Set when the SLO's figures could not be read. */
  readonly error?: string;
}

export interface WeeklyReport {
  readonly kind: 'weekly';
  readonly product: string;
  readonly period: PeriodView;
  readonly previous: PeriodView;
  readonly generatedAt: string;
  readonly summary: Summary;
  /** Every plan metric, in plan order. */
  readonly metrics: readonly MetricRow[];
  /** The largest relative moves against the previous period, largest first. */
  readonly movers: readonly string[];
  readonly alerts: { readonly fired: number; readonly list: readonly AlertRow[] };
  readonly incidents: IncidentSummary;
  readonly releases: readonly { readonly version: string; readonly at: string; readonly notes?: string }[];
  readonly regressions: readonly RegressionItem[];
  /** One per plan SLO, in plan order; empty without SLOs. */
  readonly slos: readonly SloRow[];
  /** Left empty for people to fill. */
  readonly actionItems: readonly string[];
}

export interface WeekRow extends PeriodView {
  /** Per metric id, the metric over that week (cut to the month). */
  readonly values: Readonly<Record<string, { readonly value: number | null; readonly status: Status }>>;
}

/** One week's cohort: the users first seen that week, and those active again at or after the metric's `after`. */
export interface CohortRow extends PeriodView {
  readonly size: number;
  readonly retained: number;
  /** retained / size; null for an empty week. */
  readonly rate: number | null;
  /** False while the week's last users have not yet had `after` to come back by `asOf`. */
  readonly complete: boolean;
}

/** A retention metric's cohort table (src/reports/retention.ts). */
export interface RetentionTable {
  readonly metricId: string;
  readonly title: string;
  /** The metric's `after`, in words ("7 days"). */
  readonly after: string;
  /** Activity is counted up to this time. */
  readonly asOf: string;
  readonly rows: readonly CohortRow[];
}

export interface MonthlyReport {
  readonly kind: 'monthly';
  readonly product: string;
  readonly period: PeriodView;
  readonly previous: PeriodView;
  readonly generatedAt: string;
  readonly summary: Summary;
  readonly metrics: readonly MetricRow[];
  readonly weeks: readonly WeekRow[];
  /** One cohort table per retention metric of the plan; empty without one. */
  readonly retention: readonly RetentionTable[];
  readonly incidents: IncidentSummary;
  readonly alerts: { readonly fired: number; readonly byRule: readonly { readonly rule: string; readonly fired: number }[] };
  readonly releases: readonly { readonly version: string; readonly at: string; readonly notes?: string }[];
  readonly regressions: readonly RegressionItem[];
  /** One per plan SLO, in plan order; empty without SLOs. */
  readonly slos: readonly SloRow[];
  /** Alert hygiene over the month (src/reports/hygiene.ts); absent when the report is built without the outbox and silences. */
  readonly hygiene?: HygieneSection;
}

export type Report = WeeklyReport | MonthlyReport;
