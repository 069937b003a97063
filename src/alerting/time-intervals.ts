/**
 * Whether an instant falls in a plan time interval, and whether a route is
 * muted by its intervals at an instant: Alertmanager's timeinterval
 * ContainsTime and its time mute / time active stages. Pure; the plan layer
 * (src/plan/time-intervals.ts) has parsed and checked the intervals.
 */
import type { InclusiveRange, Route, TimeInterval, TimeIntervals } from '../plan/alert-types.js';
import { toLocal } from '../plan/zone.js';

/** The fields of an instant an interval is checked against, in the interval's zone. */
interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 0 Sunday .. 6 Saturday. */
  readonly weekday: number;
  readonly minuteOfDay: number;
  readonly daysInMonth: number;
}

function wallClock(atMs: number, zone: string | undefined): WallClock {
  const l = zone === undefined ? undefined : toLocal(atMs, zone);
  const date = new Date(l === undefined ? atMs : Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute));
  const [year, month] = [date.getUTCFullYear(), date.getUTCMonth() + 1];
  return {
    year,
    month,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    minuteOfDay: date.getUTCHours() * 60 + date.getUTCMinutes(),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inRange = (n: number, r: InclusiveRange): boolean => n >= r.begin && n <= r.end;

/** A day-of-month range in a month of `days` days: negative days count from its end, the end is clamped to the month (Alertmanager's rule). */
function dayInRange(day: number, days: number, r: InclusiveRange): boolean {
  const begin = r.begin < 0 ? days + r.begin + 1 : r.begin;
  const end = r.end < 0 ? days + r.end + 1 : r.end;
  if (begin > days) return false;
  return day >= begin && day <= Math.min(end, days);
}

/** Whether the instant is in this period: every field it gives holds (any of its ranges), read in its location (UTC by default). */
export function contains(interval: TimeInterval, atMs: number): boolean {
  const t = wallClock(atMs, interval.location);
  const holds = <T>(list: readonly T[] | undefined, test: (item: T) => boolean): boolean => list === undefined || list.some(test);
  return (
    holds(interval.times, (r) => t.minuteOfDay >= r.startMinute && t.minuteOfDay < r.endMinute) &&
    holds(interval.daysOfMonth, (r) => dayInRange(t.day, t.daysInMonth, r)) &&
    holds(interval.months, (r) => inRange(t.month, r)) &&
    holds(interval.weekdays, (r) => inRange(t.weekday, r)) &&
    holds(interval.years, (r) => inRange(t.year, r))
  );
}

/** The names among `names` whose interval holds the instant (in any of its periods). */
export function intervalsAt(names: readonly string[], intervals: TimeIntervals, atMs: number): string[] {
  return names.filter((name) => (intervals[name] ?? []).some((period) => contains(period, atMs)));
}

export type MuteDecision =
  /** Neither mute_time_intervals nor active_time_intervals hold anything back. */
  | { readonly muted: false; readonly reason: 'not_muted'; readonly active: readonly string[] }
  /** Now is in these mute intervals. */
  | { readonly muted: true; readonly reason: 'mute_interval'; readonly intervals: readonly string[] }
  /** The route has active intervals and now is in none of them. */
  | { readonly muted: true; readonly reason: 'not_active'; readonly intervals: readonly string[] };

/**
 * Whether a route's channels are muted at an instant, as Alertmanager decides:
 * muted while now is in any of its mute intervals, or when it names active
 * intervals and now is in none of them. `active` names the active intervals
 * now is in.
 */
export function muteDecision(route: Pick<Route, 'muteTimeIntervals' | 'activeTimeIntervals'>, intervals: TimeIntervals, atMs: number): MuteDecision {
  const muting = intervalsAt(route.muteTimeIntervals ?? [], intervals, atMs);
  if (muting.length > 0) return { muted: true, reason: 'mute_interval', intervals: muting };
  const wanted = route.activeTimeIntervals ?? [];
  const active = intervalsAt(wanted, intervals, atMs);
  if (wanted.length > 0 && active.length === 0) return { muted: true, reason: 'not_active', intervals: wanted };
  return { muted: false, reason: 'not_muted', active };
}

export function isMuted(route: Pick<Route, 'muteTimeIntervals' | 'activeTimeIntervals'>, intervals: TimeIntervals, atMs: number): boolean {
  return muteDecision(route, intervals, atMs).muted;
}
