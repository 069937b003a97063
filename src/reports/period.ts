/**
 * Report periods, pure: ISO 8601 weeks (Monday to Monday, week 1 holds the
 * year's first Thursday, some years have a week 53) and calendar months, all
 * in UTC. A period is [from, to): `to` is the start of the next one.
 */

export interface Period {
  readonly kind: 'week' | 'month';
  /** `2026-W47` or `2026-11`. */
  readonly label: string;
  readonly from: number;
  /** Exclusive: the start of the next period. */
  readonly to: number;
}

export type PeriodResult = { readonly kind: 'ok'; readonly period: Period } | { readonly kind: 'invalid'; readonly reason: string };

const DAY = 86_400_000;
export const WEEK_MS = 7 * DAY;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Monday 00:00 UTC of ISO week 1 of `year`: the Monday on or before January 4th. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return jan4 - weekday * DAY;
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / WEEK_MS;
}

/** The ISO week an instant falls in. */
export function isoWeekOf(ms: number): { readonly year: number; readonly week: number } {
  const day = Math.floor(ms / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY; // the week's Thursday decides its year
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - week1Monday(year)) / WEEK_MS) + 1 };
}

export function weekPeriod(year: number, week: number): Period {
  const from = week1Monday(year) + (week - 1) * WEEK_MS;
  return { kind: 'week', label: `${pad(year, 4)}-W${pad(week)}`, from, to: from + WEEK_MS };
}

export function weekContaining(ms: number): Period {
  const { year, week } = isoWeekOf(ms);
  return weekPeriod(year, week);
}

/** `2026-W47` (also `2026W47`, lower-case w). */
export function parseWeek(text: string): PeriodResult {
  const match = /^(\d{4})-?[Ww](\d{2})$/.exec(text.trim());
  if (!match) return { kind: 'invalid', reason: `"${text}" is not an ISO week (expected YYYY-Www, e.g. 2026-W47)` };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = weeksInYear(year);
  if (week < 1 || week > weeks) return { kind: 'invalid', reason: `${year} has weeks 1 to ${weeks}; there is no week ${week}` };
  return { kind: 'ok', period: weekPeriod(year, week) };
}

export function monthPeriod(year: number, month: number): Period {
  const from = Date.UTC(year, month - 1, 1);
  return { kind: 'month', label: `${pad(year, 4)}-${pad(month)}`, from, to: Date.UTC(year, month, 1) };
}

export function monthContaining(ms: number): Period {
  const d = new Date(ms);
  return monthPeriod(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** `2026-11`. */
export function parseMonth(text: string): PeriodResult {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) return { kind: 'invalid', reason: `"${text}" is not a month (expected YYYY-MM, e.g. 2026-11)` };
  return { kind: 'ok', period: monthPeriod(Number(match[1]), month) };
}

/** The period just before: the previous week or month. */
export function previous(period: Period): Period {
  return period.kind === 'week' ? weekContaining(period.from - 1) : monthContaining(period.from - 1);
}

/** The last week (or month) that has ended at `now`: reports are about closed periods by default. */
export function lastClosed(kind: Period['kind'], now: number): Period {
  return previous(kind === 'week' ? weekContaining(now) : monthContaining(now));
}

/** The ISO weeks that overlap a month, each cut to the month: the rows of the week-by-week table. */
export function weeksOf(month: Period): Period[] {
  const weeks: Period[] = [];
  for (let week = weekContaining(month.from); week.from < month.to; week = weekContaining(week.to)) {
    weeks.push({ ...week, from: Math.max(week.from, month.from), to: Math.min(week.to, month.to) });
  }
  return weeks;
}

/** `Nov 16–22, 2026` (the last day shown is the day before `to`). */
export function periodDates(period: Period): string {
  const first = new Date(period.from);
  const last = new Date(period.to - 1);
  const month = (d: Date): string => d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const sameMonth = first.getUTCMonth() === last.getUTCMonth() && first.getUTCFullYear() === last.getUTCFullYear();
  const start = `${month(first)} ${first.getUTCDate()}`;
  if (period.to - period.from <= DAY && first.getUTCDate() === last.getUTCDate()) return `${start}, ${first.getUTCFullYear()}`;
  const end = sameMonth ? `${last.getUTCDate()}` : `${month(last)} ${last.getUTCDate()}`;
  const year = first.getUTCFullYear() === last.getUTCFullYear() ? `, ${last.getUTCFullYear()}` : '';
  return first.getUTCFullYear() === last.getUTCFullYear() ? `${start}–${end}${year}` : `${start}, ${first.getUTCFullYear()} – ${end}, ${last.getUTCFullYear()}`;
}
