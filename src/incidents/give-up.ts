/**
 * A repeating escalation policy that gave up: every round paged and nobody
 * acknowledged. The people its steps reach now (and the commander) are told
 * so through their channels, by the durable outbox, and the timeline says it;
 * `stepsPaged` goes one past the steps of every round, so it is said once.
 * The notification is written before the incident records it: a crash in
 * between says it twice rather than never.
 */
import type { NotificationAlert, NotificationRequest } from '../alerting/types.js';
import { escalationStepCount, escalationTargets } from '../oncall/escalation.js';
import type { EscalationPolicy } from '../plan/oncall-types.js';
import type { Plan } from '../plan/types.js';
import type { StateStore } from '../store/types.js';
import { SYSTEM } from './lifecycle.js';
import type { Incident } from './types.js';

export interface GiveUpContext {
  readonly plan: Plan;
  readonly state: StateStore;
  readonly now: number;
  readonly newId: () => string;
}

/** Whom a give-up notice goes to: everyone a step of the policy reaches now, and the commander, once each. */
function toldOfGiveUp(policy: EscalationPolicy, incident: Incident, now: number): string[] {
  const people = policy.steps.flatMap((_, i) => escalationTargets(policy, i, now));
  return [...new Set([...people, ...(incident.commander ? [incident.commander] : [])])];
}

function giveUpAlert(incident: Incident, policy: EscalationPolicy): NotificationAlert {
  const rounds = 1 + (policy.repeat ?? 0);
  const summary = `${incident.id}: nobody acknowledged after ${rounds} round${rounds === 1 ? '' : 's'} of escalation ${policy.id}; paging stopped`;
  return {
    fingerprint: `incident:${incident.id}:gave-up`,
    status: 'firing',
    labels: { alertname: summary, incident: incident.id, severity: incident.severity },
    annotations: { summary, description: `${incident.title} (${incident.severity}) is still open and unacknowledged` },
    startsAt: incident.declaredAt,
    endsAt: null,
    value: null,
    acknowledged: false,
  };
}

/** Says that paging gave up; returns the notifications written. */
export async function giveUpPaging(ctx: GiveUpContext, incident: Incident, policy: EscalationPolicy): Promise<number> {
  const { plan, state, now } = ctx;
  const alert = giveUpAlert(incident, policy);
  const told = toldOfGiveUp(policy, incident, now);
  const notifications: NotificationRequest[] = told.flatMap((person) =>
    (plan.people[person]?.channels ?? []).map((channel) => ({
      id: ctx.newId(),
      channel,
      kind: 'alert' as const,
      groupKey: `incident:${incident.id}:gave-up:${person}`,
      groupLabels: { incident: incident.id, person },
      status: 'firing' as const,
      alerts: [alert],
      createdAt: now,
    })),
  );
  if (notifications.length) await state.commitAlerting({ instances: [], removedInstances: [], transitions: [], groups: [], removedGroups: [], notifications });
  const text = `${alert.annotations.summary ?? ''}: told ${told.join(', ') || 'nobody'}`;
  await state.putIncident({ ...incident, paging: { policy: policy.id, stepsPaged: escalationStepCount(policy) + 1 } }, [
    { incidentId: incident.id, at: now, kind: 'escalated', by: SYSTEM, text, public: false },
  ]);
  return notifications.length;
}
