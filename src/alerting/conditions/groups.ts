/** What the condition kinds that read a plan metric share: group keys, the metric's current values, its event type. */
import { metricEventTypes } from '../../plan/metric-events.js';
import type { Plan } from '../../plan/types.js';
import type { GroupKey } from '../../store/types.js';
import type { GroupValues, ObservationInput } from './types.js';

/** A group as a map key: its fields sorted by name. */
export function groupText(group: GroupKey): string {
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));
}

/** The metric's current value per group (its whole value, keyed by the empty group, when it has no groups), or 'missing' when it was not evaluated. */
export function currentValues(metric: string, input: ObservationInput): GroupValues | 'missing' {
  const current = input.current.get(metric);
  if (!current) return 'missing';
  const entries = input.grouped.has(metric) ? current.groups.map((g) => ({ group: g.group, value: g.value })) : [{ group: {}, value: current.value }];
  return new Map(entries.map((e) => [groupText(e.group), e]));
}

/** The event types a plan metric reads: its own, a funnel's steps', a formula's operands' (none for one measured otherwise, as incident figures are). */
export function metricEvents(metric: string, plan: Plan): string[] {
  return metricEventTypes(plan.metrics, metric);
}
