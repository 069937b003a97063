/** The incidents API: list, one with its timeline, updates, status changes, resolution. */
import { get, post } from './api.js';

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface Incident {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly status: IncidentStatus;
  readonly commander: string | null;
  /** Each role of the plan's incidents.roles, commander first, with its holder (null: unassigned). */
  readonly roles: Readonly<Record<string, string | null>>;
  readonly summary: string | null;
  readonly declared_at: string;
  readonly resolved_at: string | null;
  readonly next_update_due_at: string | null;
  readonly components: Readonly<Record<string, string>>;
}

export interface TimelineEntry {
  readonly at: string;
  readonly kind: string;
  readonly by: string;
  readonly text: string;
  readonly public: boolean;
}

export const fetchIncidents = async (status = 'all'): Promise<readonly Incident[]> => (await get<{ incidents: Incident[] }>(`/api/v1/incidents?status=${status}&limit=100`)).incidents;
export const fetchIncident = (id: string): Promise<{ incident: Incident; timeline: readonly TimelineEntry[] }> => get(`/api/v1/incidents/${encodeURIComponent(id)}`);
export const postUpdate = (id: string, text: string, isPublic: boolean, by: string): Promise<unknown> => post(`/api/v1/incidents/${encodeURIComponent(id)}/updates`, { text, public: isPublic, by });
export const changeStatus = (id: string, status: IncidentStatus, by: string): Promise<unknown> => post(`/api/v1/incidents/${encodeURIComponent(id)}/status`, { status, by });
export const resolveIncident = (id: string, text: string, by: string): Promise<unknown> => post(`/api/v1/incidents/${encodeURIComponent(id)}/resolve`, text ? { text, by } : { by });

export type PageTargetKind = 'person' | 'schedule' | 'escalation';
/** Pages a person, a schedule's on-call or an escalation policy into an open incident. */
export const pageIncident = (id: string, kind: PageTargetKind, target: string, by: string): Promise<{ paged: string[]; notifications: number }> =>
  post(`/api/v1/incidents/${encodeURIComponent(id)}/page`, { [kind]: target, by });

/** Gives an incident role to a person of the plan, or takes it back (null). */
export const assignRole = (id: string, role: string, person: string | null, by: string): Promise<unknown> =>
  post(`/api/v1/incidents/${encodeURIComponent(id)}/roles`, { role, person, by });
