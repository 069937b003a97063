/** `incidents: { figure, severities }`: a figure of launchwatch's own incidents, answered by the `incidents` figure source (src/metrics/incident-figures.ts). */
import type { MetricKind } from './kind.js';

export const incidents: MetricKind<'incidents'> = {
  compile: (metric) => ({ shape: 'figure', source: 'incidents', measure: metric.measure, by: metric.by }),
  judged: 'whole',
};
