/**
 * `absent(command_generation, 30m)`: no event of the type has a time in the
 * window ending now. It counts every event of the type, whatever any metric
 * filters, and has no groups.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { groupText } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type AbsentCondition = Extract<AlertCondition, { kind: 'absent' }>;

/** The key of the event count in ObservationInput.counts. */
export const absentKey = (event: string, windowMs: number): string => `${event}@${windowMs}`;

export const absentCondition: ConditionKind<AbsentCondition> = {
  kind: 'absent',
  needs: (condition) => [{ kind: 'count', key: absentKey(condition.event, condition.windowMs), event: condition.event, windowMs: condition.windowMs }],
  values(condition, input) {
    const count = input.counts.get(absentKey(condition.event, condition.windowMs));
    if (count === undefined) return 'missing';
    const out: GroupValues = new Map([[groupText({}), { group: {}, value: count }]]);
    return out;
  },
  holds: (_condition, value) => value === 0,
  watches: (condition) => [condition.event],
  unit: () => 'count',
};
