/**
 * Report periods, pure: ISO 8601 weeks (Monday to Monday, week 1 holds the
 * year's first Thursday, some years have a week 53) and calendar months, in
 * the plan's time zone (`reports.timezone`, UTC by default): a week starts at
 * Monday 00:00 local time, so it may be 167 or 169 hours long across a
 * daylight-saving change. A period is [from, to): `to` is the start of the next one.
 */
import { dateOfDay, dayNumber, fromLocal, toLocal } from '../plan/zone.js';

export interface Period {
  readonly kind: 'week' | 'month';
  /** `2026-W47` or `2026-11`. */
  readonly label: string;
  readonly from: number;
  /** Exclusive: the start of the next period. */
  readonly to: number;
  /** The IANA time zone its days are in. */
  readonly zone: string;
}

export type PeriodResult = { readonly kind: 'ok'; readonly period: Period } | { readonly kind: 'invalid'; readonly reason: string };

const DAY = 86_400_000;
export const WEEK_MS = 7 * DAY;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The instant a civil day (days since 1970-01-01) starts in the zone. */
function startOfDay(dayNo: number, zone: string): number {
  return fromLocal({ ...dateOfDay(dayNo), hour: 0, minute: 0, second: 0 }, zone);
}

/** The civil day an instant falls on in the zone. */
function dayIn(ms: number, zone: string): number {
  const local = toLocal(ms, zone);
  return dayNumber(local.year, local.month, local.day);
}

/** The civil day of the Monday of ISO week 1 of `year`: the Monday on or before January 4th. */
function week1Monday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  const weekday = (new Date(jan4 * DAY).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return jan4 - weekday;
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / 7;
}

/** The ISO week an instant falls in, in the zone. */
export function isoWeekOf(ms: number, zone = 'UTC'): { readonly year: number; readonly week: number } {
  const day = dayIn(ms, zone);
  const weekday = (new Date(day * DAY).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday); // the week's Thursday decides its year
  const year = dateOfDay(thursday).year;
  return { year, week: Math.floor((thursday - week1Monday(year)) / 7) + 1 };
}

export function weekPeriod(year: number, week: number, zone = 'UTC'): Period {
  const monday = week1Monday(year) + (week - 1) * 7;
  return { kind: 'week', label: `${pad(year, 4)}-W${pad(week)}`, from: startOfDay(monday, zone), to: startOfDay(monday + 7, zone), zone };
}

export function weekContaining(ms: number, zone = 'UTC'): Period {
  const { year, week } = isoWeekOf(ms, zone);
  return weekPeriod(year, week, zone);
}

/** `2026-W47` (also `2026W47`, lower-case w). */
export function parseWeek(text: string, zone = 'UTC'): PeriodResult {
  const match = /^(\d{4})-?[Ww](\d{2})$/.exec(text.trim());
  if (!match) return { kind: 'invalid', reason: `"${text}" is not an ISO week (expected YYYY-Www, e.g. 2026-W47)` };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = weeksInYear(year);
  if (week < 1 || week > weeks) return { kind: 'invalid', reason: `${year} has weeks 1 to ${weeks}; there is no week ${week}` };
  return { kind: 'ok', period: weekPeriod(year, week, zone) };
}

export function monthPeriod(year: number, month: number, zone = 'UTC'): Period {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    kind: 'month',
    label: `${pad(year, 4)}-${pad(month)}`,
    from: startOfDay(dayNumber(year, month, 1), zone),
    to: startOfDay(dayNumber(next.year, next.month, 1), zone),
    zone,
  };
}

export function monthContaining(ms: number, zone = 'UTC'): Period {
  const local = toLocal(ms, zone);
  return monthPeriod(local.year, local.month, zone);
}

/** `2026-11`. */
export function parseMonth(text: string, zone = 'UTC'): PeriodResult {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) return { kind: 'invalid', reason: `"${text}" is not a month (expected YYYY-MM, e.g. 2026-11)` };
  return { kind: 'ok', period: monthPeriod(Number(match[1]), month, zone) };
}

/** The period just before: the previous week or month, in the same zone. */
export function previous(period: Period): Period {
  return period.kind === 'week' ? weekContaining(period.from - 1, period.zone) : monthContaining(period.from - 1, period.zone);
}

/** The last week (or month) that has ended at `now`: reports are about closed periods by default. */
export function lastClosed(kind: Period['kind'], now: number, zone = 'UTC'): Period {
  return previous(kind === 'week' ? weekContaining(now, zone) : monthContaining(now, zone));
}

/** The local days of a period, each [from, to): 24 hours long, or 23 or 25 across a daylight-saving change. */
export function daysOf(period: Period): { readonly from: number; readonly to: number }[] {
  const days: { from: number; to: number }[] = [];
  for (let day = dayIn(period.from, period.zone), from = period.from; from < period.to; day++) {
    const to = Math.min(startOfDay(day + 1, period.zone), period.to);
    days.push({ from, to });
    from = to;
  }
  return days;
}

/** How far a period in progress is at `now`: the local days begun (today included) of all its days; undefined once it has ended. */
export function progressOf(period: Period, now: number): { readonly days: number; readonly of: number } | undefined {
  if (now >= period.to) return undefined;
  const days = daysOf(period);
  return { days: days.filter((d) => d.from <= now).length, of: days.length };
}

/** The ISO weeks that overlap a month, each cut to the month: the rows of the week-by-week table. */
export function weeksOf(month: Period): Period[] {
  const weeks: Period[] = [];
  for (let week = weekContaining(month.from, month.zone); week.from < month.to; week = weekContaining(week.to, month.zone)) {
    weeks.push({ ...week, from: Math.max(week.from, month.from), to: Math.min(week.to, month.to) });
  }
  return weeks;
}

/** `Nov 16–22, 2026` (the last day shown is the day before `to`), in the period's zone. */
export function periodDates(period: Period): string {
  // The local calendar dates, as UTC dates, so the formatting below reads them directly.
  const first = new Date(dayIn(period.from, period.zone) * DAY);
  const last = new Date(dayIn(period.to - 1, period.zone) * DAY);
  const month = (d: Date): string => d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const sameMonth = first.getUTCMonth() === last.getUTCMonth() && first.getUTCFullYear() === last.getUTCFullYear();
  const start = `${month(first)} ${first.getUTCDate()}`;
  if (first.getTime() === last.getTime()) return `${start}, ${first.getUTCFullYear()}`;
  const end = sameMonth ? `${last.getUTCDate()}` : `${month(last)} ${last.getUTCDate()}`;
  const year = first.getUTCFullYear() === last.getUTCFullYear() ? `, ${last.getUTCFullYear()}` : '';
  return first.getUTCFullYear() === last.getUTCFullYear() ? `${start}–${end}${year}` : `${start}, ${first.getUTCFullYear()} – ${end}, ${last.getUTCFullYear()}`;
}
