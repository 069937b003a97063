/**
 * What each alert rule sees in an evaluation: one observation per instance
 * (per group when its metric has groups). Pure: what each level's condition
 * reads comes in as values (gather.ts), and each condition kind gives its
 * value per group and whether it holds (conditions/registry.ts).
 */
import type { AlertRule, Severity } from '../plan/alert-types.js';
import type { GroupKey } from '../store/types.js';
import { conditionKind } from './conditions/registry.js';
import type { ObservationInput } from './conditions/types.js';
import type { Labels, Observation } from './types.js';

export type { ObservationInput } from './conditions/types.js';
export { absentKey } from './conditions/absent.js';
export { changeKey } from './conditions/change.js';
export { regressionKey } from './conditions/regression.js';

export interface InstanceObservation {
  /** The group's fields as labels (empty for a metric without groups). */
  readonly groupLabels: Labels;
  readonly observation: Observation;
}

function labelsOf(group: GroupKey): Labels {
  return Object.fromEntries(Object.entries(group).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/**
 * One observation per group the rule's metrics report. With several levels,
 * the instance is breached at the most severe level that holds; its value is
 * that level's value, else the least severe level's.
 */
export function observeRule(rule: AlertRule, input: ObservationInput): InstanceObservation[] {
  const perLevel = rule.levels.map((level) => ({ level, values: conditionKind(level.condition).values(level.condition, input) }));
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
      const entry = values.get(key);
      const v = entry?.value ?? null;
      if (v === null) continue;
      seen = true;
      if (breached === null && (entry?.holds ?? conditionKind(level.condition).holds(level.condition, v))) {
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
