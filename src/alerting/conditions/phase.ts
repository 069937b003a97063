/**
 * `phase(launch_week)`: holds while the plan's launch phase is on (src/criteria/phases.ts: every phase
 * before it complete, and it not yet). No groups; its value is 1 while on, 0 otherwise; in a combination
 * (`awu < 100 and phase(launch_week)`) it stands for every group of the other operands.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { groupText } from './groups.js';
import type { ConditionKind, GroupValues } from './types.js';

export type PhaseCondition = Extract<AlertCondition, { kind: 'phase' }>;

export const phaseCondition: ConditionKind<PhaseCondition> = {
  kind: 'phase',
  needs: () => [{ kind: 'phases' }],
  values(condition, input) {
    const on = input.phases?.get(condition.phase);
    if (on === undefined) return 'missing';
    const out: GroupValues = new Map([[groupText({}), { group: {}, value: on ? 1 : 0 }]]);
    return out;
  },
  holds: (_condition, value) => value === 1,
  watches: () => [],
  unit: () => '',
};
