/**
 * `funnel: { steps, within }`: users completing the last step over users doing
 * the first (src/plan/funnel.ts); its groups are the steps, `{ step: "1 signup" }`,
 * each with the users reaching it and the conversions from the first and the
 * previous step. A step's count is not judged against the funnel's target,
 * only against a target given for that step.
 */
import type { MetricKind } from './kind.js';

export const funnel: MetricKind<'funnel'> = {
  compile: (metric) => ({
    shape: 'funnel',
    steps: metric.measure.steps.map((step) => ({ source: { events: step.event }, where: step.where })),
    withinMs: metric.measure.withinMs,
  }),
  judged: 'whole',
  groupTargets: 'own',
};
