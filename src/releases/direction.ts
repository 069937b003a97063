/** Which way is better for a metric, read from its targets. Pure. */
import { targetForGroup } from '../metrics/status.js';
import type { Threshold } from '../plan/threshold.js';
import type { MetricSpec } from '../plan/types.js';
import type { GroupKey } from '../store/types.js';

/** `higher`: green is ">= x" or "> x"; `lower`: green is "<= x" or "< x"; `none`: no target, a range, or targets that disagree. */
export type Direction = 'higher' | 'lower' | 'none';

function ofThreshold(threshold: Threshold): Direction {
  if (threshold.kind === 'range') return 'none';
  return threshold.op === '>=' || threshold.op === '>' ? 'higher' : 'lower';
}

/** From the metric's target, else from its per-group targets when they all agree. */
export function betterDirection(metric: MetricSpec): Direction {
  if (metric.target) return ofThreshold(metric.target.green);
  const directions = new Set(metric.targets.map((t) => ofThreshold(t.green)));
  if (directions.size !== 1) return 'none';
  return [...directions][0] ?? 'none';
}

/** For one group: its own target (or the metric's), else the metric's direction. */
export function groupDirection(metric: MetricSpec, group: GroupKey): Direction {
  const target = targetForGroup(metric, group);
  return target ? ofThreshold(target.green) : betterDirection(metric);
}
