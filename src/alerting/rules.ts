/**
 * One evaluation of every rule, pure: each rule's alerts stepped with what it
 * observes per group (observe.ts, state.ts), alerts of groups that no longer
 * show up stepped with no data, the alerts of a rule whose metric failed
 * stepped with its on_error policy, and alerts whose rule left the plan (or
 * posted alerts past their end) settled. The engine dispatches and commits
 * what this returns.
 */
import type { AlertRule } from '../plan/alert-types.js';
import { conditionMetric } from '../plan/conditions.js';
import type { Plan } from '../plan/types.js';
import { observeRule, type ObservationInput } from './observe.js';
import { fingerprintOf, newInstance, step } from './state.js';
import { annotate } from './template.js';
import type { AlertInstance, Labels, Transition } from './types.js';

export interface RulesStep {
  /** Every alert after the step, by fingerprint. */
  readonly next: Map<string, AlertInstance>;
  readonly transitions: Transition[];
}

/** Steps every alert of the plan's rules at `now`, from the alerts as they are and what the rules observe. */
export function stepRules(plan: Plan, instances: ReadonlyMap<string, AlertInstance>, input: ObservationInput, now: number): RulesStep {
  const units = new Map(plan.metrics.map((m) => [m.id, m.unit]));
  const unitOf = (metric: string): string => units.get(metric) ?? '';
  const next = new Map(instances);
  const transitions: Transition[] = [];
  const rules = new Map(plan.alerts.map((r) => [r.name, r]));

  for (const rule of plan.alerts) {
    const failed = failedMetric(rule, input);
    if (failed) {
      // The rule's metric could not be evaluated: its alerts take the rule's on_error policy.
      const mine = [...next.values()].filter((i) => i.source === 'rule' && i.rule === rule.name);
      const targets = mine.length > 0 ? mine : [newInstance({ fingerprint: fingerprintOf({ ...rule.labels, alertname: rule.name }), rule, labels: { ...rule.labels, alertname: rule.name }, now })];
      for (const instance of targets) {
        const group = groupOf(instance, rule);
        apply(next, transitions, rule, step(instance, { kind: 'error', message: failed }, rule, now), identityOf(instance), group, unitOf);
      }
      continue;
    }
    const seen = new Set<string>();
    const observations = observeRule(rule, input);
    const someGroup = observations.some((o) => Object.keys(o.groupLabels).length > 0);
    for (const { groupLabels, observation } of observations) {
      const identity: Labels = { ...rule.labels, ...groupLabels, alertname: rule.name };
      const fingerprint = fingerprintOf(identity);
      seen.add(fingerprint);
      const previous = next.get(fingerprint) ?? newInstance({ fingerprint, rule, labels: identity, now });
      apply(next, transitions, rule, step(previous, observation, rule, now), identity, groupLabels, unitOf);
    }
    // Instances whose group no longer shows up have no data; the group-less "no data"
    // instance of a grouped metric clears once groups have data again.
    for (const instance of next.values()) {
      if (instance.source !== 'rule' || instance.rule !== rule.name || seen.has(instance.fingerprint)) continue;
      const group = groupOf(instance, rule);
      // The group-less placeholder of a grouped metric, or an alert whose labels the plan no longer gives
      // (its rule's labels or its metric's groups changed), has ended: it clears rather than holding on.
      const placeholder = Object.keys(group).length === 0 && someGroup;
      const outdated =
        !sameKeys(identityOf(instance), { ...rule.labels, alertname: rule.name, ...expectedGroup(rule, plan) }) ||
        Object.entries(rule.labels).some(([k, v]) => instance.labels[k] !== v);
      const observation = placeholder || outdated ? ({ kind: 'value', value: null, breached: null } as const) : ({ kind: 'nodata' } as const);
      apply(next, transitions, rule, step(instance, observation, rule, now), identityOf(instance), group, unitOf);
    }
  }
  settleOrphans(next, transitions, rules, now);
  return { next, transitions };
}

/** The message for a rule whose metric failed to evaluate, if one did. */
function failedMetric(rule: AlertRule, input: ObservationInput): string | undefined {
  for (const { condition } of rule.levels) {
    const metric = conditionMetric(condition);
    if (metric === undefined) continue;
    const error = input.current.get(metric)?.error;
    if (error) return `${metric}: ${error}`;
  }
  return undefined;
}

function apply(
  next: Map<string, AlertInstance>,
  transitions: Transition[],
  rule: AlertRule,
  result: { next: AlertInstance; transition: Transition | null },
  identity: Labels,
  group: Labels,
  unitOf: (metric: string) => string,
): void {
  const severity = result.next.severity ?? rule.levels.at(-1)?.severity ?? 'P3';
  const labeled: AlertInstance = { ...result.next, labels: { ...identity, severity } };
  const instance: AlertInstance = { ...labeled, annotations: annotate(rule, labeled, group, unitOf) };
  next.set(instance.fingerprint, instance);
  if (result.transition) transitions.push(result.transition);
}

/** Instances whose rule left the plan resolve; external alerts resolve once their end time passes. */
export function settleOrphans(next: Map<string, AlertInstance>, transitions: Transition[], rules: ReadonlyMap<string, AlertRule>, now: number): void {
  for (const instance of next.values()) {
    const orphan = instance.source === 'rule' && !rules.has(instance.rule);
    const ended = instance.source === 'external' && instance.endsAt !== null && instance.endsAt <= now;
    if (!(orphan || ended)) continue;
    if (instance.state === 'firing') {
      next.set(instance.fingerprint, { ...instance, state: 'resolved', since: now, resolvedAt: now, lastEvaluatedAt: now, acknowledgedAt: null, acknowledgedBy: null });
      transitions.push({ fingerprint: instance.fingerprint, rule: instance.rule, from: 'firing', to: 'resolved', severity: instance.severity, value: instance.value, at: now, reason: ended ? 'ended' : 'condition_cleared' });
    } else if (instance.state !== 'resolved') {
      next.set(instance.fingerprint, { ...instance, state: 'inactive', since: now });
    }
  }
}

/** The group fields an alert of this rule carries: its metric's `by` (none for a condition that reads no metric, as absent()). */
function expectedGroup(rule: AlertRule, plan: Plan): Labels {
  const condition = rule.levels[0]?.condition;
  const id = condition && conditionMetric(condition);
  if (id === undefined) return {};
  const metric = plan.metrics.find((m) => m.id === id);
  return Object.fromEntries((metric?.by ?? []).map((field) => [field, '']));
}

function sameKeys(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

function groupOf(instance: AlertInstance, rule: AlertRule): Labels {
  return Object.fromEntries(Object.entries(instance.labels).filter(([k]) => k !== 'severity' && k !== 'alertname' && !(k in rule.labels)));
}

function identityOf(instance: AlertInstance): Labels {
  return Object.fromEntries(Object.entries(instance.labels).filter(([k]) => k !== 'severity'));
}
