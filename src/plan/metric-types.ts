/**
 * Events and metrics as the plan declares them once validated: an event's
 * properties, filters, the measures, targets and the MetricSpec every stage
 * reads. Plain data (and fieldSpec, a lookup over it); src/plan/types.ts
 * re-exports it with the whole Plan.
 */
import type { Expression } from './expression.js';
import type { IncidentMeasure } from './incident-types.js';
import type { GithubMeasure, PrometheusMeasure } from './source-types.js';
import type { Threshold } from './threshold.js';

export type PropertyType = 'string' | 'number' | 'boolean';

export interface PropertySpec {
  readonly type: PropertyType;
  /** Allowed values of a string property; absent means any string. */
  readonly enum?: readonly string[];
  readonly optional: boolean;
}

export interface EventSpec {
  readonly name: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
}

/** Fields every event carries besides its declared properties. */
export const BUILTIN_FIELDS = ['user_id', 'session_id'] as const;
export type BuiltinField = (typeof BUILTIN_FIELDS)[number];

/** Names an event property may not take: the envelope's own fields. */
export const RESERVED_NAMES: readonly string[] = ['id', 'type', 'timestamp', 'ts', 'received_at', ...BUILTIN_FIELDS];

export type Scalar = string | number | boolean;

export type Condition =
  | { readonly op: 'eq'; readonly value: Scalar }
  | { readonly op: 'in'; readonly values: readonly Scalar[] }
  | { readonly op: 'ne' | 'gt' | 'gte' | 'lt' | 'lte'; readonly value: Scalar };

/** One field compared with one condition; a filter list is their AND. */
export interface FieldFilter {
  readonly field: string;
  readonly condition: Condition;
}

/** `any: [ {filters}, {filters} ]`: holds when one of the filter lists holds (an OR of ANDs). */
export interface AnyFilter {
  readonly any: readonly (readonly Filter[])[];
}

export type Filter = FieldFilter | AnyFilter;

/** Every field a filter list reads, those inside `any` included. */
export function filterFields(filters: readonly Filter[]): string[] {
  return filters.flatMap((f) => ('any' in f ? f.any.flatMap(filterFields) : [f.field]));
}

export type Measure =
  | { readonly kind: 'count' }
  /** With `having`, only the values of `field` (users) whose events in the window pass it. */
  | { readonly kind: 'distinct'; readonly field: string; readonly having?: Having }
  | { readonly kind: 'ratio'; readonly match: readonly Filter[] }
  | { readonly kind: 'quantile'; readonly of: string; readonly q: number }
  | { readonly kind: 'mean'; readonly of: string }
  | { readonly kind: 'sum'; readonly of: string }
  /** With `distinct`, each value's share of the distinct values of that field (users), not of the events. */
  | { readonly kind: 'share'; readonly of: string; readonly distinct?: string }
  /** Net promoter score of a 0..10 number property: % of 9-10 minus % of 0-6, in points. */
  | { readonly kind: 'nps'; readonly of: string }
  | { readonly kind: 'max'; readonly of: string }
  | { readonly kind: 'min'; readonly of: string }
  /** Users who did the steps in order within `withinMs` of their first step (src/plan/funnel.ts). */
  | FunnelMeasure
  /** Of the users first seen in a cohort period, the share active again after a while (src/plan/retention.ts). */
  | RetentionMeasure
  /** Not from events: a figure of launchwatch's own incidents (src/plan/incident-metrics.ts). */
  | IncidentMeasure
  /** Not from events: a figure of the GitHub issues sources.github stores (src/plan/sources.ts). */
  | GithubMeasure
  /** Not from events: a PromQL query to sources.prometheus (src/plan/prometheus.ts). */
  | PrometheusMeasure
  /** Not from events: arithmetic over other metrics' values (src/plan/formula-metrics.ts). */
  | FormulaMeasure;

/** `formula: "feature_users / active_users"`: `operands` are the metric ids it reads, in order of first use. */
export interface FormulaMeasure {
  readonly kind: 'formula';
  readonly text: string;
  readonly expression: Expression;
  readonly operands: readonly string[];
}

export type MeasureKind = Measure['kind'];

export interface Target {
  readonly green: Threshold;
  readonly yellow?: Threshold;
}

export interface GroupTarget extends Target {
  /** The group this target applies to: every listed field must equal its value. */
  readonly group: Readonly<Record<string, Scalar>>;
}

export type Unit = 'percent' | 'count' | string;

export interface MetricSpec {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** The event type it is computed from; empty for a measure not computed from events (`incidents`). */
  readonly from: string;
  readonly where: readonly Filter[];
  readonly measure: Measure;
  /** Divide the measure by the distinct count of this field ("commands per session"). */
  readonly per?: string;
  /** Group-by fields; for `share` the shared field is the group. */
  readonly by: readonly string[];
  readonly windowMs: number;
  readonly target?: Target;
  readonly targets: readonly GroupTarget[];
  readonly unit: Unit;
}

/** `having: { count: "> 20" }` or `having: { sum: { of, threshold } }`: a test of each value's events in the window. */
export type Having =
  | { readonly by: 'count'; readonly threshold: Threshold }
  | { readonly by: 'sum'; readonly of: string; readonly threshold: Threshold };

export interface FunnelStep {
  readonly event: string;
  readonly where: readonly Filter[];
}

export interface FunnelMeasure {
  readonly kind: 'funnel';
  readonly steps: readonly FunnelStep[];
  readonly withinMs: number;
}

export interface RetentionMeasure {
  readonly kind: 'retention';
  /** Day N: a user is retained when active again at or after first event + afterMs. */
  readonly afterMs: number;
}

/** The type of a field of an event: a builtin or one of its declared properties. */
export function fieldSpec(event: EventSpec, field: string): PropertySpec | undefined {
  if ((BUILTIN_FIELDS as readonly string[]).includes(field)) return { type: 'string', optional: true };
  return Object.hasOwn(event.properties, field) ? event.properties[field] : undefined;
}
