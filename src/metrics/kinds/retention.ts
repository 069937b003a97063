/** `retention: { after }`: of the users first seen in a cohort period, the fraction active again after a while (src/plan/retention.ts). */
import type { MetricKind } from './kind.js';

export const retention: MetricKind<'retention'> = {
  compile: (metric) => ({ shape: 'retention', source: { events: metric.from }, where: metric.where, afterMs: metric.measure.afterMs }),
  judged: 'whole',
};
