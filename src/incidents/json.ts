/** Incidents on the wire (the API and the CLI that reads it): snake_case, ISO times. Pure. */
import type { IncidentPolicy } from '../plan/incident-types.js';
import { nextUpdateDueAt } from './messages.js';
import { roleHolders } from './roles.js';
import { figures, resolutionVerdict, responseVerdict, type Compliance, type IncidentStats, type Means, type Verdict } from './stats.js';
import type { ActionItem, Incident, TimelineEntry } from './types.js';

const at = (ms: number): string => new Date(ms).toISOString();
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : at(ms));

function verdictJson(v: Verdict) {
  return v.kind === 'pending' ? { verdict: v.kind, left_ms: v.leftMs } : { verdict: v.kind, took_ms: v.tookMs, ...(v.kind === 'missed' ? { over_ms: v.overMs } : {}) };
}

export function incidentJson(incident: Incident, policy: IncidentPolicy, now: number) {
  const severity = policy.severities[incident.severity];
  const f = figures(incident);
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    commander: incident.commander,
    roles: roleHolders(incident, policy.roles),
    components: incident.components,
    alerts: incident.alerts,
    summary: incident.summary ?? null,
    declared_at: at(incident.declaredAt),
    declared_by: incident.declaredBy,
    started_at: iso(incident.startedAt),
    acknowledged_at: iso(incident.acknowledgedAt),
    mitigated_at: iso(incident.mitigatedAt),
    resolved_at: iso(incident.resolvedAt),
    last_update_at: at(incident.lastUpdateAt),
    next_update_due_at: iso(nextUpdateDueAt(incident, severity)),
    eta: iso(incident.eta),
    postmortem_due_at: iso(incident.postmortemDueAt),
    postmortem_written_at: iso(incident.postmortemWrittenAt),
    paging: incident.paging ? { policy: incident.paging.policy, steps_paged: incident.paging.stepsPaged } : null,
    figures: {
      time_to_acknowledge_ms: f.timeToAcknowledgeMs,
      time_to_mitigate_ms: f.timeToMitigateMs,
      time_to_resolve_ms: f.timeToResolveMs,
      duration_ms: f.durationMs,
    },
    targets: {
      response: { target_ms: severity.responseMs, ...verdictJson(responseVerdict(incident, severity, now)) },
      resolution: { target_ms: severity.resolutionMs, ...verdictJson(resolutionVerdict(incident, severity, now)) },
    },
  };
}

export type IncidentJson = ReturnType<typeof incidentJson>;

export function timelineJson(entry: TimelineEntry) {
  return { at: at(entry.at), kind: entry.kind, by: entry.by, text: entry.text, public: entry.public };
}

export type TimelineJson = ReturnType<typeof timelineJson>;

export function actionItemJson(item: ActionItem) {
  return { id: item.id, incident_id: item.incidentId, title: item.title, owner: item.owner, due_at: iso(item.dueAt), done: item.done, created_at: at(item.createdAt) };
}

export type ActionItemJson = ReturnType<typeof actionItemJson>;

function meansJson(m: Means) {
  return { incidents: m.incidents, open: m.open, resolved: m.resolved, mtta_ms: m.mttaMs, mttm_ms: m.mttmMs, mttr_ms: m.mttrMs };
}

function complianceJson(c: Compliance) {
  return { target_ms: c.targetMs, met: c.met, missed: c.missed, pending: c.pending, rate: c.rate };
}

export function statsJson(stats: IncidentStats, window: string) {
  return {
    window,
    from: at(stats.from),
    to: at(stats.to),
    ...meansJson(stats),
    by_severity: Object.fromEntries(
      Object.entries(stats.bySeverity).map(([severity, s]) => [severity, { ...meansJson(s), response: complianceJson(s.response), resolution: complianceJson(s.resolution) }]),
    ),
  };
}

export type StatsJson = ReturnType<typeof statsJson>;
