/**
 * The two store interfaces, in the domain's words. Each backend owns its SQL.
 * Every backend passes the contract suites in test/contract/.
 */
import type { AggregationGroup, AlertInstance, NotificationRecord, NotificationRequest, NotificationStatus, Silence, Transition } from '../alerting/types.js';
import type { ActionItem, Incident, IncidentStatus, TimelineEntry } from '../incidents/types.js';
import type { GroupKey } from '../metrics/result.js';
import type { EventSpec, MetricSpec, Scalar } from '../plan/types.js';

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
  readonly groups: readonly { readonly group: GroupKey; readonly value: number | null; readonly events: number }[];
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

export interface StateStore {
  recordSamples(samples: readonly MetricSample[]): Promise<void>;
  /** Samples of one metric in a range, oldest first; `group` undefined means every group. */
  samples(metricId: string, range: TimeRange, group?: GroupKey): Promise<MetricSample[]>;

  /** Alert instances and aggregation groups as last committed. */
  loadAlerting(): Promise<{ instances: AlertInstance[]; groups: AggregationGroup[] }>;
  commitAlerting(change: AlertingChange): Promise<void>;
  /** Transitions, newest first. */
  alertHistory(query: HistoryQuery): Promise<Transition[]>;

  /** The outbox: pending notifications whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<NotificationRecord[]>;
  /** Many outcomes in one transaction; each notification at most once per call. */
  recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void>;
  markSent(id: string, at: number): Promise<void>;
  markRetry(id: string, at: number, attempts: number, error: string): Promise<void>;
  markFailed(id: string, at: number, attempts: number, error: string): Promise<void>;
  /** Notifications, newest first. */
  notifications(query: { status?: NotificationStatus; limit?: number }): Promise<NotificationRecord[]>;
  /** Pending notifications already attempted at least once (being retried), due or not, oldest first. */
  retrying(): Promise<NotificationRecord[]>;

  putSilence(silence: Silence): Promise<void>;
  silences(): Promise<Silence[]>;

  /** A new incident id, `INC-<n>`: never handed out twice, also across restarts. */
  nextIncidentId(): Promise<string>;
  /** Writes the incident (new or changed) and the timeline entries of that change in one transaction. */
  putIncident(incident: Incident, entries: readonly TimelineEntry[]): Promise<void>;
  incident(id: string): Promise<Incident | undefined>;
  /** Incidents, most recently declared first. */
  incidents(query: IncidentQuery): Promise<Incident[]>;
  /** Entries that change nothing else on the incident (e.g. an alert that joined, a reminder sent). */
  appendTimeline(entries: readonly TimelineEntry[]): Promise<void>;
  /** An incident's timeline, oldest first (entries at the same moment in the order written). */
  timeline(incidentId: string, options?: { publicOnly?: boolean }): Promise<TimelineEntry[]>;
  /** A new action item id, `AI-<n>`. */
  nextActionItemId(): Promise<string>;
  /** Writes an action item (new or changed) and its timeline entries in one transaction. */
  putActionItem(item: ActionItem, entries?: readonly TimelineEntry[]): Promise<void>;
  /** An incident's action items, in the order they were created. */
  actionItems(incidentId: string): Promise<ActionItem[]>;

  close(): Promise<void>;
}
