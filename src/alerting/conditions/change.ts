/**
 * `change(awu, 1d) < -20%`: the relative change of a metric against its value
 * one period earlier, (now - then) / |then|, each group against the same group
 * then. No data when either value is missing or the earlier one is 0.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { holds } from '../../plan/threshold.js';
import { currentValues, groupText, metricEvents } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type ChangeCondition = Extract<AlertCondition, { kind: 'change' }>;

/** The key of the metric's result one period earlier in ObservationInput.earlier. */
export const changeKey = (metric: string, periodMs: number): string => `${metric}@${periodMs}`;

export const changeCondition: ConditionKind<ChangeCondition> = {
  kind: 'change',
  needs: (condition) => [{ kind: 'earlier', key: changeKey(condition.metric, condition.periodMs), metric: condition.metric, offsetMs: condition.periodMs }],
  values(condition, input) {
    const now = currentValues(condition.metric, input);
    if (now === 'missing') return 'missing';
    const earlier = input.earlier.get(changeKey(condition.metric, condition.periodMs));
    if (!earlier) return 'missing';
    const before = new Map(input.grouped.has(condition.metric) ? earlier.groups.map((g) => [groupText(g.group), g.value]) : [[groupText({}), earlier.value]]);
    const out: GroupValues = new Map();
    for (const [key, e] of now) {
      const then = before.get(key);
      const change = e.value === null || then === null || then === undefined || then === 0 ? null : (e.value - then) / Math.abs(then);
      out.set(key, { group: e.group, value: change });
    }
    return out;
  },
  holds: (condition, value) => holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value),
  watches: (condition, plan) => metricEvents(condition.metric, plan),
  unit: () => 'percent',
};
