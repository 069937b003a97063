/**
 * Evaluating the plan: each metric's measure over its sliding window ending
 * at `now`, judged against its targets. judgeMetric is pure; evaluatePlan
 * asks the EventStore.
 */
import { formatDuration } from '../plan/duration.js';
import type { MetricSpec, Plan, Target } from '../plan/types.js';
import type { Measurement } from '../store/types.js';
import { onceEach } from './formulas.js';
import { kindOf } from './kinds/registry.js';
import type { Measurer } from './sources/source.js';
import type { GroupResult, MetricResult, PlanEvaluation, TargetView } from './result.js';
import { judge, ownTarget, targetForGroup, worst } from './status.js';
import { unavailableReason } from './unavailable.js';

export type { GroupResult, MetricResult, PlanEvaluation, TargetView } from './result.js';

function targetView(target: Target | undefined): TargetView | null {
  if (!target) return null;
  return target.yellow ? { green: target.green.text, yellow: target.yellow.text } : { green: target.green.text };
}

export function judgeMetric(metric: MetricSpec, measurement: Measurement): MetricResult {
  const kind = kindOf(metric);
  const groups: GroupResult[] = measurement.groups.map((g) => {
    const target = kind.groupTargets === 'own' ? ownTarget(metric, g.group) : targetForGroup(metric, g.group);
    const conversion = g.conversion ? { conversion_from_first: g.conversion.fromFirst, conversion_from_previous: g.conversion.fromPrevious } : {};
    return { group: g.group, value: g.value, status: judge(g.value, target).status, events: g.events, target: targetView(target), ...conversion };
  });
  const byGroups = kind.judged === 'groups' || (kind.judged === 'answer' && measurement.value === null && measurement.groups.length > 0);
  const overall = byGroups ? { status: 'unknown' as const, reason: 'no_target' as const } : judge(measurement.value, metric.target);
  // With no overall target (or for a share), the metric is as bad as its worst group.
  const fromGroups = overall.reason === 'no_target' && groups.some((g) => g.target !== null);
  // Targets given per group (or a share's target) but no group measured: the metric lacks data, not a target.
  const groupTargets = metric.targets.length > 0 || (byGroups && metric.target !== undefined);
  const noGroupData = overall.reason === 'no_target' && groupTargets && groups.length === 0;
  return {
    id: metric.id,
    title: metric.title,
    ...(metric.description ? { description: metric.description } : {}),
    kind: metric.measure.kind,
    unit: metric.unit,
    window: formatDuration(metric.windowMs),
    value: measurement.value,
    status: fromGroups ? worst(groups.map((g) => g.status)) : overall.status,
    reason: fromGroups ? 'worst_group' : noGroupData ? 'no_data' : overall.reason,
    events: measurement.events,
    target: targetView(metric.target),
    groups,
  };
}

/**
 * One metric at `now`. A failing query gives a result with `error` (and calls onError with the cause)
 * rather than failing the plan; a source that is unavailable gives `unknown` with `unavailable`.
 */
export async function evaluateMetric(store: Measurer, metric: MetricSpec, now: number, onError?: (metric: MetricSpec, error: unknown) => void): Promise<MetricResult> {
  try {
    const measurement = await store.measure(metric, { from: now - metric.windowMs, to: now });
    return judgeMetric(metric, measurement);
  } catch (error: unknown) {
    const unavailable = unavailableReason(error);
    // A source that is off or has never answered: unknown with its reason, not an error to log.
    if (unavailable !== undefined) return { ...judgeMetric(metric, { value: null, events: 0, groups: [] }), status: 'unknown', reason: 'source_unavailable', unavailable };
    onError?.(metric, error);
    return { ...judgeMetric(metric, { value: null, events: 0, groups: [] }), status: 'unknown', reason: 'evaluation_error', error: 'evaluation failed (see the server log)' };
  }
}

/** Every metric of the plan at `now`; a formula after the metrics it reads, from their measurements (src/metrics/formulas.ts). */
export async function evaluatePlan(plan: Plan, store: Measurer, now: number, onError?: (metric: MetricSpec, error: unknown) => void): Promise<PlanEvaluation> {
  const once = onceEach(store, () => plan);
  const metrics = await Promise.all(plan.metrics.map((metric) => evaluateMetric(once, metric, now, onError)));
  return { evaluated_at: new Date(now).toISOString(), metrics };
}
