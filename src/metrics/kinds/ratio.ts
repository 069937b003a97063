/** `ratio: { <filters> }`: the fraction of events that match. */
import { eventAggregate, type MetricKind } from './kind.js';

export const ratio: MetricKind<'ratio'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'ratio', match: metric.measure.match }),
  judged: 'whole',
};
