/**
 * Paging into an open incident by hand ("page secondary", "war room"): a
 * person, whoever a schedule has on call now, or the first step of an
 * escalation policy. Pure: who is reached, through which channels, and the
 * notifications and timeline entry that say so.
 */
import type { NotificationRequest } from '../alerting/types.js';
import { escalationTargets } from '../oncall/escalation.js';
import { onCallAt } from '../oncall/rotation.js';
import type { Plan } from '../plan/types.js';
import type { Incident, TimelineEntry } from './types.js';

export type PageTarget = { readonly person: string } | { readonly schedule: string } | { readonly escalation: string };

export type PageNow =
  | { readonly kind: 'page'; readonly people: readonly string[]; readonly notifications: readonly NotificationRequest[]; readonly entry: TimelineEntry }
  | { readonly kind: 'rejected'; readonly reason: 'resolved' | 'unknown_target'; readonly message: string };

const list = (ids: readonly string[]): string => ids.join(', ') || 'none';

/** The people a target reaches now, or why it reaches none. */
function peopleOf(plan: Plan, target: PageTarget, now: number): { people: string[]; what: string } | string {
  if ('person' in target) {
    return Object.hasOwn(plan.people, target.person) ? { people: [target.person], what: `person ${target.person}` } : `no person "${target.person}" in the plan (people: ${list(Object.keys(plan.people))})`;
  }
  if ('schedule' in target) {
    const schedule = Object.hasOwn(plan.schedules, target.schedule) ? plan.schedules[target.schedule] : undefined;
    if (!schedule) return `no schedule "${target.schedule}" in the plan (schedules: ${list(Object.keys(plan.schedules))})`;
    const person = onCallAt(schedule, now).person;
    if (person === null) return `nobody is on call for schedule "${target.schedule}" now (no layer covers this time)`;
    return { people: [person], what: `schedule ${target.schedule}` };
  }
  const policy = Object.hasOwn(plan.escalation, target.escalation) ? plan.escalation[target.escalation] : undefined;
  if (!policy) return `no escalation policy "${target.escalation}" in the plan (escalation: ${list(Object.keys(plan.escalation))})`;
  return { people: escalationTargets(policy, 0, now), what: `escalation ${target.escalation}` };
}

export function pageNow(plan: Plan, incident: Incident, target: PageTarget, input: { by: string; message?: string; now: number; newId: () => string }): PageNow {
  if (incident.status === 'resolved') return { kind: 'rejected', reason: 'resolved', message: `${incident.id} is resolved; page into an open incident` };
  const found = peopleOf(plan, target, input.now);
  if (typeof found === 'string') return { kind: 'rejected', reason: 'unknown_target', message: found };
  const summary = `${incident.id}: ${incident.title}`;
  const description = `${incident.severity} incident, paged by ${input.by}${input.message ? `: ${input.message}` : ''}`;
  const notifications: NotificationRequest[] = [];
  const reached = found.people.map((id) => {
    const channels = plan.people[id]?.channels ?? [];
    for (const channel of channels) {
      notifications.push({
        id: input.newId(),
        channel,
        kind: 'alert',
        groupKey: `incident:${incident.id}:page:${id}`,
        groupLabels: { incident: incident.id, person: id },
        status: 'firing',
        alerts: [
          {
            fingerprint: `incident:${incident.id}:page`,
            status: 'firing',
            labels: { alertname: summary, incident: incident.id, severity: incident.severity },
            annotations: { summary, description },
            startsAt: input.now,
            endsAt: null,
            value: null,
            acknowledged: false,
          },
        ],
        createdAt: input.now,
      });
    }
    return `${id} (${channels.length ? channels.join(', ') : 'no channels'})`;
  });
  const text = `paged ${found.what}: ${reached.join(', ') || 'nobody'}${input.message ? ` — ${input.message}` : ''}`;
  return { kind: 'page', people: found.people, notifications, entry: { incidentId: incident.id, at: input.now, kind: 'escalated', by: input.by, text, public: false } };
}
