/**
 * Incidents from alerts, as pure decisions: whether an alert that starts
 * firing declares an incident (and at what severity), joins an open one of the
 * same rule, or does nothing; and which open incidents hear that an alert
 * resolved. The I/O is automation.ts's.
 */
import type { AlertRule, Severity } from '../plan/alert-types.js';
import { conditionSubject } from '../plan/conditions.js';
import type { ComponentState, Incident, IncidentSeverity } from './types.js';

const SEVERITY_OF: Readonly<Record<Severity, IncidentSeverity>> = { P1: 'SEV1', P2: 'SEV2', P3: 'SEV3', P4: 'SEV4' };
const COMPONENT_STATE_OF: Readonly<Record<Severity, ComponentState>> = { P1: 'major_outage', P2: 'partial_outage', P3: 'degraded', P4: 'degraded' };

export type SeverityDecision =
  | { readonly kind: 'declare'; readonly severity: IncidentSeverity; readonly reason: 'rule_severity' | 'alert_severity' | 'default_p1' }
  | { readonly kind: 'none'; readonly reason: 'rule_disabled' | 'not_p1' | 'no_severity' };

/** Whether an alert of this rule at this severity asks for an incident (`incident:` on the rule; default: P1 only). */
export function incidentSeverity(rule: Pick<AlertRule, 'incident'>, alertSeverity: Severity | null): SeverityDecision {
  const setting = rule.incident;
  if (setting === false) return { kind: 'none', reason: 'rule_disabled' };
  if (typeof setting === 'string') return { kind: 'declare', severity: setting, reason: 'rule_severity' };
  if (setting === true) return alertSeverity ? { kind: 'declare', severity: SEVERITY_OF[alertSeverity], reason: 'alert_severity' } : { kind: 'none', reason: 'no_severity' };
  return alertSeverity === 'P1' ? { kind: 'declare', severity: 'SEV1', reason: 'default_p1' } : { kind: 'none', reason: 'not_p1' };
}

export interface FiringAlert {
  readonly fingerprint: string;
  readonly severity: Severity | null;
}

export type FiringDecision =
  | {
      readonly kind: 'declare';
      readonly reason: SeverityDecision['reason'];
      readonly severity: IncidentSeverity;
      readonly title: string;
      readonly components: Readonly<Record<string, ComponentState>>;
    }
  | { readonly kind: 'link'; readonly reason: 'open_incident_for_rule'; readonly incidentId: string }
  | { readonly kind: 'none'; readonly reason: SeverityDecision['reason'] | 'already_linked' };

/**
 * An alert that just started firing: it joins an open incident that already
 * links it or was declared by its rule, else declares one if its rule asks.
 * The title is generic (rule and what it watches), never label values: it is
 * public on the status page.
 */
export function onAlertFiring(rule: AlertRule, alert: FiringAlert, open: readonly Incident[]): FiringDecision {
  if (open.some((i) => i.alerts.includes(alert.fingerprint))) return { kind: 'none', reason: 'already_linked' };
  const decision = incidentSeverity(rule, alert.severity);
  if (decision.kind === 'none') return decision;
  const joined = open.find((i) => i.fromRule === rule.name);
  if (joined) return { kind: 'link', reason: 'open_incident_for_rule', incidentId: joined.id };
  const component = rule.labels.component;
  const components = component ? { [component]: COMPONENT_STATE_OF[alert.severity ?? 'P3'] } : {};
  return { kind: 'declare', reason: decision.reason, severity: decision.severity, title: titleOf(rule), components };
}

/** "Alert <rule> firing (<metric or event>)": names from the plan only. */
export function titleOf(rule: AlertRule): string {
  const watched = [...new Set(rule.levels.map(({ condition }) => conditionSubject(condition)))];
  return `Alert ${rule.name} firing${watched.length ? ` (${watched.join(', ')})` : ''}`;
}

/** A firing alert, for the catch-up: when it last started firing. */
export interface FiringInstance {
  readonly fingerprint: string;
  readonly firedAt: number;
}

/**
 * Whether an alert firing since `firedAt` is already on an incident: some incident links it and was
 * open at some moment since (declared for it, joined by it, or resolved by a person while it still
 * fires). Otherwise its incident is owed, e.g. after a crash between the alerting commit and the
 * incident write. Idempotent: asked again after the incident is written, the answer is yes.
 */
export function onIncident(alert: FiringInstance, incidents: readonly Incident[]): boolean {
  return incidents.some((i) => i.alerts.includes(alert.fingerprint) && (i.resolvedAt === null || i.resolvedAt >= alert.firedAt));
}

/** The open incidents that link an alert (to hear it resolved, or be acknowledged with it). */
export function incidentsLinking(fingerprint: string, open: readonly Incident[]): Incident[] {
  return open.filter((i) => i.status !== 'resolved' && i.alerts.includes(fingerprint));
}
