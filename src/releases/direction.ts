/** Which way is better for one group of a metric (the metric's own direction is src/plan/direction.ts's). Pure. */
import { targetForGroup } from '../metrics/status.js';
import { betterDirection, thresholdDirection, type Direction } from '../plan/direction.js';
import type { MetricSpec } from '../plan/types.js';
import type { GroupKey } from '../store/types.js';

/** For one group: its own target (or the metric's), else the metric's direction. */
export function groupDirection(metric: MetricSpec, group: GroupKey): Direction {
  const target = targetForGroup(metric, group);
  return target ? thresholdDirection(target.green) : betterDirection(metric);
}
