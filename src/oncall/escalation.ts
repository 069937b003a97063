/**
 * Escalation policies: which people a step reaches at a given time, how
 * many steps of a page are due, and when a repeating policy gives up. Pure.
 * Paging itself (and stopping when someone acknowledges) belongs to the
 * incidents work.
 *
 * With `repeat: n` the steps run n more times: round r begins
 * `r × (last step's after + repeat_after)` after the page began, and steps
 * are numbered across rounds (step i is step i mod steps of its round). The
 * policy gives up `repeat_after` after the last round's last step.
 */
import { onCallAt } from './rotation.js';
import type { EscalationPolicy } from '../plan/oncall-types.js';

/** How long one round of a policy lasts, to the first step of the next. */
function roundMs(policy: EscalationPolicy): number {
  return (policy.steps.at(-1)?.afterMs ?? 0) + (policy.repeatAfterMs ?? 0);
}

/** The steps of every round: steps × (1 + repeat). */
export function escalationStepCount(policy: EscalationPolicy): number {
  return policy.steps.length * (1 + (policy.repeat ?? 0));
}

/** When step `index` (across rounds) falls due, counted from when the page began; undefined past the last. */
export function escalationStepAfter(policy: EscalationPolicy, index: number): number | undefined {
  const n = policy.steps.length;
  if (index < 0 || index >= escalationStepCount(policy)) return undefined;
  const step = policy.steps[index % n];
  return step === undefined ? undefined : Math.floor(index / n) * roundMs(policy) + step.afterMs;
}

/** When a policy with `repeat` gives up, counted from when the page began; undefined for one without (it just stops). */
export function escalationGivesUpAfter(policy: EscalationPolicy): number | undefined {
  return policy.repeat === undefined ? undefined : (policy.repeat + 1) * roundMs(policy);
}

/**
 * The person ids step `stepIndex` of a policy (across rounds) reaches at `at`, in the step's
 * order without repeats: a schedule target gives whoever is on call then (override, layer or
 * rotation; nobody in a gap between layers), a person target that person. No such step: none.
 */
export function escalationTargets(policy: EscalationPolicy, stepIndex: number, at: number): string[] {
  const step = stepIndex < escalationStepCount(policy) ? policy.steps[stepIndex % policy.steps.length] : undefined;
  if (!step || stepIndex < 0) return [];
  const people = step.targets.map((target) => (target.kind === 'person' ? target.person : onCallAt(target.schedule, at).person));
  return [...new Set(people.filter((p): p is string => p !== null))];
}

/**
 * How many steps of a policy (across rounds) are due `at` for a page that began at
 * `startedAt`. 0 before the first step is due (a first step with an `after`), at most the
 * steps of every round.
 */
export function escalationStepsDue(policy: EscalationPolicy, startedAt: number, at: number): number {
  const elapsed = at - startedAt;
  let due = 0;
  for (let after = escalationStepAfter(policy, 0); after !== undefined && after <= elapsed; after = escalationStepAfter(policy, due)) due++;
  return due;
}
