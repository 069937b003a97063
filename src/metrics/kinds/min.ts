/** `min: <property>`: the smallest value of a number property (no value over no events). */
import { eventAggregate, type MetricKind } from './kind.js';

export const min: MetricKind<'min'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'min', of: metric.measure.of }),
  judged: 'whole',
};
