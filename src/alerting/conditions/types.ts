/**
 * What an alert condition kind is to the engine: what a tick must read for
 * it, its value per group from what was read, whether a value holds, and the
 * event types whose arrival can change it. One module per kind implements
 * this (threshold.ts, change.ts, regression.ts, absent.ts), registered in
 * registry.ts; its text form and plan checks are in src/plan/conditions.ts.
 */
import type { RegressionBaseline } from '../../baselines/regressions.js';
import type { MetricResult } from '../../metrics/evaluate.js';
import type { AlertCondition } from '../../plan/alert-types.js';
import type { Plan } from '../../plan/types.js';
import type { SloFiguresAt } from '../../slo/evaluate.js';
import type { GroupKey, Series } from '../../store/types.js';

/** What the rules observe at a tick, read by gather.ts; every condition's values come from it alone. */
export interface ObservationInput {
  /** Current results by metric id. */
  readonly current: ReadonlyMap<string, MetricResult>;
  /** Results of `earlier` requests: a metric evaluated some time before now, keyed by the request's key. */
  readonly earlier: ReadonlyMap<string, MetricResult>;
  /** Results of `count` requests: the events of a type in a window ending now, keyed by the request's key. */
  readonly counts: ReadonlyMap<string, number>;
  /** Ids of the metrics that have groups (`by` or `share`): their alerts are per group, even while no group has data. */
  readonly grouped: ReadonlySet<string>;
  /** The baselines regression() conditions compare with, keyed by `regressionKey(metric, baseline)`; a missing one is no data. */
  readonly baselines?: ReadonlyMap<string, RegressionBaseline>;
  /** Whether each launch phase is on (src/criteria/phases.ts), by phase id; absent when no condition asked. */
  readonly phases?: ReadonlyMap<string, boolean>;
  /** Results of `hourly` requests: a metric's hourly series and the start of its last whole hour, keyed by the request's key. */
  readonly hourly?: ReadonlyMap<string, HourlySeries>;
  /** The SLOs' figures now, by SLO id (the engine's slos port); a missing one was not evaluated. */
  readonly slos?: ReadonlyMap<string, SloFiguresAt>;
}

/** A metric's series of whole hours ending at `last`'s end (the last whole hour before now). */
export interface HourlySeries {
  /** The start of the last whole hour, epoch ms. */
  readonly last: number;
  readonly series: Series;
}

/**
 * What gather.ts reads for a condition beyond the current evaluation, which
 * every tick reads. Requests with the same key are read once.
 */
export type GatherRequest =
  /** The plan metric `metric` evaluated `offsetMs` before now, into `earlier` under `key`; nothing when the plan has no such metric. */
  | { readonly kind: 'earlier'; readonly key: string; readonly metric: string; readonly offsetMs: number }
  /** How many events of type `event` have a time in the `windowMs` ending now, into `counts` under `key`. */
  | { readonly kind: 'count'; readonly key: string; readonly event: string; readonly windowMs: number }
  /** The baselines in force, into `baselines` (the engine's regressionBaselines port). */
  | { readonly kind: 'baselines' }
  /** Whether each launch phase is on, into `phases` (the engine's phases port). */
  | { readonly kind: 'phases' }
  /** The plan metric `metric` per whole hour over the `historyMs` before the last whole hour and that hour, into `hourly` under `key`. */
  | { readonly kind: 'hourly'; readonly key: string; readonly metric: string; readonly historyMs: number }
  /** The SLOs' figures now, into `slos` (the engine's slos port). */
  | { readonly kind: 'slos' };

/**
 * A condition's value per group, keyed by `groupText(group)`: one entry keyed by the empty group for a condition without groups.
 * `holds`, when given, is whether the condition holds for that group (a bound per group, a combination), instead of `holds(value)`.
 */
export type GroupValues = Map<string, { readonly group: GroupKey; readonly value: number | null; readonly holds?: boolean }>;

export interface ConditionKind<C extends AlertCondition = AlertCondition> {
  readonly kind: C['kind'];
  /** What gather.ts must read for the condition; none when the current evaluation is enough. */
  needs(condition: C): readonly GatherRequest[];
  /** The condition's value per group (null: no data for that group), or 'missing' when what it reads was not gathered (an error). */
  values(condition: C, input: ObservationInput): GroupValues | 'missing';
  /** Whether the condition holds at a (non-null) value. */
  holds(condition: C, value: number): boolean;
  /** The event types whose arrival can change the condition: a commit of one asks for a tick soon. */
  watches(condition: C, plan: Plan): readonly string[];
  /** The unit `{{ value }}` is written in, given the plan metrics' units. */
  unit(condition: C, unitOf: (metric: string) => string): string;
}
