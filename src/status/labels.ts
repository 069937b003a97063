/** Words for states, statuses and updates, shared by the page and the feed. */
import type { ComponentState, IncidentStatus } from '../incidents/types.js';
import type { OverallReason, PublicUpdate } from './model.js';

export const STATE_LABELS: Readonly<Record<ComponentState, string>> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export function overallLabel(state: ComponentState, reason: OverallReason): string {
  switch (reason) {
    case 'all_operational':
      return 'All systems operational';
    case 'active_incidents':
      return 'Operational, with an incident under way';
    case 'components_affected':
      return STATE_LABELS[state];
  }
}

/** What a public timeline entry says it is: a status change by the status it moved to (its text reads `identified → monitoring`). */
export function updateLabel(update: Pick<PublicUpdate, 'kind' | 'text'>): string {
  switch (update.kind) {
    case 'declared':
      return STATUS_LABELS.investigating;
    case 'resolved':
      return STATUS_LABELS.resolved;
    case 'status_changed': {
      const to = /→\s*([a-z]+)\s*$/.exec(update.text)?.[1];
      return to !== undefined && Object.hasOwn(STATUS_LABELS, to) ? STATUS_LABELS[to as IncidentStatus] : 'Status changed';
    }
    default:
      return 'Update';
  }
}

/** `2026-11-22 12:05 UTC` */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `45 min`, `2 h 5 min`, `3 d 4 h` */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
