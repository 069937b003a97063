/**
 * Figure sources: who answers a `figure` query (src/metrics/query.ts) that no
 * event store reads. Each source is one module answering the figures of one
 * `source` name (incidents, github, prometheus, formula); the registry
 * (registry.ts) builds them all at one construction point, and `dispatch`
 * (dispatch.ts) sends each compiled query to the event store or to the source
 * that owns it. A source that reads other metrics (a formula) measures them
 * through the `Measurer` it is handed, the dispatching one.
 */
import type { MetricSpec } from '../../plan/types.js';
import type { EventStore, Measurement, Series, TimeRange } from '../../store/types.js';
import type { FigureQuery, FigureSourceName } from '../query.js';

/** What measures metrics: the narrow part of the EventStore that readers of values need. */
export type Measurer = Pick<EventStore, 'measure' | 'series'>;

/** The figure query a source named N answers. */
export type FigureOf<N extends FigureSourceName> = Extract<FigureQuery, { readonly source: N }>;

/** One figure source: measures the figures compiled with its name. */
export interface FigureSource<N extends FigureSourceName> {
  /** The figure over `range`; throws SourceUnavailableError (src/metrics/unavailable.ts) when the source cannot answer. */
  measure(query: FigureOf<N>, metric: MetricSpec, range: TimeRange, through: Measurer): Promise<Measurement>;
  /** The figure per bucket of `stepMs` from `range.from`; no value at any point when the source cannot answer. */
  series(query: FigureOf<N>, metric: MetricSpec, range: TimeRange, stepMs: number, through: Measurer): Promise<Series>;
}

/** Every figure source, by name: a name of the FigureQuery union without its source fails to compile. */
export type FigureSources = { readonly [N in FigureSourceName]: FigureSource<N> };
