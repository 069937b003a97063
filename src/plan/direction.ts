/** Which way is better for a metric, read from its targets. Pure. */
import type { Threshold } from './threshold.js';
import type { MetricSpec } from './types.js';

/** `higher`: green is ">= x" or "> x"; `lower`: green is "<= x" or "< x"; `none`: no target, a range, or targets that disagree. */
export type Direction = 'higher' | 'lower' | 'none';

export function thresholdDirection(threshold: Threshold): Direction {
  if (threshold.kind === 'range') return 'none';
  return threshold.op === '>=' || threshold.op === '>' ? 'higher' : 'lower';
}

/** From the metric's target, else from its per-group targets when they all agree. */
export function betterDirection(metric: MetricSpec): Direction {
  if (metric.target) return thresholdDirection(metric.target.green);
  const directions = new Set(metric.targets.map((t) => thresholdDirection(t.green)));
  if (directions.size !== 1) return 'none';
  return [...directions][0] ?? 'none';
}
