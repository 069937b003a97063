/**
 * The EventStore, the StateStore (the intersection of the state ports in
 * ports.ts) and the values they keep, in the domain's words. Each backend
 * owns its SQL. Every backend passes the contract suites in test/contract/.
 */
import type { AggregationGroup, AlertInstance, NotificationRequest, Transition } from '../alerting/types.js';
import type { IncidentStatus } from '../incidents/types.js';
import type { GroupKey } from '../metrics/result.js';
import type { EventSpec, MetricSpec, Scalar } from '../plan/types.js';
import type { AlertStateStore, IncidentStore, OutboxStore, SampleStore, SilenceStore } from './ports.js';

export type { AlertStateStore, IncidentStore, OutboxStore, SampleStore, SilenceStore } from './ports.js';

/** An event that passed admission: typed, scrubbed, its properties limited to the declared ones. */
export interface AdmittedEvent {
  readonly id: string;
  readonly type: string;
  /** Event time, epoch milliseconds. */
  readonly ts: number;
  readonly userId: string | null;
  readonly sessionId: string | null;
  readonly properties: Readonly<Record<string, Scalar | null>>;
}

/** For each event of a batch, in order: whether it was stored (false: an event with its id already was). */
export interface AppendResult {
  readonly stored: readonly boolean[];
}

/** An inclusive time range in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export type { GroupKey };

export interface Measurement {
  /** The measure over all events in the range; null when there is no data (and always for share). */
  readonly value: number | null;
  /** How many events the measure was taken over (after `where`). */
  readonly events: number;
  /** One entry per group for metrics with `by` or `share`; empty otherwise. */
  readonly groups: readonly MeasuredGroup[];
}

/** One group of a measurement; a funnel step also has its conversions from the first and the previous step. */
export interface MeasuredGroup {
  readonly group: GroupKey;
  readonly value: number | null;
  readonly events: number;
  readonly conversion?: { readonly fromFirst: number | null; readonly fromPrevious: number | null };
}

export interface SeriesPoint {
  /** Start of the bucket, epoch ms. */
  readonly t: number;
  readonly value: number | null;
}

export interface Series {
  readonly points: readonly SeriesPoint[];
  readonly groups: readonly { readonly group: GroupKey; readonly points: readonly SeriesPoint[] }[];
}

/** Why the stored events cannot take a plan: a property stored with another type, or a metric whose query fails. */
export type StorageProblem =
  | { readonly kind: 'property'; readonly event: string; readonly property: string; readonly message: string }
  | { readonly kind: 'metric'; readonly metric: string; readonly message: string };

export interface EventStore {
  /** Creates or extends the storage for the declared events. Refuses a change of a stored property's type. */
  prepare(events: Readonly<Record<string, EventSpec>>): Promise<void>;
  /**
   * What prepare(events) would refuse, and the metrics that could not be
   * computed after it, changing nothing (a plan reload asks before it changes
   * anything): one message per problem. Optional: without it, a reload's
   * prepare is the check.
   */
  check?(events: Readonly<Record<string, EventSpec>>, metrics: readonly MetricSpec[]): Promise<readonly StorageProblem[]>;
  /** Stores a batch atomically; resolves only once it is durable. */
  append(events: readonly AdmittedEvent[]): Promise<AppendResult>;
  /** The metric's measure over the events in the range. */
  measure(metric: MetricSpec, range: TimeRange): Promise<Measurement>;
  /** The measure per bucket of `stepMs`: buckets start at `range.from` and cover up to (not including) `range.to`, rounded up to a whole bucket. */
  series(metric: MetricSpec, range: TimeRange, stepMs: number): Promise<Series>;
  /** Stored event counts by type. */
  counts(): Promise<Readonly<Record<string, number>>>;
  close(): Promise<void>;
}

/** A metric's evaluated value at one moment, kept for trends, baselines and reports. */
export interface MetricSample {
  readonly metricId: string;
  /** Empty object for the metric as a whole. */
  readonly group: GroupKey;
  readonly ts: number;
  readonly value: number | null;
  readonly status: string;
}

/** One step of alerting, written in one transaction: state changes and the notifications they owe. */
export interface AlertingChange {
  readonly instances: readonly AlertInstance[];
  readonly removedInstances: readonly string[];
  readonly transitions: readonly Transition[];
  readonly groups: readonly AggregationGroup[];
  readonly removedGroups: readonly string[];
  readonly notifications: readonly NotificationRequest[];
}

/** What one delivery attempt (or one wait behind an earlier notification) came to, for the outbox. */
export interface DeliveryOutcome {
  readonly id: string;
  /** sent: delivered; retry: pending again at `at`; failed: given up at `at`. */
  readonly kind: 'sent' | 'retry' | 'failed';
  /** When it was sent or given up, or when it is next tried. */
  readonly at: number;
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly error?: string;
}

export interface HistoryQuery {
  readonly fingerprint?: string;
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

/**
 * Which incidents: by status ('open' is every status but resolved), and those
 * active at some moment of [from, to] (declared by `to`, not resolved before `from`).
 */
export interface IncidentQuery {
  readonly status?: IncidentStatus | 'open';
  readonly from?: number;
  readonly to?: number;
}

/**
 * Everything launchwatch derives, as one object: the intersection of the
 * state ports (src/store/ports.ts). A consumer that needs one or two of them
 * takes those instead.
 */
export interface StateStore extends SampleStore, AlertStateStore, OutboxStore, SilenceStore, IncidentStore {
  close(): Promise<void>;
}
