/** `count: true`: how many events. */
import { eventAggregate, type MetricKind } from './kind.js';

export const count: MetricKind<'count'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'count' }),
  judged: 'whole',
};
