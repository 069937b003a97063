/**
 * `share: <field>`: each value of a field as a fraction of the events, or with
 * `distinct: user_id` of the distinct users; judged group by group, it has no
 * value of its own.
 */
import type { MetricKind } from './kind.js';

export const share: MetricKind<'share'> = {
  compile: (metric) => {
    const { of, distinct } = metric.measure;
    return { shape: 'share', source: { events: metric.from }, where: metric.where, of, ...(distinct !== undefined ? { distinct } : {}) };
  },
  judged: 'groups',
};
