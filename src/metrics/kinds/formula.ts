/**
 * `formula: "feature_users / active_users"`: arithmetic over other metrics' values. It is a figure
 * no store reads: the `formula` figure source (src/metrics/formulas.ts) measures the metrics it
 * reads and combines their measurements, so every reader of the EventStore (the
 * evaluation, series, alert rules, reports) measures a formula as any other metric.
 */
import type { MetricKind } from './kind.js';

export const formula: MetricKind<'formula'> = {
  compile: (metric) => ({ shape: 'figure', source: 'formula', measure: metric.measure }),
  judged: 'whole',
};
