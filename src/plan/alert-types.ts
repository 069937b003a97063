/**
 * The alerting part of the typed plan: channels, alert rules, routing and
 * inhibition. Validated by alerting.ts; frozen like the rest of the plan.
 */
import type { Expression } from './expression.js';
import type { IncidentSeverity } from './incident-types.js';
import type { Comparator } from './threshold.js';

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A channel's own message templates (plan `title`, `text`), rendered per notification by src/alerting/template.ts. */
export interface MessageTemplates {
  readonly title?: string;
  readonly text?: string;
}

/** A Twilio channel's account and numbers: the SID and token come from the environment through ${VAR}. */
export interface TwilioSettings {
  readonly to: string;
  readonly from: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Twilio's REST API base URL, https://api.twilio.com unless the plan says otherwise (tests). */
  readonly apiUrl: string;
  readonly sendResolved: boolean;
  readonly templates: MessageTemplates;
}

export type ChannelSpec =
  | { readonly name: string; readonly type: 'webhook'; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly sendResolved: boolean }
  | { readonly name: string; readonly type: 'slack'; readonly webhookUrl: string; readonly sendResolved: boolean; readonly templates?: MessageTemplates }
  | { readonly name: string; readonly type: 'teams'; readonly webhookUrl: string; readonly sendResolved: boolean; readonly templates: MessageTemplates }
  | { readonly name: string; readonly type: 'discord'; readonly webhookUrl: string; readonly username?: string; readonly sendResolved: boolean; readonly templates: MessageTemplates }
  | ({ readonly name: string; readonly type: 'sms' } & TwilioSettings)
  | ({ readonly name: string; readonly type: 'voice' } & TwilioSettings)
  | { readonly name: string; readonly type: 'pagerduty'; readonly routingKey: string; readonly url: string; readonly sendResolved: boolean }
  | {
      readonly name: string;
      readonly type: 'email';
      readonly to: readonly string[];
      readonly from: string;
      readonly smtp: { readonly host: string; readonly port: number; readonly secure: boolean; readonly user?: string; readonly pass?: string };
      readonly sendResolved: boolean;
    };

export type ChannelType = ChannelSpec['type'];

/** What an alert level watches. */
export type AlertCondition =
  /** A plan metric (per group when it has groups) compared with a number. */
  | { readonly kind: 'threshold'; readonly metric: string; readonly op: Comparator | '==' | '!='; readonly value: number; readonly text: string }
  /** The relative change of a metric against its value one period earlier: (now - then) / then. */
  | { readonly kind: 'change'; readonly metric: string; readonly periodMs: number; readonly op: Comparator; readonly value: number; readonly text: string }
  /** How much worse a metric is than a named baseline, relative, worse being the direction its target calls worse (src/baselines/regressions.ts). */
  | { readonly kind: 'regression'; readonly metric: string; readonly baseline: string; readonly op: Comparator; readonly value: number; readonly text: string }
  /** No event of a type in the window. */
  | { readonly kind: 'absent'; readonly event: string; readonly windowMs: number; readonly text: string }
  /** A metric (per group) compared with a bound computed from its own (group's) target: `p95 > target * 1.2`, `target` the green threshold's value. */
  | { readonly kind: 'target'; readonly metric: string; readonly op: Comparator | '==' | '!='; readonly bound: Expression; readonly text: string }
  /** Holds while the plan's launch phase is on: every phase before it (plan order) complete, and it not yet (src/criteria/phases.ts). */
  | { readonly kind: 'phase'; readonly phase: string; readonly text: string }
  /** The robust z-score of the last whole hour against the same hour of the week over `historyMs` (src/alerting/conditions/anomaly.ts). */
  | { readonly kind: 'anomaly'; readonly metric: string; readonly historyMs: number; readonly op: Comparator; readonly value: number; readonly text: string }
  /** Every operand holds (`a and b`). */
  | { readonly kind: 'and'; readonly operands: readonly AlertCondition[]; readonly text: string }
  /** Some operand holds (`a or b`). */
  | { readonly kind: 'or'; readonly operands: readonly AlertCondition[]; readonly text: string }
  /** The operand does not hold (`not a`). */
  | { readonly kind: 'not'; readonly operand: AlertCondition; readonly text: string }
  /** An SLO's page or ticket burn-rate pairs (src/plan/slos.ts): holds while both windows of a pair burn faster than its factor. */
  | { readonly kind: 'slo_burn'; readonly slo: string; readonly alert: 'page' | 'ticket'; readonly text: string };

export interface AlertLevel {
  readonly severity: Severity;
  readonly condition: AlertCondition;
}

/** What a rule's instance becomes when its metric has no data, or its evaluation fails. */
export type NoDataPolicy = 'ok' | 'keep_last' | 'alerting';

export interface AlertRule {
  readonly name: string;
  /** Most severe first; the instance takes the most severe level whose condition holds. */
  readonly levels: readonly AlertLevel[];
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly summary?: string;
  readonly description?: string;
  /** The public title of an incident this rule declares (status page, feed); no placeholders. */
  readonly publicSummary?: string;
  readonly runbook?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly noData: NoDataPolicy;
  readonly onError: NoDataPolicy;
  /**
   * Whether a firing alert declares an incident: a severity, true (the alert's P1..P4 as SEV1..SEV4),
   * false (never), or absent (the default: only P1 alerts, as SEV1).
   */
  readonly incident?: IncidentSeverity | boolean;
}

/** Label name → accepted values (any of them). */
export type LabelMatch = Readonly<Record<string, readonly string[]>>;

export interface Route {
  readonly match: LabelMatch;
  readonly channels: readonly string[];
  /** An escalation policy (plan `escalation`) that pages people for incidents declared from these alerts. */
  readonly escalation?: string;
  /** Keep looking at later routes after this one matched. */
  readonly continue: boolean;
  /** Names of time intervals (plan `time_intervals`) during which this route's channels hear nothing. */
  readonly muteTimeIntervals?: readonly string[];
  /** Names of time intervals outside all of which this route's channels hear nothing. */
  readonly activeTimeIntervals?: readonly string[];
}

/** An inclusive range `begin..end` of weekdays (0 Sunday .. 6 Saturday), days of the month, months (1..12) or years. */
export interface InclusiveRange {
  readonly begin: number;
  readonly end: number;
}

/** Minutes of the day, `startMinute` included, `endMinute` excluded (24:00 is 1440). */
export interface TimeRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/**
 * One of a named interval's periods, as Alertmanager's time_interval: every
 * field given must hold (a field holds when any of its ranges does), an absent
 * field always holds. Days of the month may be negative: -1 is the last day.
 */
export interface TimeInterval {
  readonly times?: readonly TimeRange[];
  readonly weekdays?: readonly InclusiveRange[];
  readonly daysOfMonth?: readonly InclusiveRange[];
  readonly months?: readonly InclusiveRange[];
  readonly years?: readonly InclusiveRange[];
  /** The IANA time zone the fields are read in; UTC when absent. */
  readonly location?: string;
}

/** Interval name → its periods; an instant is in the interval when it is in any of them. */
export type TimeIntervals = Readonly<Record<string, readonly TimeInterval[]>>;

export interface Routing {
  readonly groupBy: readonly string[];
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly routes: readonly Route[];
  /** Channels for an alert no route matches. */
  readonly fallback: readonly string[];
  /** The plan's `time_intervals`, which routes name in mute_time_intervals and active_time_intervals. */
  readonly timeIntervals?: TimeIntervals;
}

export interface InhibitRule {
  readonly source: LabelMatch;
  readonly target: LabelMatch;
  readonly equal: readonly string[];
}

export interface NotifyPolicy {
  /** Stop retrying a notification this long after it was owed; it is then marked failed. */
  readonly giveUpAfterMs: number;
}
