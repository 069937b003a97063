/**
 * The on-call domain: people, schedules (a rotation plus overrides) and
 * escalation policies, as the plan declares them once validated
 * (src/plan/oncall.ts). Plain frozen data; the decisions over it are pure
 * functions in src/oncall/rotation.ts and escalation.ts.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Person {
  readonly id: string;
  /** Display name; the id when the plan gives none. */
  readonly name: string;
  readonly email?: string;
  readonly slack?: string;
  /** Slack member id (e.g. U024BE7LH): announcements mention the person with it. */
  readonly slackId?: string;
  /** IANA time zone the person lives in, for showing them their own hours. */
  readonly timezone?: string;
  /** Plan channels that reach this person when they are paged. */
  readonly channels: readonly string[];
}

/** When a rotation hands over: a local wall-clock time, on a weekday or on every handoff day. */
export interface Handoff {
  /** null: on the weekday of the rotation's start (and every `everyDays` days from it). */
  readonly weekday: Weekday | null;
  /** Minutes after local midnight, 0..1439. */
  readonly minute: number;
}

export interface Rotation {
  /** Whole days between handoffs: 1 (daily), 7 (weekly), 14 ... */
  readonly everyDays: number;
  readonly handoff: Handoff;
  /** IANA time zone the handoff wall-clock time is read in. */
  readonly timezone: string;
  /** Person ids in rotation order; the first takes the first shift from `start`. */
  readonly people: readonly string[];
  /** The local date (YYYY-MM-DD) that fixes the rotation's phase: the first handoff is on or after it. */
  readonly start: string;
}

/** Someone else takes the schedule for a span: [from, to), epoch ms. */
export interface Override {
  readonly person: string;
  readonly from: number;
  readonly to: number;
}

export interface Schedule {
  readonly id: string;
  readonly rotation: Rotation;
  /** Sorted by `from`, never overlapping. */
  readonly overrides: readonly Override[];
}

export type EscalationTarget =
  | { readonly kind: 'schedule'; readonly schedule: Schedule }
  | { readonly kind: 'person'; readonly person: string };

export interface EscalationStep {
  /** Since the page began; strictly increasing along a policy, 0 for an immediate first step. */
  readonly afterMs: number;
  readonly targets: readonly EscalationTarget[];
}

export interface EscalationPolicy {
  readonly id: string;
  readonly steps: readonly EscalationStep[];
}

export interface OnCallPlan {
  readonly people: Readonly<Record<string, Person>>;
  readonly schedules: Readonly<Record<string, Schedule>>;
  readonly escalation: Readonly<Record<string, EscalationPolicy>>;
}
