/**
 * What a metric kind (a measure such as `ratio` or `quantile`) gives the
 * rest of launchwatch: its query, and how its value is judged. One module per
 * kind in this folder, registered in registry.ts.
 */
import type { Measure, MeasureKind, MetricSpec } from '../../plan/types.js';
import type { Aggregate, AggregateQuery, MetricQuery, PerQuery } from '../query.js';

/** A metric of kind K. */
export type MetricOf<K extends MeasureKind> = MetricSpec & { readonly measure: Extract<Measure, { readonly kind: K }> };

export interface MetricKind<K extends MeasureKind> {
  /** The metric as a backend-neutral query (src/metrics/query.ts). Pure. */
  compile(metric: MetricOf<K>): MetricQuery;
  /**
   * What its targets judge: the value of the whole (`whole`), or only each
   * group's (`groups`: the kind has no single value of its own, as a share),
   * or the whole when the measurement has a value and each group's when it has
   * groups and no value (`answer`: a prometheus query answers either).
   */
  readonly judged: 'whole' | 'groups' | 'answer';
  /**
   * Which target judges a group: a target given for it, else the metric's
   * (`inherited`, the default), or only one given for it (`own`: a funnel's
   * steps are counts of users, not the funnel's conversion).
   */
  readonly groupTargets?: 'inherited' | 'own';
}

/** One aggregate over the metric's events, grouped by its `by`, divided by the distinct count of its `per` when it has one. */
export function eventAggregate(metric: MetricSpec, aggregate: Aggregate): AggregateQuery | PerQuery {
  const base = { source: { events: metric.from }, where: metric.where, by: metric.by, aggregate };
  return metric.per === undefined ? { shape: 'aggregate', ...base } : { shape: 'per', ...base, per: metric.per };
}
