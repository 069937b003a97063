/**
 * Escalation policies: which people a step reaches at a given time, and how
 * many steps of a page are due. Pure. Paging itself (and stopping when
 * someone acknowledges) belongs to the incidents work.
 */
import { onCallAt } from './rotation.js';
import type { EscalationPolicy } from '../plan/oncall-types.js';

/**
 * The person ids step `stepIndex` of a policy reaches at `at`, in the step's
 * order without repeats: a schedule target gives whoever is on call then
 * (override or rotation), a person target that person. No such step: none.
 */
export function escalationTargets(policy: EscalationPolicy, stepIndex: number, at: number): string[] {
  const step = policy.steps[stepIndex];
  if (!step) return [];
  const people = step.targets.map((target) => (target.kind === 'person' ? target.person : onCallAt(target.schedule, at).person));
  return [...new Set(people)];
}

/**
 * How many steps of a policy are due `at` for a page that began at
 * `startedAt`: step i is due once `afterMs` has passed. 0 before the first
 * step is due (a first step with an `after`), at most the number of steps.
 */
export function escalationStepsDue(policy: EscalationPolicy, startedAt: number, at: number): number {
  const elapsed = at - startedAt;
  return policy.steps.filter((step) => step.afterMs <= elapsed).length;
}
