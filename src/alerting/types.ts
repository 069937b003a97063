/**
 * The alerting domain: alert instances and their states, what an evaluation
 * observed, transitions, aggregation groups and the notifications they owe.
 * Plain data: every decision over it is a pure function (state.ts,
 * dispatch.ts, match.ts), and the StateStore keeps it across restarts.
 */
import type { Severity } from '../plan/alert-types.js';

/** Labels identify an alert: alertname, severity, the metric's group fields, the rule's own labels. */
export type Labels = Readonly<Record<string, string>>;

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved' | 'nodata' | 'error';

/** What one evaluation saw for one alert instance. */
export type Observation =
  /** `breached` is the most severe level whose condition holds, or null when none does. */
  | { readonly kind: 'value'; readonly value: number | null; readonly breached: Severity | null }
  | { readonly kind: 'nodata' }
  | { readonly kind: 'error'; readonly message: string };

export interface AlertInstance {
  /** Stable id of (rule, group): a hash of the identifying labels. */
  readonly fingerprint: string;
  readonly rule: string;
  /** Where it comes from: a plan rule, or an external sender over the Alertmanager API. */
  readonly source: 'rule' | 'external';
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  /** A posted alert's `generatorURL` (its Prometheus graph), passed on to webhooks as sent. */
  readonly generatorUrl?: string;
  readonly state: AlertState;
  /** The severity it has while pending or firing; the last one after. */
  readonly severity: Severity | null;
  readonly value: number | null;
  /** When the current state began (epoch ms). */
  readonly since: number;
  /** When the condition last started holding (start of pending). */
  readonly activeAt: number | null;
  readonly firedAt: number | null;
  readonly resolvedAt: number | null;
  /** Last time the condition held; keep_firing_for counts from here. */
  readonly lastBreachAt: number | null;
  readonly lastEvaluatedAt: number;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: number | null;
  /** For external alerts: when the sender said it ends (resolved when passed). */
  readonly endsAt: number | null;
  /** Why the last evaluation could not decide, for nodata / error. */
  readonly health: 'ok' | 'nodata' | 'error';
  readonly error: string | null;
}

export type TransitionReason =
  | 'condition_met'
  | 'for_elapsed'
  | 'condition_cleared'
  | 'keep_firing_elapsed'
  | 'severity_changed'
  | 'no_data'
  | 'evaluation_error'
  | 'acknowledged'
  | 'ended';

export interface Transition {
  readonly fingerprint: string;
  readonly rule: string;
  readonly from: AlertState;
  readonly to: AlertState;
  readonly severity: Severity | null;
  readonly value: number | null;
  readonly at: number;
  readonly reason: TransitionReason;
}

/** The outcome of one step of one instance. */
export interface Step {
  readonly next: AlertInstance;
  /** Null when nothing changed that anyone should hear about. */
  readonly transition: Transition | null;
}

/** A silence, as in Alertmanager: matchers over labels, a time span, who and why. */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly updatedAt: number;
}

/** An alert as the dispatcher sees it: the instance plus whether something suppresses it. */
export interface DispatchAlert {
  readonly alert: AlertInstance;
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

/** What was last sent for one aggregation group to one channel (Alertmanager's notification log). */
export interface SentRecord {
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  readonly at: number;
  /** When the channel was last sent an `acknowledge` owed since a mute interval (src/alerting/acknowledge.ts). */
  readonly acknowledged?: number;
}

/** An aggregation group: the alerts of one route that share the group_by labels. */
export interface AggregationGroup {
  /** The route's identity and the group labels, as text: stable across restarts and across routes being reordered (dispatch.ts, groupKey). */
  readonly key: string;
  /** The route's index in the plan now; -1 for the default channels; ORPHAN_ROUTE once no route has its identity. */
  readonly route: number;
  /** The route's identity (dispatch.ts, routeIds); absent in groups stored before identities, which the next dispatch re-keys. */
  readonly routeId?: string;
  readonly labels: Labels;
  readonly createdAt: number;
  /** When the group is next flushed (group_wait after creation, then every group_interval). */
  readonly nextFlushAt: number;
  /**
   * When the group last flushed; absent until its first flush. A resolved
   * alert leaves the group at the first flush after it resolved (as in
   * Alertmanager), so alerts resolved at or before this are no longer members.
   */
  readonly lastFlushAt?: number;
  /** Per channel name. */
  readonly sent: Readonly<Record<string, SentRecord>>;
}

export interface NotificationAlert {
  readonly fingerprint: string;
  readonly status: 'firing' | 'resolved';
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: number;
  readonly endsAt: number | null;
  readonly value: number | null;
  readonly acknowledged: boolean;
  /** The sender's `generatorURL` for a posted alert; a webhook sends launchwatch's own link otherwise. */
  readonly generatorUrl?: string;
}

/** A notification owed to one channel: written to the outbox in the same transaction as its cause. */
export interface NotificationRequest {
  readonly id: string;
  readonly channel: string;
  /** 'alert' for a group's firing/resolved message; 'acknowledge' for a PagerDuty-style acknowledgement; 'digest' for a scheduled report. */
  readonly kind: 'alert' | 'acknowledge' | 'digest';
  readonly groupKey: string;
  readonly groupLabels: Labels;
  /** 'firing' while any alert of the group fires, else 'resolved'. */
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly NotificationAlert[];
  readonly createdAt: number;
  /** For kind 'digest': the report, laid out once when it was enqueued (src/reports/digest.ts). */
  readonly digest?: DigestContent;
  /** Where this one notification goes instead of its channel's own recipients (a status-page subscriber): e-mail `to`, webhook `url`. */
  readonly target?: NotificationTarget;
}

export interface NotificationTarget {
  readonly to?: readonly string[];
  readonly url?: string;
}

/** A scheduled report as channels send it: e-mail the subject with text and HTML bodies, Slack and webhooks the summary. */
export interface DigestContent {
  readonly subject: string;
  /** One short paragraph: the title, the health and the summary metrics. */
  readonly summary: string;
  /** The whole report as Markdown. */
  readonly text: string;
  readonly html: string;
  /** Where the same report is served, in JSON. */
  readonly url: string;
  /** Slack's text in mrkdwn, already escaped and with mentions, for content that is not a report (an incident announcement). */
  readonly mrkdwn?: string;
}

export type NotificationStatus = 'pending' | 'sent' | 'failed';

export interface NotificationRecord extends NotificationRequest {
  readonly delivery: NotificationStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly sentAt: number | null;
  readonly lastError: string | null;
}
