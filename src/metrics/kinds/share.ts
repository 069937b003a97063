/** `share: <field>`: each value of a field as a fraction of the events; judged group by group, it has no value of its own. */
import type { MetricKind } from './kind.js';

export const share: MetricKind<'share'> = {
  compile: (metric) => ({ shape: 'share', source: { events: metric.from }, where: metric.where, of: metric.measure.of }),
  judged: 'groups',
};
