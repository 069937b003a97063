/** `distinct: <field>`: how many distinct values of a field (users, sessions). */
import { eventAggregate, type MetricKind } from './kind.js';

export const distinct: MetricKind<'distinct'> = {
  compile: (metric) => eventAggregate(metric, { fn: 'count_distinct', field: metric.measure.field }),
  judged: 'whole',
};
