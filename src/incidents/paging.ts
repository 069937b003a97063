/**
 * Paging an incident through an escalation policy, as a pure decision: which
 * steps are owed now, or why none is. Steps count from the declaration (and
 * run again per round of a policy with `repeat`); paging stops once the
 * incident is acknowledged or resolved. A policy with `repeat` gives up after
 * its last round and says so (`give_up`); `stepsPaged` is then one past the
 * steps of every round.
 */
import { escalationGivesUpAfter, escalationStepAfter, escalationStepCount, escalationStepsDue } from '../oncall/escalation.js';
import type { EscalationPolicy } from '../plan/oncall-types.js';
import type { Incident } from './types.js';

export type PageDecision =
  | { readonly kind: 'page'; readonly reason: 'steps_due'; readonly steps: readonly number[]; readonly nextDueAt: number | null }
  | { readonly kind: 'give_up'; readonly reason: 'exhausted'; readonly nextDueAt: null }
  | { readonly kind: 'none'; readonly reason: 'not_paging' | 'acknowledged' | 'resolved' | 'not_due' | 'exhausted'; readonly nextDueAt: number | null };

/** What paging an incident owes at `now`. `nextDueAt`: when the next step (or the give-up) falls due, if one can. */
export function pagesDue(incident: Incident, policy: EscalationPolicy | undefined, now: number): PageDecision {
  const paging = incident.paging;
  if (!paging || !policy) return { kind: 'none', reason: 'not_paging', nextDueAt: null };
  if (incident.status === 'resolved') return { kind: 'none', reason: 'resolved', nextDueAt: null };
  if (incident.acknowledgedAt !== null) return { kind: 'none', reason: 'acknowledged', nextDueAt: null };
  const total = escalationStepCount(policy);
  if (paging.stepsPaged >= total) return givingUp(incident, policy, paging.stepsPaged > total, now);
  const due = escalationStepsDue(policy, incident.declaredAt, now);
  const nextAfter = escalationStepAfter(policy, Math.max(due, paging.stepsPaged)) ?? (due >= total ? escalationGivesUpAfter(policy) : undefined);
  const nextDueAt = nextAfter === undefined ? null : incident.declaredAt + nextAfter;
  if (due <= paging.stepsPaged) return { kind: 'none', reason: 'not_due', nextDueAt };
  const steps = Array.from({ length: due - paging.stepsPaged }, (_, i) => paging.stepsPaged + i);
  return { kind: 'page', reason: 'steps_due', steps, nextDueAt };
}

/** Every step paged: a policy with `repeat` gives up once its last round has passed unanswered (once). */
function givingUp(incident: Incident, policy: EscalationPolicy, gaveUp: boolean, now: number): PageDecision {
  const after = escalationGivesUpAfter(policy);
  if (gaveUp || after === undefined) return { kind: 'none', reason: 'exhausted', nextDueAt: null };
  const at = incident.declaredAt + after;
  return now >= at ? { kind: 'give_up', reason: 'exhausted', nextDueAt: null } : { kind: 'none', reason: 'not_due', nextDueAt: at };
}
