/**
 * The event types a metric reads: its `from`, every step's event of a
 * funnel, and, for a formula, the types its operand metrics read (through
 * formulas of formulas). An event of one of these types can change the
 * metric's value, so a commit of it asks for a commit-triggered alert tick
 * (src/alerting/conditions/groups.ts). None for a metric not measured over
 * events (incident, source and Prometheus figures).
 */
import type { MetricSpec } from './metric-types.js';

export function metricEventTypes(metrics: readonly MetricSpec[], id: string): string[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const types = new Set<string>();
  const seen = new Set<string>();
  const visit = (metricId: string): void => {
    const metric = byId.get(metricId);
    if (!metric || seen.has(metricId)) return;
    seen.add(metricId);
    if (metric.from) types.add(metric.from);
    if (metric.measure.kind === 'funnel') for (const step of metric.measure.steps) types.add(step.event);
    if (metric.measure.kind === 'formula') for (const operand of metric.measure.operands) visit(operand);
  };
  visit(id);
  return [...types];
}
