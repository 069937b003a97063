/** `sum: <property>`: the sum of a number property (0 over no events). */
import { eventAggregate, type MetricKind } from './kind.js';

export const sum: MetricKind<'sum'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'sum', of: metric.measure.of }),
  judged: 'whole',
};
