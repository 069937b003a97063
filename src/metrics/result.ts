/**
 * What evaluating a metric answers: the shapes of GET /api/v1/metrics, which
 * the dashboard imports too (web/data/metrics.ts). Types only, and this module
 * imports nothing, so the browser build can read it.
 */

export type Status = 'green' | 'yellow' | 'red' | 'unknown';

export type StatusReason = 'meets_green' | 'meets_yellow' | 'misses_target' | 'no_data' | 'no_target';

/** A group's values of the metric's `by` properties, e.g. `{ backend: "static" }`. */
export type GroupKey = Readonly<Record<string, string | number | boolean | null>>;

export interface TargetView {
  readonly green: string;
  readonly yellow?: string;
}

export interface GroupResult {
  readonly group: GroupKey;
  readonly value: number | null;
  readonly status: Status;
  readonly events: number;
  readonly target: TargetView | null;
  /** A funnel step's users over the first step's (0..1). */
  readonly conversion_from_first?: number | null;
  /** A funnel step's users over the previous step's (0..1; null when the previous step has none). */
  readonly conversion_from_previous?: number | null;
}

export interface MetricResult {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: string;
  readonly unit: string;
  readonly window: string;
  readonly value: number | null;
  readonly status: Status;
  readonly reason: StatusReason | 'worst_group' | 'evaluation_error' | 'source_unavailable';
  /** Set when the metric could not be evaluated; the cause is in the server log, not here. */
  readonly error?: string;
  /** With reason `source_unavailable`: why its source gives no value, e.g. "GitHub source disabled: no token". */
  readonly unavailable?: string;
  readonly events: number;
  readonly target: TargetView | null;
  readonly groups: readonly GroupResult[];
}

export interface PlanEvaluation {
  /** ISO-8601 time the windows end at. */
  readonly evaluated_at: string;
  readonly metrics: readonly MetricResult[];
}
