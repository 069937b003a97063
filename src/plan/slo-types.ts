/**
 * The `slos:` section as the plan holds it once validated (src/plan/slos.ts):
 * objectives over a rolling window, the SLI that says which events (probe
 * results, incidents) are good, and the burn-rate alerts generated from them.
 * Plain data; the arithmetic is src/slo/'s.
 */
import type { Severity } from './alert-types.js';
import type { IncidentSeverity } from './incident-types.js';
import type { Filter } from './metric-types.js';

/** The figure an incident SLI reads: an incident is good when acknowledged within `within` of its declaration. */
export const INCIDENT_SLI_FIGURES = ['acknowledged_within'] as const;
export type IncidentSliFigure = (typeof INCIDENT_SLI_FIGURES)[number];

export type SliSpec =
  /** Good events among the events of a type: `where` selects them, `good` (ANDed with where) the good ones. */
  | { readonly kind: 'events'; readonly event: string; readonly where: readonly Filter[]; readonly good: readonly Filter[] }
  /** Good = the successful results of a declared probe (probe_result events with ok = true). */
  | { readonly kind: 'probe'; readonly probe: string }
  /** Good = incidents (of these severities, all when empty) acknowledged within `withinMs` of their declaration. */
  | { readonly kind: 'incidents'; readonly figure: IncidentSliFigure; readonly withinMs: number; readonly severities: readonly IncidentSeverity[] };

/** One pair of a multi-window, multi-burn-rate alert: it burns when both windows burn faster than `factor`. */
export interface BurnWindowPair {
  readonly longMs: number;
  readonly shortMs: number;
  readonly factor: number;
}

export const SLO_ALERT_KINDS = ['page', 'ticket'] as const;
export type SloAlertKind = (typeof SLO_ALERT_KINDS)[number];

export interface SloAlertSpec {
  readonly severity: Severity;
  /** Fires while any pair burns; resolves when none does. */
  readonly windows: readonly BurnWindowPair[];
}

export interface SloSpec {
  readonly id: string;
  readonly title: string;
  /** The share of good events the SLO promises, as a fraction: 99.5% is 0.995. */
  readonly objective: number;
  /** The rolling window the objective and the error budget are over. */
  readonly windowMs: number;
  readonly sli: SliSpec;
  /** One budget per group of these fields; empty for one budget. */
  readonly by: readonly string[];
  readonly alerts: { readonly page?: SloAlertSpec; readonly ticket?: SloAlertSpec };
}

export interface SlosPlan {
  /** In plan order. */
  readonly slos: readonly SloSpec[];
}

/** The name of the alert rule generated for an SLO's page or ticket alert. */
export const sloAlertName = (slo: string, kind: SloAlertKind): string => `${slo}_${kind}`;
