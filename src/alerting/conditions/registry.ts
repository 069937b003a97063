/**
 * The one place an alert condition kind is registered. Adding a kind: its
 * member of AlertCondition (src/plan/alert-types.ts), its text form and plan
 * checks (an entry of CONDITION_SYNTAX, src/plan/conditions.ts), its module
 * here (a ConditionKind: what gather reads for it, its value per group,
 * whether it holds, what it watches), and one entry below; the compiler asks
 * for both entries. gather.ts, observe.ts, rules.ts, template.ts and the
 * engine's watchedEventTypes() dispatch through it.
 */
import type { AlertCondition } from '../../plan/alert-types.js';
import { absentCondition } from './absent.js';
import { anomalyCondition } from './anomaly.js';
import { logicCondition } from './logic.js';
import { phaseCondition } from './phase.js';
import { targetCondition } from './target.js';
import { changeCondition } from './change.js';
import { regressionCondition } from './regression.js';
import { sloBurnCondition } from './slo-burn.js';
import { thresholdCondition } from './threshold.js';
import type { ConditionKind } from './types.js';

export const CONDITIONS: { readonly [K in AlertCondition['kind']]: ConditionKind<Extract<AlertCondition, { kind: K }>> } = {
  threshold: thresholdCondition,
  change: changeCondition,
  regression: regressionCondition,
  absent: absentCondition,
  target: targetCondition,
  phase: phaseCondition,
  anomaly: anomalyCondition,
  // Combinations call the kinds of their operands through conditionKind, below.
  and: { kind: 'and', ...logicCondition(conditionKind) },
  or: { kind: 'or', ...logicCondition(conditionKind) },
  not: { kind: 'not', ...logicCondition(conditionKind) },
  slo_burn: sloBurnCondition,
};

/** The registered kind of a condition. */
export function conditionKind(condition: AlertCondition): ConditionKind {
  // TypeScript cannot relate CONDITIONS[condition.kind] to condition's own member of the union; the mapped type above guarantees it.
  return CONDITIONS[condition.kind] as ConditionKind;
}
