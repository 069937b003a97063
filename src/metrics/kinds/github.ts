/** `github: { figure, ... }`: a figure of the stored GitHub issues, answered by the `github` figure source (src/sources/github/figures.ts). */
import type { MetricKind } from './kind.js';

export const github: MetricKind<'github'> = {
  compile: (metric) => ({ shape: 'figure', source: 'github', measure: metric.measure }),
  judged: 'whole',
};
