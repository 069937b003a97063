/** `metric < 80%`, `metric == 0` (and `uptime(probe, 1h) < 99.5%`): a plan metric, per group, compared with a number. */
import type { AlertCondition } from '../../plan/alert-types.js';
import { holds } from '../../plan/threshold.js';
import { currentValues, metricEvents } from './groups.js';
import type { ConditionKind } from './types.js';

export type ThresholdCondition = Extract<AlertCondition, { kind: 'threshold' }>;

export const thresholdCondition: ConditionKind<ThresholdCondition> = {
  kind: 'threshold',
  needs: () => [],
  values: (condition, input) => currentValues(condition.metric, input),
  holds(condition, value) {
    if (condition.op === '==') return value === condition.value;
    if (condition.op === '!=') return value !== condition.value;
    return holds({ kind: 'compare', op: condition.op, value: condition.value, text: condition.text }, value);
  },
  watches: (condition, plan) => metricEvents(condition.metric, plan),
  unit: (condition, unitOf) => unitOf(condition.metric),
};
