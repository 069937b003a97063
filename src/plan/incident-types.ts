/**
 * The incident vocabulary the plan speaks: severities, the components and
 * severity policies of `components:` and `incidents:` (src/plan/incidents.ts),
 * and the figures an incident metric measures (src/plan/incident-metrics.ts).
 * Plain data; the incidents themselves are src/incidents/'s.
 */

export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/**
 * What is measured over the incidents of the window:
 * - `declared`: how many were declared in it; `open`: how many were open at some moment of it;
 * - `mtta`, `mttm`, `mttr`: the mean time from declaration to acknowledgement, mitigation,
 *   resolution (ms), over those declared in it that got that far;
 * - `response_compliance`, `resolution_compliance`: of those declared in it whose target is decided,
 *   the share that kept it (met / (met + missed)).
 */
export const INCIDENT_FIGURES = ['declared', 'open', 'mtta', 'mttm', 'mttr', 'response_compliance', 'resolution_compliance'] as const;
export type IncidentFigure = (typeof INCIDENT_FIGURES)[number];

/** The measure of an incident metric: a figure, over some severities (all when empty). */
export interface IncidentMeasure {
  readonly kind: 'incidents';
  readonly figure: IncidentFigure;
  readonly severities: readonly IncidentSeverity[];
}

/** The only field an incident metric may be grouped by. */
export const INCIDENT_GROUP_FIELD = 'severity';

export interface ComponentSpec {
  readonly id: string;
  /** The name people see (status page, user messages). */
  readonly name: string;
  /** What it does for users, e.g. "command generation": completes "may affect your ability to use …". */
  readonly description?: string;
}

export interface SeverityPolicy {
  readonly severity: IncidentSeverity;
  /** Target from declaration to acknowledgement. */
  readonly responseMs: number;
  /** Target from declaration to resolution. */
  readonly resolutionMs: number;
  /** How often the incident wants an update while open; null: no cadence. */
  readonly updateEveryMs: number | null;
  /** Whether a post-mortem is owed after resolution. */
  readonly postmortem: boolean;
  readonly description?: string;
}

export interface IncidentPolicy {
  readonly severities: Readonly<Record<IncidentSeverity, SeverityPolicy>>;
  /** A post-mortem owed is due this long after resolution. */
  readonly postmortemWithinMs: number;
  /** Where users follow incidents; quoted in the user-facing message when set. */
  readonly statusPageUrl?: string;
  /** The public title of an incident declared from an alert whose rule has no `public_summary` (status page, feed). */
  readonly publicTitle?: string;
  /** The escalation policy that pages an incident declared by hand, per severity (`incidents.paging`); absent: none. */
  readonly paging: Readonly<Partial<Record<IncidentSeverity, string>>>;
  /** The roles of an incident response (`incidents.roles`), commander first; default: commander alone. */
  readonly roles: readonly string[];
}

export interface IncidentsPlan {
  readonly components: Readonly<Record<string, ComponentSpec>>;
  readonly incidents: IncidentPolicy;
}
