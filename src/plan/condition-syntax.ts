/**
 * What a condition kind's text form is to the plan (the shape every entry of
 * CONDITION_SYNTAX in conditions.ts has), and the checks they share.
 */
import type { AlertCondition } from './alert-types.js';
import type { EventSpec, MetricSpec } from './types.js';

/** `offset`: where in the condition's text the problem is, when it is about a part of it. */
export type ConditionResult = { kind: 'ok'; condition: AlertCondition } | { kind: 'invalid'; reason: string; offset?: number };

/** What a condition's names are checked against. */
export interface ConditionContext {
  readonly metrics: ReadonlyMap<string, MetricSpec>;
  readonly events: Readonly<Record<string, EventSpec>>;
  /** The ids of the plan's launch phases, which phase() names. */
  readonly phases?: readonly string[];
  /** The SLO ids of the plan, which slo_burn() conditions name. */
  readonly slos?: readonly string[];
}

export interface ConditionSyntax<C extends AlertCondition = AlertCondition> {
  readonly kind: C['kind'];
  /** The condition the text writes, its own error when the text is of this kind's form but wrong, or undefined when the text is of another form. */
  parse(text: string): ConditionResult | undefined;
  /** The plan metric the condition reads, if it reads one: an alert has that metric's groups, and fails when it fails to evaluate. */
  metric?(condition: C): string;
  /** What an alert of the condition is about ({{ metric }} in templates, an incident's title): its metric, or the event it counts. */
  subject(condition: C): string;
  /** What is wrong with the names the condition references (the text it was parsed from given). */
  problems(condition: C, text: string, context: ConditionContext): string[];
}

export type Of<K extends AlertCondition['kind']> = Extract<AlertCondition, { kind: K }>;

export function unknownMetric(metric: string, context: ConditionContext): string[] {
  return context.metrics.has(metric) ? [] : [`no metric "${metric}" in the plan (metrics: ${[...context.metrics.keys()].join(', ') || 'none'})`];
}

