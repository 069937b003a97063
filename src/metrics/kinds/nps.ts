/** `nps: <property>`: the net promoter score of a 0..10 score, the % of 9-10 minus the % of 0-6, in points (no value over no events). */
import { eventAggregate, type MetricKind } from './kind.js';

export const nps: MetricKind<'nps'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'nps', of: metric.measure.of }),
  judged: 'whole',
};
