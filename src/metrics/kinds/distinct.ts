/**
 * `distinct: <field>`: how many distinct values of a field (users, sessions);
 * with `having`, only those whose events in the window pass it ("users with
 * more than 20 generations").
 */
import { eventAggregate, type MetricKind } from './kind.js';

export const distinct: MetricKind<'distinct'> = {
  compile: (metric) => {
    const { field, having } = metric.measure;
    if (having === undefined) return eventAggregate(metric, { fn: 'count_distinct', field });
    return { shape: 'having', source: { events: metric.from }, where: metric.where, field, having, by: metric.by };
  },
  judged: 'whole',
};
