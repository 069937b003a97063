/**
 * What a metric asks of its data, said once for every backend: the closed set
 * of query shapes that compile() (compile.ts) turns a metric into. A store
 * backend translates each shape into its own query language (the embedded one
 * in src/store/duckdb/sql.ts and retention.ts); a figure is answered by the
 * figure source of its `source` name (src/metrics/sources/), never by a store.
 * Plain data.
 */
import type { Filter, Having } from '../plan/types.js';
import type { IncidentMeasure } from '../plan/incident-types.js';
import type { GithubMeasure, PrometheusMeasure } from '../plan/source-types.js';
import type { FormulaMeasure } from '../plan/metric-types.js';

/** The events of one declared type. */
export interface EventSource {
  readonly events: string;
}

/** One aggregate over the events of the window that pass `where`. */
export type Aggregate =
  | { readonly fn: 'count' }
  | { readonly fn: 'count_distinct'; readonly field: string }
  /** The share of events that pass every filter of `match` (0..1). */
  | { readonly fn: 'ratio'; readonly match: readonly Filter[] }
  /** The continuous quantile (linear interpolation) of a number property. */
  | { readonly fn: 'quantile'; readonly of: string; readonly q: number }
  | { readonly fn: 'mean'; readonly of: string }
  | { readonly fn: 'sum'; readonly of: string }
  | { readonly fn: 'max'; readonly of: string }
  | { readonly fn: 'min'; readonly of: string }
  /** Of the events with a value of `of` (a 0..10 score): the % of 9 and 10 minus the % of 0 to 6, in points (−100..100). */
  | { readonly fn: 'nps'; readonly of: string };

export type AggregateFn = Aggregate['fn'];

/** The aggregate for the whole and for each group of `by`. */
export interface AggregateQuery {
  readonly shape: 'aggregate';
  readonly source: EventSource;
  readonly where: readonly Filter[];
  readonly by: readonly string[];
  readonly aggregate: Aggregate;
}

/** The aggregate divided by the distinct count of `per` ("commands per session"), for the whole and each group. */
export interface PerQuery {
  readonly shape: 'per';
  readonly source: EventSource;
  readonly where: readonly Filter[];
  readonly by: readonly string[];
  readonly aggregate: Aggregate;
  readonly per: string;
}

/**
 * Each value of `of` as a fraction of the events of the window; no value of the
 * whole, and events without a value of `of` are no group (they still count in the total).
 */
export interface ShareQuery {
  readonly shape: 'share';
  readonly source: EventSource;
  readonly where: readonly Filter[];
  readonly of: string;
  /** Shares of the distinct values of this field (users) instead of the events: a user counts once in each group they have events in. */
  readonly distinct?: string;
}

/** Of the users first seen in the cohort period, the fraction active again `afterMs` after their first event. */
export interface RetentionQuery {
  readonly shape: 'retention';
  readonly source: EventSource;
  readonly where: readonly Filter[];
  readonly afterMs: number;
}

/** How many distinct values of `field` (users) have events in the window that pass `having` (more than N of them, or a sum over a threshold). */
export interface HavingQuery {
  readonly shape: 'having';
  readonly source: EventSource;
  readonly where: readonly Filter[];
  readonly field: string;
  readonly having: Having;
  /** The metric's `by`: each group counts the values whose events in that group pass `having`. */
  readonly by: readonly string[];
}

/**
 * Of the users whose first event of the first step falls in the range, those
 * who then did each later step (strictly after the previous one, within
 * `withinMs` of their first step, and no later than the range's end).
 */
export interface FunnelQuery {
  readonly shape: 'funnel';
  readonly steps: readonly { readonly source: EventSource; readonly where: readonly Filter[] }[];
  readonly withinMs: number;
}

/** A figure of launchwatch's own incidents, for the whole and, with `by: [severity]`, per severity. */
export interface IncidentFigureQuery {
  readonly shape: 'figure';
  readonly source: 'incidents';
  readonly measure: IncidentMeasure;
  readonly by: readonly string[];
}

/** A figure of the GitHub issues sources.github stores. */
export interface GithubFigureQuery {
  readonly shape: 'figure';
  readonly source: 'github';
  readonly measure: GithubMeasure;
}

/** A PromQL query to sources.prometheus: an instant query for a value, a range query for a series. */
export interface PrometheusFigureQuery {
  readonly shape: 'figure';
  readonly source: 'prometheus';
  readonly measure: PrometheusMeasure;
}

/** Arithmetic over other metrics' measurements, computed in front of the stores (src/metrics/formulas.ts): no store reads it. */
export interface FormulaFigureQuery {
  readonly shape: 'figure';
  readonly source: 'formula';
  readonly measure: FormulaMeasure;
}

export type FigureQuery = IncidentFigureQuery | GithubFigureQuery | PrometheusFigureQuery | FormulaFigureQuery;
export type FigureSourceName = FigureQuery['source'];

/** The shapes a store answers from the events alone, in one grouped scan. */
export type EventAggregateQuery = AggregateQuery | PerQuery | ShareQuery;

export type MetricQuery = EventAggregateQuery | RetentionQuery | HavingQuery | FunnelQuery | FigureQuery;

export type QueryShape = MetricQuery['shape'];

/** The fields a query groups by: its `by`, or the shared field of a share. */
export function groupFields(query: EventAggregateQuery): readonly string[] {
  return query.shape === 'share' ? [query.of] : query.by;
}

/** The value over no events: 0 for a count, a distinct count and a sum; no value for anything else (a mean, a ratio, a per). */
export function valueOverNoEvents(query: EventAggregateQuery): number | null {
  if (query.shape !== 'aggregate') return null;
  const fn = query.aggregate.fn;
  return fn === 'count' || fn === 'count_distinct' || fn === 'sum' ? 0 : null;
}

/** A share group's fraction of the whole: of its events, or with `distinct` of the distinct values (the rows' `value`); null over no events. */
export function shareFraction(query: ShareQuery, group: { readonly value: number | null; readonly events: number }, whole: { readonly value: number | null; readonly events: number }): number | null {
  const part = query.distinct === undefined ? group.events : (group.value ?? 0);
  const of = query.distinct === undefined ? whole.events : (whole.value ?? 0);
  return of > 0 ? part / of : null;
}
