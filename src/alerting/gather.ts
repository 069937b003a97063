/**
 * The first stage of a tick: what the rules observe, read from the stores.
 * The current metric results (the metrics service's evaluation), and what
 * each condition kind asks for (conditions/registry.ts `needs`): a metric's
 * results some time earlier, event counts over a window, the baselines.
 * Everything after this stage is pure.
 */
import { evaluateMetric, type MetricResult } from '../metrics/evaluate.js';
import type { MetricsService } from '../metrics/service.js';
import type { MetricSpec, Plan } from '../plan/types.js';
import type { EventStore } from '../store/types.js';
import { conditionKind } from './conditions/registry.js';
import type { GatherRequest, HourlySeries, ObservationInput } from './conditions/types.js';

export interface GatherPorts {
  readonly events: EventStore;
  readonly metrics: Pick<MetricsService, 'current'>;
  readonly regressionBaselines?: (plan: Plan, now: number) => Promise<ObservationInput['baselines']>;
  /** Whether each launch phase is on (src/criteria/phases.ts), given the current results; without it phase() conditions see no data. */
  readonly phases?: (plan: Plan, current: readonly MetricResult[], now: number) => Promise<ReadonlyMap<string, boolean>>;
  /** The SLOs' figures (src/slo/service.ts); without it slo_burn conditions see an error. */
  readonly slos?: (plan: Plan, now: number) => Promise<ObservationInput['slos']>;
}

const HOUR_MS = 3_600_000;

/** The metric per whole hour: the last whole hour before `now` and the `historyMs` before it. */
async function hourly(events: EventStore, metric: MetricSpec, historyMs: number, now: number): Promise<HourlySeries> {
  const last = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  return { last, series: await events.series(metric, { from: last - historyMs, to: last + HOUR_MS }, HOUR_MS) };
}

/** A count of one event type over a window, as a metric: what a `count` request reads. */
function absentProbe(key: string, event: string, windowMs: number): MetricSpec {
  return { id: `absent:${key}`, title: key, from: event, where: [], measure: { kind: 'count' }, by: [], windowMs, targets: [], unit: 'count' };
}

export async function gather(ports: GatherPorts, plan: Plan, now: number): Promise<ObservationInput> {
  const evaluation = await ports.metrics.current();
  const current = new Map(evaluation.metrics.map((m) => [m.id, m]));
  const metrics = new Map(plan.metrics.map((m) => [m.id, m]));
  const earlier = new Map<string, MetricResult>();
  const counts = new Map<string, number>();
  const hourlies = new Map<string, HourlySeries>();
  let wantsBaselines = false;
  let wantsPhases = false;
  let wantsSlos = false;
  const read = async (request: GatherRequest): Promise<void> => {
    switch (request.kind) {
      case 'earlier': {
        const metric = metrics.get(request.metric);
        if (metric && !earlier.has(request.key)) earlier.set(request.key, await evaluateMetric(ports.events, metric, now - request.offsetMs));
        return;
      }
      case 'count': {
        if (counts.has(request.key)) return;
        const measured = await ports.events.measure(absentProbe(request.key, request.event, request.windowMs), { from: now - request.windowMs, to: now });
        counts.set(request.key, measured.value ?? 0);
        return;
      }
      case 'baselines':
        wantsBaselines = true;
        return;
      case 'phases':
        wantsPhases = true;
        return;
      case 'hourly': {
        const metric = metrics.get(request.metric);
        if (metric && !hourlies.has(request.key)) hourlies.set(request.key, await hourly(ports.events, metric, request.historyMs, now));
        return;
      }
      case 'slos':
        wantsSlos = true;
        return;
    }
  };
  for (const rule of plan.alerts) {
    for (const { condition } of rule.levels) {
      for (const request of conditionKind(condition).needs(condition)) await read(request);
    }
  }
  const grouped = new Set(plan.metrics.filter((m) => m.by.length > 0).map((m) => m.id));
  const baselines = wantsBaselines ? await ports.regressionBaselines?.(plan, now) : undefined;
  const phases = wantsPhases ? await ports.phases?.(plan, evaluation.metrics, now) : undefined;
  const slos = wantsSlos ? await ports.slos?.(plan, now) : undefined;
  return { current, earlier, counts, grouped, ...(baselines ? { baselines } : {}), ...(phases ? { phases } : {}), ...(hourlies.size ? { hourly: hourlies } : {}), ...(slos ? { slos } : {}) };
}
