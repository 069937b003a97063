/**
 * `prometheus: <PromQL>`: the query's answer from sources.prometheus, answered by the prometheus figure
 * source (src/sources/prometheus/figures.ts). A scalar (or one sample without labels) is the whole's
 * value; labelled series are groups, each judged against its target.
 */
import type { MetricKind } from './kind.js';

export const prometheus: MetricKind<'prometheus'> = {
  compile: (metric) => ({ shape: 'figure', source: 'prometheus', measure: metric.measure }),
  judged: 'answer',
};
