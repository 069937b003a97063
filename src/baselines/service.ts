/**
 * Baselines from the stores: take one over a range, and the baselines in
 * force, which are the stored ones and the plan's. A plan baseline over a
 * range is measured once its range has passed (or when the plan changes its
 * range) and kept; until then it is pending.
 */
import type { AlertRule } from '../plan/alert-types.js';
import type { BaselineSpec } from '../plan/baseline-types.js';
import type { Plan } from '../plan/types.js';
import { betterDirection } from '../plan/direction.js';
import type { BaselineStore } from '../store/baselines.js';
import type { EventStore, Measurement } from '../store/types.js';
import { measuredBaseline } from './baseline.js';
import type { RegressionBaseline } from './regressions.js';
import type { Baseline } from './types.js';

export interface BaselineSources {
  readonly events: EventStore;
  readonly baselines: BaselineStore;
}

const EMPTY: Measurement = { value: null, events: 0, groups: [] };

/** Measures every plan metric over the range and stores the result under `name`, replacing any baseline of that name. */
export async function takeBaseline(sources: BaselineSources, plan: Plan, name: string, range: { from: number; to: number }, now: number): Promise<Baseline> {
  const measured = [];
  for (const metric of plan.metrics) {
    // A metric not computed from events (an incident figure) has no value to keep here.
    measured.push({ metric, measurement: metric.from === '' ? EMPTY : await sources.events.measure(metric, range) });
  }
  const baseline = measuredBaseline(name, range, measured, now);
  await sources.baselines.putBaseline(baseline);
  return baseline;
}

/** A plan baseline of values, as a Baseline. */
function fromPlanValues(spec: Extract<BaselineSpec, { kind: 'values' }>): Baseline {
  const values = Object.fromEntries(Object.entries(spec.values).map(([metric, value]) => [metric, { value, events: null, groups: [] }]));
  return { name: spec.name, source: spec.source, range: null, takenAt: 0, values };
}

export interface BaselinesInForce {
  /** By name. */
  readonly baselines: readonly Baseline[];
  /** Plan baselines whose range has not ended yet. */
  readonly pending: readonly Extract<BaselineSpec, { kind: 'range' }>[];
}

export async function baselinesInForce(sources: BaselineSources, plan: Plan, now: number): Promise<BaselinesInForce> {
  const stored = new Map((await sources.baselines.baselines()).map((b) => [b.name, b]));
  const pending: Extract<BaselineSpec, { kind: 'range' }>[] = [];
  for (const spec of Object.values(plan.baselines)) {
    if (spec.kind === 'values') {
      stored.set(spec.name, fromPlanValues(spec));
      continue;
    }
    const taken = stored.get(spec.name);
    if (taken?.range && taken.range.from === spec.from && taken.range.to === spec.to) continue;
    if (spec.to > now) {
      stored.delete(spec.name);
      pending.push(spec);
      continue;
    }
    stored.set(spec.name, await takeBaseline(sources, plan, spec.name, { from: spec.from, to: spec.to }, now));
  }
  return { baselines: [...stored.values()].sort((a, b) => a.name.localeCompare(b.name)), pending };
}

/** Whether any alert rule compares with a baseline: the engine reads baselines only then. */
export function hasRegressionRules(rules: readonly AlertRule[]): boolean {
  return rules.some((rule) => rule.levels.some((level) => level.condition.kind === 'regression'));
}

/** What the plan's regression() conditions compare with, keyed by `${metric}@${baseline}` (observe.ts regressionKey). Pure. */
export function regressionInputs(plan: Plan, baselines: readonly Baseline[]): Map<string, RegressionBaseline> {
  const byName = new Map(baselines.map((b) => [b.name, b]));
  const metrics = new Map(plan.metrics.map((m) => [m.id, m]));
  const out = new Map<string, RegressionBaseline>();
  for (const rule of plan.alerts) {
    for (const { condition } of rule.levels) {
      if (condition.kind !== 'regression') continue;
      const value = byName.get(condition.baseline)?.values[condition.metric];
      const metric = metrics.get(condition.metric);
      const better = metric ? betterDirection(metric) : 'none';
      if (!value || better === 'none') continue;
      out.set(`${condition.metric}@${condition.baseline}`, { better, value: value.value, groups: value.groups });
    }
  }
  return out;
}

/**
 * The engine's input for regression() conditions: empty (and no store read) when no rule has one.
 * A failure to read or take baselines is reported to onError and gives no baselines (the rules see
 * no data) rather than stopping every other rule.
 */
export async function regressionBaselines(sources: BaselineSources, plan: Plan, now: number, onError?: (error: unknown) => void): Promise<Map<string, RegressionBaseline>> {
  if (!hasRegressionRules(plan.alerts)) return new Map();
  try {
    const { baselines } = await baselinesInForce(sources, plan, now);
    return regressionInputs(plan, baselines);
  } catch (error: unknown) {
    onError?.(error);
    return new Map();
  }
}
