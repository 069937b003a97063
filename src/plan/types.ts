/**
 * The typed, validated plan. Everything downstream of the loader receives a
 * `Plan`; nothing re-reads YAML. All values are frozen after loading.
 */
import type { AlertRule, ChannelSpec, InhibitRule, NotifyPolicy, Routing } from './alert-types.js';
import type { IncidentsPlan } from './incident-types.js';
import type { BaselinesPlan } from './baseline-types.js';
import type { OnCallPlan } from './oncall-types.js';
import type { ReportsPlan } from './report-types.js';
import type { CriteriaPlan } from './criteria-types.js';
import type { EventSpec, MetricSpec } from './metric-types.js';
import type { PrivacySection } from './privacy-types.js';
import type { ProbesPlan } from './probe-types.js';
import type { SourcesPlan } from './source-types.js';
import type { TalkPlan } from './talk-types.js';
import type { SlosPlan } from './slo-types.js';

export * from './metric-types.js';

export interface IngestKey {
  readonly name: string;
  readonly key: string;
}

export interface PlanCore {
  readonly version: 1;
  readonly product: { readonly name: string };
  readonly ingest: {
    readonly keys: readonly IngestKey[];
    readonly maxBodyBytes: number;
    /** Events further than this in the future are rejected. */
    readonly maxFutureMs: number;
    /** Events per second per ingest key, with a burst; absent means no limit. */
    readonly rateLimit?: { readonly eventsPerSecond: number; readonly burst: number };
  };
  readonly evaluation: { readonly intervalMs: number };
  readonly events: Readonly<Record<string, EventSpec>>;
  /** In plan order. */
  readonly metrics: readonly MetricSpec[];
  readonly channels: Readonly<Record<string, ChannelSpec>>;
  readonly alerts: readonly AlertRule[];
  readonly routing: Routing;
  readonly inhibit: readonly InhibitRule[];
  readonly notify: NotifyPolicy;
}

/** The whole plan: the core above, alerting, on-call (people, schedules, escalation), incidents (components, severities) and privacy. */
export interface Plan extends PlanCore, OnCallPlan, IncidentsPlan, BaselinesPlan, PrivacySection, ProbesPlan, SourcesPlan, ReportsPlan, CriteriaPlan, TalkPlan, SlosPlan {}
