/**
 * Paging an incident through an escalation policy, as a pure decision: which
 * steps are owed now, or why none is. Steps count from the declaration;
 * paging stops once the incident is acknowledged or resolved.
 */
import { escalationStepsDue } from '../oncall/escalation.js';
import type { EscalationPolicy } from '../plan/oncall-types.js';
import type { Incident } from './types.js';

export type PageDecision =
  | { readonly kind: 'page'; readonly reason: 'steps_due'; readonly steps: readonly number[]; readonly nextDueAt: number | null }
  | { readonly kind: 'none'; readonly reason: 'not_paging' | 'acknowledged' | 'resolved' | 'not_due' | 'exhausted'; readonly nextDueAt: number | null };

/** What paging an incident owes at `now`. `nextDueAt`: when the next step falls due, if one can. */
export function pagesDue(incident: Incident, policy: EscalationPolicy | undefined, now: number): PageDecision {
  const paging = incident.paging;
  if (!paging || !policy) return { kind: 'none', reason: 'not_paging', nextDueAt: null };
  if (incident.status === 'resolved') return { kind: 'none', reason: 'resolved', nextDueAt: null };
  if (incident.acknowledgedAt !== null) return { kind: 'none', reason: 'acknowledged', nextDueAt: null };
  const due = escalationStepsDue(policy, incident.declaredAt, now);
  const next = policy.steps[Math.max(due, paging.stepsPaged)];
  const nextDueAt = next ? incident.declaredAt + next.afterMs : null;
  if (paging.stepsPaged >= policy.steps.length) return { kind: 'none', reason: 'exhausted', nextDueAt: null };
  if (due <= paging.stepsPaged) return { kind: 'none', reason: 'not_due', nextDueAt };
  const steps = Array.from({ length: due - paging.stepsPaged }, (_, i) => paging.stepsPaged + i);
  return { kind: 'page', reason: 'steps_due', steps, nextDueAt };
}
