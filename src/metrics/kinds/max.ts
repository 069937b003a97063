/** `max: <property>`: the largest value of a number property (no value over no events). */
import { eventAggregate, type MetricKind } from './kind.js';

export const max: MetricKind<'max'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'max', of: metric.measure.of }),
  judged: 'whole',
};
