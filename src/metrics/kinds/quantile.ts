/** `quantile: { of, q }`: the continuous quantile of a number property. */
import { eventAggregate, type MetricKind } from './kind.js';

export const quantile: MetricKind<'quantile'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'quantile', of: metric.measure.of, q: metric.measure.q }),
  judged: 'whole',
};
