/**
 * The first step of measuring a metric: what it means, as a backend-neutral
 * query (src/metrics/query.ts). Each kind compiles its own metrics
 * (src/metrics/kinds/); stores translate the query and never read the
 * measure itself. Pure.
 */
import type { MetricSpec } from '../plan/types.js';
import { kindOf } from './kinds/registry.js';
import type { MetricQuery } from './query.js';

export function compile(metric: MetricSpec): MetricQuery {
  return kindOf(metric).compile(metric);
}
