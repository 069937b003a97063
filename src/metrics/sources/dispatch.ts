/**
 * Measuring a metric: compile it (src/metrics/compile.ts), then ask whoever
 * owns the compiled query — the event store for every event shape, the figure
 * source of its name for a `figure`. `measuredEvents` is the EventStore that
 * readers of values are given (the evaluation, series, alert rules, digests,
 * reports): its measure and series dispatch, everything else is the store's.
 */
import type { MetricSpec } from '../../plan/types.js';
import type { EventStore, Measurement, Series, TimeRange } from '../../store/types.js';
import { compile } from '../compile.js';
import type { FigureQuery } from '../query.js';
import type { FigureSource, FigureSources, Measurer } from './source.js';

// The mapped type FigureSources guarantees that sources[query.source] answers that query; TypeScript cannot relate the two members of the union.
const ownerOf = (sources: FigureSources, query: FigureQuery): FigureSource<FigureQuery['source']> => sources[query.source] as FigureSource<FigureQuery['source']>;

/** A Measurer sending figures to their sources and every other query to `events`. */
export function dispatch(events: Measurer, sources: FigureSources): Measurer {
  const self: Measurer = {
    measure(metric: MetricSpec, range: TimeRange): Promise<Measurement> {
      const query = compile(metric);
      return query.shape === 'figure' ? ownerOf(sources, query).measure(query, metric, range, self) : events.measure(metric, range);
    },
    series(metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series> {
      const query = compile(metric);
      return query.shape === 'figure' ? ownerOf(sources, query).series(query, metric, range, stepMs, self) : events.series(metric, range, stepMs);
    },
  };
  return self;
}

/** The event store whose measure and series dispatch (see `dispatch`); writes, counts and closing are the store's own. */
export function measuredEvents(events: EventStore, sources: FigureSources): EventStore {
  const measurer = dispatch(events, sources);
  const store: EventStore = {
    prepare: (declared) => events.prepare(declared),
    append: (batch) => events.append(batch),
    measure: measurer.measure,
    series: measurer.series,
    counts: () => events.counts(),
    close: () => events.close(),
  };
  const check = events.check;
  return check ? { ...store, check: (declared, metrics) => check.call(events, declared, metrics) } : store;
}
