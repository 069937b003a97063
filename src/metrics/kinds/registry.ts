/**
 * The one place a metric kind is registered. Adding a kind: its plan side in
 * src/plan (schema, Measure, resolve), its module in this folder, and one
 * entry here; a kind of the Measure union without an entry fails to compile.
 * A kind whose query is a new shape also needs that shape in
 * src/metrics/query.ts and its translation in every backend.
 */
import type { MeasureKind, MetricSpec } from '../../plan/types.js';
import { count } from './count.js';
import { distinct } from './distinct.js';
import { formula } from './formula.js';
import { funnel } from './funnel.js';
import { github } from './github.js';
import { incidents } from './incidents.js';
import type { MetricKind } from './kind.js';
import { max } from './max.js';
import { mean } from './mean.js';
import { min } from './min.js';
import { nps } from './nps.js';
import { prometheus } from './prometheus.js';
import { quantile } from './quantile.js';
import { ratio } from './ratio.js';
import { retention } from './retention.js';
import { share } from './share.js';
import { sum } from './sum.js';

export type { MetricKind, MetricOf } from './kind.js';

export const METRIC_KINDS: { readonly [K in MeasureKind]: MetricKind<K> } = {
  count,
  distinct,
  ratio,
  quantile,
  mean,
  sum,
  share,
  nps,
  max,
  min,
  funnel,
  retention,
  incidents,
  github,
  prometheus,
  formula,
};

/** The kind of a metric. */
export function kindOf(metric: MetricSpec): MetricKind<MeasureKind> {
  // TypeScript cannot relate METRIC_KINDS[metric.measure.kind] to the metric's own member of the union; the mapped type above guarantees it.
  return METRIC_KINDS[metric.measure.kind] as MetricKind<MeasureKind>;
}
