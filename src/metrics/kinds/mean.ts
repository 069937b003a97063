/** `mean: <property>`: the mean of a number property. */
import { eventAggregate, type MetricKind } from './kind.js';

export const mean: MetricKind<'mean'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'mean', of: metric.measure.of }),
  judged: 'whole',
};
