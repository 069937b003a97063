/** /status.json: the status model on the wire, snake_case with ISO times like the rest of the API. */
import type { ComponentState, IncidentStatus, TimelineKind } from '../incidents/types.js';
import type { OverallReason, PublicIncident, StatusModel } from './model.js';

export interface StatusIncidentJson {
  readonly id: string;
  readonly title: string;
  readonly status: IncidentStatus;
  readonly impact: ComponentState;
  readonly declared_at: string;
  readonly started_at: string;
  readonly resolved_at: string | null;
  readonly components: readonly { readonly id: string; readonly name: string; readonly state: ComponentState }[];
  readonly updates: readonly { readonly at: string; readonly kind: TimelineKind; readonly text: string }[];
}

export interface StatusMaintenanceJson {
  readonly id: string;
  readonly state: 'scheduled' | 'in_progress';
  readonly from: string;
  readonly to: string;
  readonly message: string;
  readonly components: readonly { readonly id: string; readonly name: string }[];
}

export interface StatusJson {
  readonly maintenance: readonly StatusMaintenanceJson[];
  readonly generated_at: string;
  readonly overall: { readonly state: ComponentState; readonly reason: OverallReason };
  readonly components: readonly {
    readonly id: string;
    readonly name: string;
    readonly description: string | null;
    readonly state: ComponentState;
    readonly incidents: readonly string[];
    /** Uptime probes' share of ok results over the window; null without probes. */
    readonly uptime: number | null;
    /** `observed: false`: the day ended before launchwatch first observed anything (no data; its state says nothing). */
    readonly history: readonly { readonly date: string; readonly state: ComponentState; readonly incidents: readonly string[]; readonly uptime: number | null; readonly observed: boolean }[];
  }[];
  readonly incidents: { readonly active: readonly StatusIncidentJson[]; readonly resolved: readonly StatusIncidentJson[] };
  readonly history_days: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function incidentJson(incident: PublicIncident): StatusIncidentJson {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    declared_at: iso(incident.declaredAt),
    started_at: iso(incident.startedAt),
    resolved_at: incident.resolvedAt === null ? null : iso(incident.resolvedAt),
    components: incident.components.map((c) => ({ id: c.id, name: c.name, state: c.state })),
    updates: incident.updates.map((u) => ({ at: iso(u.at), kind: u.kind, text: u.text })),
  };
}

export function renderStatusJson(model: StatusModel): StatusJson {
  return {
    generated_at: iso(model.now),
    overall: { state: model.overall.state, reason: model.overall.reason },
    components: model.components.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      state: c.state,
      incidents: c.incidents,
      uptime: c.uptime,
      history: c.history.map((d) => ({ date: d.date, state: d.state, incidents: d.incidents, uptime: d.uptime, observed: d.observed })),
    })),
    incidents: { active: model.active.map(incidentJson), resolved: model.resolved.map(incidentJson) },
    history_days: model.days,
    maintenance: (model.maintenance ?? []).map((m) => ({ id: m.id, state: m.state, from: iso(m.from), to: iso(m.to), message: m.message, components: m.components })),
  };
}
