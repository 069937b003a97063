/**
 * The first stage of a tick: what the rules observe, read from the stores.
 * The current metric results (the metrics service's evaluation), the earlier
 * results change() compares with, the event counts absent() reads, and the
 * baselines of regression(). Everything after this stage is pure.
 */
import { evaluateMetric, type MetricResult } from '../metrics/evaluate.js';
import type { MetricsService } from '../metrics/service.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import type { EventStore } from '../store/types.js';
import { absentKey, changeKey, type ObservationInput } from './observe.js';

export interface GatherPorts {
  readonly events: EventStore;
  readonly metrics: Pick<MetricsService, 'current'>;
  readonly regressionBaselines?: (plan: Plan, now: number) => Promise<ObservationInput['baselines']>;
}

/** A count of one event type over a window, as a metric: what absent() reads. */
function absentProbe(key: string, event: string, windowMs: number): MetricSpec {
  return { id: `absent:${key}`, title: key, from: event, where: [], measure: { kind: 'count' }, by: [], windowMs, targets: [], unit: 'count' };
}

export async function gather(ports: GatherPorts, plan: Plan, now: number): Promise<ObservationInput> {
  const evaluation = await ports.metrics.current();
  const current = new Map(evaluation.metrics.map((m) => [m.id, m]));
  const metrics = new Map(plan.metrics.map((m) => [m.id, m]));
  const earlier = new Map<string, MetricResult>();
  const counts = new Map<string, number>();
  for (const rule of plan.alerts) {
    for (const { condition } of rule.levels) {
      if (condition.kind === 'change') {
        const key = changeKey(condition.metric, condition.periodMs);
        const metric = metrics.get(condition.metric);
        if (metric && !earlier.has(key)) earlier.set(key, await evaluateMetric(ports.events, metric, now - condition.periodMs));
      } else if (condition.kind === 'absent') {
        const key = absentKey(condition.event, condition.windowMs);
        if (!counts.has(key)) {
          const measured = await ports.events.measure(absentProbe(key, condition.event, condition.windowMs), { from: now - condition.windowMs, to: now });
          counts.set(key, measured.value ?? 0);
        }
      }
    }
  }
  const grouped = new Set(plan.metrics.filter((m) => m.by.length > 0).map((m) => m.id));
  const baselines = await ports.regressionBaselines?.(plan, now);
  return { current, earlier, counts, grouped, ...(baselines ? { baselines } : {}) };
}
