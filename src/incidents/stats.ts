/**
 * Incident figures, pure: per incident the time to acknowledge, mitigate and
 * resolve (from declaration); over a window MTTA / MTTM / MTTR and, per
 * severity, compliance with the plan's response and resolution targets.
 * An incident counts under its current severity.
 */
import type { IncidentPolicy, SeverityPolicy } from '../plan/incident-types.js';
import { INCIDENT_SEVERITIES, type Incident, type IncidentSeverity } from './types.js';

export interface IncidentFigures {
  readonly timeToAcknowledgeMs: number | null;
  readonly timeToMitigateMs: number | null;
  readonly timeToResolveMs: number | null;
  /** Of the impact: from its start (or the declaration) to the resolution. */
  readonly durationMs: number | null;
}

export function figures(incident: Incident): IncidentFigures {
  const since = (at: number | null): number | null => (at === null ? null : Math.max(0, at - incident.declaredAt));
  return {
    timeToAcknowledgeMs: since(incident.acknowledgedAt),
    timeToMitigateMs: since(incident.mitigatedAt),
    timeToResolveMs: since(incident.resolvedAt),
    durationMs: incident.resolvedAt === null ? null : Math.max(0, incident.resolvedAt - (incident.startedAt ?? incident.declaredAt)),
  };
}

/** Whether a target was kept; an open incident already past its target has missed it. */
export type Verdict =
  | { readonly kind: 'met'; readonly tookMs: number }
  | { readonly kind: 'missed'; readonly tookMs: number; readonly overMs: number }
  | { readonly kind: 'pending'; readonly leftMs: number };

export function verdict(declaredAt: number, doneAt: number | null, targetMs: number, now: number): Verdict {
  const tookMs = (doneAt ?? now) - declaredAt;
  if (doneAt === null && tookMs <= targetMs) return { kind: 'pending', leftMs: targetMs - tookMs };
  return tookMs <= targetMs ? { kind: 'met', tookMs } : { kind: 'missed', tookMs, overMs: tookMs - targetMs };
}

export function responseVerdict(incident: Incident, policy: SeverityPolicy, now: number): Verdict {
  return verdict(incident.declaredAt, incident.acknowledgedAt, policy.responseMs, now);
}

export function resolutionVerdict(incident: Incident, policy: SeverityPolicy, now: number): Verdict {
  return verdict(incident.declaredAt, incident.resolvedAt, policy.resolutionMs, now);
}

export interface Compliance {
  readonly targetMs: number;
  readonly met: number;
  readonly missed: number;
  readonly pending: number;
  /** met / (met + missed); null while nothing is decided. */
  readonly rate: number | null;
}

export interface Means {
  readonly incidents: number;
  readonly open: number;
  readonly resolved: number;
  /** Mean time to acknowledge, over the acknowledged incidents. */
  readonly mttaMs: number | null;
  /** Mean time to mitigate, over the mitigated incidents. */
  readonly mttmMs: number | null;
  /** Mean time to resolve, over the resolved incidents. */
  readonly mttrMs: number | null;
}

export interface SeverityStats extends Means {
  readonly response: Compliance;
  readonly resolution: Compliance;
}

export interface IncidentStats extends Means {
  readonly from: number;
  readonly to: number;
  readonly bySeverity: Readonly<Record<IncidentSeverity, SeverityStats>>;
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

function means(incidents: readonly Incident[]): Means {
  const all = incidents.map(figures);
  const resolved = incidents.filter((i) => i.resolvedAt !== null).length;
  return {
    incidents: incidents.length,
    open: incidents.length - resolved,
    resolved,
    mttaMs: mean(all.map((f) => f.timeToAcknowledgeMs)),
    mttmMs: mean(all.map((f) => f.timeToMitigateMs)),
    mttrMs: mean(all.map((f) => f.timeToResolveMs)),
  };
}

function compliance(verdicts: readonly Verdict[], targetMs: number): Compliance {
  const count = (kind: Verdict['kind']) => verdicts.filter((v) => v.kind === kind).length;
  const met = count('met');
  const missed = count('missed');
  return { targetMs, met, missed, pending: count('pending'), rate: met + missed === 0 ? null : met / (met + missed) };
}

/** Figures over the incidents declared in [from, to]; `now` decides what is still pending. */
export function incidentStats(incidents: readonly Incident[], policy: IncidentPolicy, range: { from: number; to: number }, now: number): IncidentStats {
  const inWindow = incidents.filter((i) => i.declaredAt >= range.from && i.declaredAt <= range.to);
  const bySeverity = {} as Record<IncidentSeverity, SeverityStats>;
  for (const severity of INCIDENT_SEVERITIES) {
    const target = policy.severities[severity];
    const these = inWindow.filter((i) => i.severity === severity);
    bySeverity[severity] = {
      ...means(these),
      response: compliance(these.map((i) => responseVerdict(i, target, now)), target.responseMs),
      resolution: compliance(these.map((i) => resolutionVerdict(i, target, now)), target.resolutionMs),
    };
  }
  return { from: range.from, to: range.to, ...means(inWindow), bySeverity };
}
