/**
 * The incident domain: an incident from declaration to post-mortem, its
 * timeline, and the action items that follow it. Plain data; decisions over
 * it are pure functions (lifecycle.ts, stats.ts), the StateStore keeps it.
 * Severities are the plan's (src/plan/incident-types.ts).
 */
import type { IncidentSeverity } from '../plan/incident-types.js';

export { INCIDENT_SEVERITIES, type IncidentSeverity } from '../plan/incident-types.js';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** How a component fares, worst last; the status page shows the worst an open incident gives it. */
export const COMPONENT_STATES = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

export interface Incident {
  /** `INC-<number>`, in declaration order. */
  readonly id: string;
  readonly title: string;
  readonly severity: IncidentSeverity;
  readonly status: IncidentStatus;
  /** Person id from the plan's people, or a free name. */
  readonly commander: string | null;
  /** Component ids from the plan, each with the state this incident gives it. */
  readonly components: Readonly<Record<string, ComponentState>>;
  /** Fingerprints of the alerts that led to or joined the incident. */
  readonly alerts: readonly string[];
  readonly declaredAt: number;
  readonly declaredBy: string;
  readonly acknowledgedAt: number | null;
  /** When the impact stopped (status monitoring), if it did. */
  readonly mitigatedAt: number | null;
  readonly resolvedAt: number | null;
  /** Last public or internal update, for overdue-update reminders. */
  readonly lastUpdateAt: number;
  readonly postmortemDueAt: number | null;
  readonly postmortemWrittenAt: number | null;
  /** What is known, for the team (internal; never on the status page). Added with lifecycle.ts. */
  readonly summary?: string;
  /** When the impact began, if earlier than the declaration (e.g. the first failing events); else absent. */
  readonly startedAt?: number;
  /** When service is expected back, as last told; used by the user-facing message. */
  readonly eta?: number | null;
  /** The alert rule that declared it, for an incident declared from an alert (alerts of that rule join it). */
  readonly fromRule?: string;
  /** The escalation policy paging for it, and how many of its steps have paged so far. */
  readonly paging?: { readonly policy: string; readonly stepsPaged: number };
  /** Who holds each role of `incidents.roles` other than the commander (person ids); unassigned roles are absent. */
  readonly roles?: Readonly<Record<string, string>>;
}

export type TimelineKind =
  | 'declared'
  | 'alert_fired'
  | 'alert_resolved'
  | 'acknowledged'
  | 'escalated'
  | 'status_changed'
  | 'severity_changed'
  | 'commander_changed'
  | 'role_changed'
  | 'note'
  | 'public_update'
  | 'reminder'
  | 'resolved'
  | 'postmortem';

export interface TimelineEntry {
  readonly incidentId: string;
  readonly at: number;
  readonly kind: TimelineKind;
  /** Who did it: a person id or name, or 'launchwatch' for automatic entries. */
  readonly by: string;
  readonly text: string;
  /** Only public updates (and the declaration's public title) ever reach the status page. */
  readonly public: boolean;
}

export interface ActionItem {
  readonly id: string;
  readonly incidentId: string;
  readonly title: string;
  readonly owner: string | null;
  readonly dueAt: number | null;
  readonly done: boolean;
  readonly createdAt: number;
}
