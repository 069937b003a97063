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
  /**
   * Days between handoffs: 1 (daily), 7 (weekly), 14 ... A layer's rotation may hand over within a
   * day: 0.5 is every 12 hours (counted in local wall-clock time, like whole days).
   */
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

/** Local wall-clock minutes [start, end) of a day; `end` 1..1440, and `end <= start` runs past midnight into the next day. */
export interface TimeOfDayRange {
  readonly start: number;
  readonly end: number;
}

/** When a layer holds the schedule: on these weekdays (the day a range starts), in these ranges of the day. */
export interface Restriction {
  readonly weekdays: readonly Weekday[];
  readonly times: readonly TimeOfDayRange[];
}

/** One layer of a schedule: a rotation, held only inside its restrictions (none: always). */
export interface Layer {
  readonly name: string;
  /** Its handoffs and its restrictions are read in `rotation.timezone`. */
  readonly rotation: Rotation;
  readonly restrict: readonly Restriction[];
}

/**
 * A schedule: one `rotation` (the original form), or `layers`, the later
 * ones higher (a higher layer wins where layers overlap; where none holds,
 * nobody is on call). Overrides win over both.
 */
export interface Schedule {
  readonly id: string;
  /** The schedule's one rotation; absent when it has layers. */
  readonly rotation?: Rotation;
  /** Lowest first; absent for a schedule of one rotation. */
  readonly layers?: readonly Layer[];
  /** The schedule's time zone (a layered schedule's own; for one rotation, the rotation's). */
  readonly timezone?: string;
  /** Sorted by `from`, never overlapping. */
  readonly overrides: readonly Override[];
  /** Plan `handoff_notice`: how long before a shift its incoming person is told; absent: not told. */
  readonly handoffNoticeMs?: number;
}

/** The zone a schedule's times are shown and read in. */
export function scheduleZone(schedule: Schedule): string {
  return schedule.timezone ?? schedule.rotation?.timezone ?? 'UTC';
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
  /** How many times the steps run again from the first when nobody acknowledged (plan `repeat`); absent: once, no give-up notice. */
  readonly repeat?: number;
  /** With `repeat`: from the last step of a round to the first of the next, and after the last round to giving up. */
  readonly repeatAfterMs?: number;
}

export interface OnCallPlan {
  readonly people: Readonly<Record<string, Person>>;
  readonly schedules: Readonly<Record<string, Schedule>>;
  readonly escalation: Readonly<Record<string, EscalationPolicy>>;
}
