/**
 * What each alert rule sees in an evaluation: one observation per instance
 * (per group when its metric has groups). Pure: the metric results, the
 * earlier results `change()` compares with, and the event counts `absent()`
 * reads all come in as values.
 */
import { holds } from '../plan/threshold.js';
import type { AlertCondition, AlertRule, Severity } from '../plan/alert-types.js';
import type { MetricResult } from '../metrics/evaluate.js';
import type { GroupKey } from '../store/types.js';
import type { Labels, Observation } from './types.js';
import { degradation, type RegressionBaseline } from '../baselines/regressions.js';

export interface ObservationInput {
  /** Current results by metric id. */
  readonly current: ReadonlyMap<string, MetricResult>;
  /** Results one period earlier, keyed by `changeKey(metric, periodMs)`. */
  readonly earlier: ReadonlyMap<string, MetricResult>;
  /** Event counts in the window, keyed by `absentKey(event, windowMs)`. */
  readonly counts: ReadonlyMap<string, number>;
  /** Ids of the metrics that have groups (`by` or `share`): their alerts are per group, even while no group has data. */
  readonly grouped: ReadonlySet<string>;
  /** The baselines regression() conditions compare with, keyed by `regressionKey(metric, baseline)`; a missing one is no data. */
  readonly baselines?: ReadonlyMap<string, RegressionBaseline>;
}

export interface InstanceObservation {
  /** The group's fields as labels (empty for a metric without groups). */
  readonly groupLabels: Labels;
  readonly observation: Observation;
}

export const changeKey = (metric: string, periodMs: number): string => `${metric}@${periodMs}`;
export const absentKey = (event: string, windowMs: number): string => `${event}@${windowMs}`;
export const regressionKey = (metric: string, baseline: string): string => `${metric}@${baseline}`;

function groupText(group: GroupKey): string {
  return JSON.stringify(Object.entries(group).sort(([a], [b]) => a.localeCompare(b)));
}

function labelsOf(group: GroupKey): Labels {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** A value per group for the condition: the metric's whole value keyed '' or one per group. */
function valuesFor(condition: AlertCondition, input: ObservationInput): Map<string, { group: GroupKey; value: number | null }> | 'missing' {
  const out = new Map<string, { group: GroupKey; value: number | null }>();
  if (condition.kind === 'absent') {
    const count = input.counts.get(absentKey(condition.event, condition.windowMs));
    if (count === undefined) return 'missing';
    out.set(groupText({}), { group: {}, value: count });
    return out;
  }
  const current = input.current.get(condition.metric);
  if (!current) return 'missing';
  const grouped = input.grouped.has(condition.metric);
  const entries = grouped ? current.groups.map((g) => ({ group: g.group, value: g.value })) : [{ group: {}, value: current.value }];
  if (condition.kind === 'threshold') {
    for (const e of entries) out.set(groupText(e.group), e);
    return out;
  }
  if (condition.kind === 'regression') {
    // Each group against the baseline's value for that group; a baseline without groups (entered by hand) holds for every group.
    const baseline = input.baselines?.get(regressionKey(condition.metric, condition.baseline));
    const byGroup = new Map(baseline?.groups.map((g) => [groupText(g.group), g.value]));
    for (const e of entries) {
      const base = !baseline ? null : grouped && baseline.groups.length > 0 ? (byGroup.get(groupText(e.group)) ?? null) : baseline.value;
      out.set(groupText(e.group), { group: e.group, value: baseline ? degradation(e.value, base, baseline.better) : null });
    }
    return out;
  }
  const earlier = input.earlier.get(changeKey(condition.metric, condition.periodMs));
  if (!earlier) return 'missing';
  const before = new Map(grouped ? earlier.groups.map((g) => [groupText(g.group), g.value]) : [[groupText({}), earlier.value]]);
  for (const e of entries) {
    const then = before.get(groupText(e.group));
    const change = e.value === null || then === null || then === undefined || then === 0 ? null : (e.value - then) / Math.abs(then);
    out.set(groupText(e.group), { group: e.group, value: change });
  }
  return out;
}

function conditionHolds(condition: AlertCondition, value: number): boolean {
  switch (condition.kind) {
    case 'absent':
      return value === 0;
    case 'change':
    case 'regression':
      return holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value);
    case 'threshold':
      if (condition.op === '==') return value === condition.value;
      if (condition.op === '!=') return value !== condition.value;
      return holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value);
  }
}

/**
 * One observation per group the rule's metrics report. With several levels,
 * the instance is breached at the most severe level that holds; its value is
 * that level's value, else the least severe level's.
 */
export function observeRule(rule: AlertRule, input: ObservationInput): InstanceObservation[] {
  const perLevel = rule.levels.map((level) => ({ level, values: valuesFor(level.condition, input) }));
  const groups = new Map<string, GroupKey>();
  for (const { values } of perLevel) {
    if (values === 'missing') continue;
    for (const [key, entry] of values) groups.set(key, entry.group);
  }
  if (perLevel.every((l) => l.values === 'missing')) {
    return [{ groupLabels: {}, observation: { kind: 'error', message: 'the metrics this rule reads were not evaluated' } }];
  }
  // A grouped metric with no group at all has no data: one instance without group labels says so.
  if (groups.size === 0) return [{ groupLabels: {}, observation: { kind: 'nodata' } }];
  const observations: InstanceObservation[] = [];
  for (const [key, group] of groups) {
    let breached: Severity | null = null;
    let value: number | null = null;
    let seen = false;
    for (const { level, values } of perLevel) {
      if (values === 'missing') continue;
      const v = values.get(key)?.value ?? null;
      if (v === null) continue;
      seen = true;
      if (breached === null && conditionHolds(level.condition, v)) {
        breached = level.severity;
        value = v;
      }
    }
    if (!seen) {
      observations.push({ groupLabels: labelsOf(group), observation: { kind: 'nodata' } });
      continue;
    }
    if (breached === null) {
      const last = perLevel.at(-1);
      value = last && last.values !== 'missing' ? (last.values.get(key)?.value ?? null) : null;
    }
    observations.push({ groupLabels: labelsOf(group), observation: { kind: 'value', value, breached } });
  }
  return observations;
}
