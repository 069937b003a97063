/**
 * The store's ports: one narrow interface per thing launchwatch keeps, each
 * what one part of the app needs and nothing more. A consumer takes the ports
 * it uses (the metric history route takes a `SampleStore`, the notification
 * worker its `Outbox`), and a backend implements them all.
 *
 * The ports fall on two sides, as two backends would split them:
 *
 * - the events side, append and scan over the telemetry: `EventStore`,
 *   `EventValueReader`, `RetentionStore`;
 * - the state side, small rows changed in transactions: the five ports of
 *   the `StateStore` below, and `ReleaseStore`, `BaselineStore`,
 *   `BacklogStore`, `GithubStore`, `DigestStore`, `TalkStore`, `OnCallStore`;
 * - and two that span both: `PrivacyStore` (erasure and expiry over the
 *   events, the switch and the audit log in the state) and `HealthStore`
 *   (the outbox by state, the size on disk, the ingest log).
 *
 * `Stores` (src/store/backends.ts) is the set a backend opens.
 */
import type { AggregationGroup, AlertInstance, NotificationRecord, NotificationStatus, Silence, Transition } from '../alerting/types.js';
import type { ActionItem, Incident, TimelineEntry } from '../incidents/types.js';
import type { AlertingChange, DeliveryOutcome, GroupKey, HistoryQuery, IncidentQuery, MetricSample, TimeRange } from './types.js';

export type { BacklogStore } from './backlog.js';
export type { BaselineStore } from './baselines.js';
export type { DigestStore } from './digests.js';
export type { EventValueReader } from './event-values.js';
export type { GithubStore } from './github.js';
export type { HealthStore } from './health.js';
export type { OnCallStore } from './oncall.js';
export type { PrivacyStore } from './privacy.js';
export type { ReleaseStore } from './releases.js';
export type { RetentionStore } from './retention.js';
export type { TalkStore } from './talk.js';

/** The recorded metric values: the history behind trends, baselines and reports. */
export interface SampleStore {
  recordSamples(samples: readonly MetricSample[]): Promise<void>;
  /** Samples of one metric in a range, oldest first; `group` undefined means every group. */
  samples(metricId: string, range: TimeRange, group?: GroupKey): Promise<MetricSample[]>;
}

/** The alert instances, their transitions and the aggregation groups, with the outbox rows a change owes. */
export interface AlertStateStore {
  /** Alert instances and aggregation groups as last committed. */
  loadAlerting(): Promise<{ instances: AlertInstance[]; groups: AggregationGroup[] }>;
  /** Writes the change and the notifications it owes (into the outbox) in one transaction. */
  commitAlerting(change: AlertingChange): Promise<void>;
  /** Transitions, newest first. */
  alertHistory(query: HistoryQuery): Promise<Transition[]>;
}

/** The notification outbox: rows written by `commitAlerting` (and digests), drained by the notification worker. */
export interface OutboxStore {
  /** Pending notifications whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<NotificationRecord[]>;
  /** Pending notifications already attempted at least once (being retried), due or not, oldest first. */
  retrying(): Promise<NotificationRecord[]>;
  /** Many outcomes in one transaction; each notification at most once per call. */
  recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void>;
  markSent(id: string, at: number): Promise<void>;
  markRetry(id: string, at: number, attempts: number, error: string): Promise<void>;
  markFailed(id: string, at: number, attempts: number, error: string): Promise<void>;
  /** Notifications, newest first; with `from`/`to`, those owed (created) in that inclusive range. */
  notifications(query: NotificationQuery): Promise<NotificationRecord[]>;
}

export interface NotificationQuery {
  readonly status?: NotificationStatus;
  readonly limit?: number;
  readonly from?: number;
  readonly to?: number;
}

export interface SilenceStore {
  /** Writes a silence, new or changed (by its id). */
  putSilence(silence: Silence): Promise<void>;
  silences(): Promise<Silence[]>;
}

/** Incidents with their timelines and action items. */
export interface IncidentStore {
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
}
