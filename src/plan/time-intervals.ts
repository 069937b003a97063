/**
 * The plan's `time_intervals`, as Alertmanager 0.25 writes them: named lists
 * of periods (times of day, weekdays, days of the month, months, years, in a
 * time zone) that routes name in mute_time_intervals and active_time_intervals.
 * Shapes (zod) and meaning (Alertmanager's timeinterval validation), every
 * issue at its path. Evaluating them is src/alerting/time-intervals.ts.
 */
import { z } from 'zod';
import type { InclusiveRange, TimeInterval, TimeIntervals, TimeRange } from './alert-types.js';
import type { PathSegment, PlanIssue } from './issue.js';
import type { SectionReader } from './section.js';
import { isTimeZone } from './zone.js';

/** A range as written: `monday:friday`, `'-3:-1'`, `1`, `january`. YAML may give a bare number. */
const member = z.union([z.string(), z.number().int()]);
const ranges = z.array(member).min(1, 'an empty list matches nothing; leave the field out to match every value');

const rawPeriod = z.strictObject({
  times: z.array(z.strictObject({ start_time: z.string(), end_time: z.string() })).min(1, 'an empty list matches nothing; leave times out to match the whole day').optional(),
  weekdays: ranges.optional(),
  days_of_month: ranges.optional(),
  months: ranges.optional(),
  years: ranges.optional(),
  location: z.string().min(1).optional(),
});

export const rawTimeInterval = z.strictObject({
  name: z.string().min(1),
  time_intervals: z.array(rawPeriod).min(1, 'a time interval needs at least one period'),
});

export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; reason: string };
const invalid = (reason: string): { kind: 'invalid'; reason: string } => ({ kind: 'invalid', reason });

/** `a:b` or `a` as two members, each read by `read`. */
function splitRange(text: string | number, read: (part: string) => Parsed<number>): Parsed<InclusiveRange> {
  const parts = String(text).toLowerCase().split(':');
  if (parts.length > 2) return invalid(`couldn't parse range ${text}, invalid format`);
  const begin = read(parts[0] ?? '');
  if (begin.kind === 'invalid') return begin;
  const end = parts.length === 2 ? read(parts[1] ?? '') : begin;
  if (end.kind === 'invalid') return end;
  return { kind: 'ok', value: { begin: begin.value, end: end.value } };
}

const integer = (part: string): Parsed<number> => (/^[+-]?\d+$/.test(part.trim()) ? { kind: 'ok', value: Number(part) } : invalid(`${part} is not a number`));

/** Weekday names only, as Alertmanager: `1:3` is refused. */
export function parseWeekdays(text: string | number): Parsed<InclusiveRange> {
  const range = splitRange(text, (part) => {
    const n = (WEEKDAY_NAMES as readonly string[]).indexOf(part.trim());
    return n === -1 ? invalid(`${part} is not a valid weekday (sunday ... saturday)`) : { kind: 'ok', value: n };
  });
  if (range.kind === 'ok' && range.value.begin > range.value.end) return invalid(`${text}: the start day comes after the end day (a range runs sunday to saturday; list two ranges to wrap the week)`);
  return range;
}

/** 1..31, or -31..-1 counted from the end of the month; a negative start needs a negative end. */
export function parseDaysOfMonth(text: string | number): Parsed<InclusiveRange> {
  const range = splitRange(text, (part) => {
    const n = integer(part);
    if (n.kind === 'invalid') return invalid(`${part} is not a day of the month`);
    return n.value === 0 || n.value < -31 || n.value > 31 ? invalid(`${n.value} is not a valid day of the month: out of range (1 to 31, or -31 to -1 from the end)`) : n;
  });
  if (range.kind === 'invalid') return range;
  const { begin, end } = range.value;
  if (begin < 0 && end > 0) return invalid(`${text}: the end day must be negative if the start day is negative`);
  // As Alertmanager, against a 28-day month: a range that is empty in every month is refused.
  if ((begin < 0 ? 28 + begin : begin) > (end < 0 ? 28 + end : end)) return invalid(`${text}: end day ${end} is always before start day ${begin}`);
  return range;
}

/** January..December by name (any case) or 1..12. */
export function parseMonths(text: string | number): Parsed<InclusiveRange> {
  const range = splitRange(text, (part) => {
    const named = (MONTH_NAMES as readonly string[]).indexOf(part.trim());
    if (named !== -1) return { kind: 'ok', value: named + 1 };
    const n = integer(part);
    return n.kind === 'ok' && n.value >= 1 && n.value <= 12 ? n : invalid(`${part} is not a valid month (january ... december, or 1 ... 12)`);
  });
  if (range.kind === 'ok' && range.value.begin > range.value.end) {
    return invalid(`${text}: end month ${MONTH_NAMES[range.value.end - 1] ?? ''} is before start month ${MONTH_NAMES[range.value.begin - 1] ?? ''}`);
  }
  return range;
}

export function parseYears(text: string | number): Parsed<InclusiveRange> {
  const range = splitRange(text, (part) => {
    const n = integer(part);
    return n.kind === 'ok' && n.value > 0 ? n : invalid(`${part} is not a valid year`);
  });
  if (range.kind === 'ok' && range.value.begin > range.value.end) return invalid(`${text}: end year ${range.value.end} is before start year ${range.value.begin}`);
  return range;
}

const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** `HH:MM` as minutes of the day; 24:00 (1440) is the end of the day. */
export function parseClock(text: string): Parsed<number> {
  const match = CLOCK.exec(text);
  if (!match) return invalid(`"${text}" is not a time of day (HH:MM, 00:00 to 24:00)`);
  return { kind: 'ok', value: match[1] === undefined ? 1440 : Number(match[1]) * 60 + Number(match[2]) };
}

type RawPeriod = z.infer<typeof rawPeriod>;

function resolvePeriod(raw: RawPeriod, path: readonly PathSegment[], issues: PlanIssue[]): TimeInterval {
  const field = (key: 'weekdays' | 'days_of_month' | 'months' | 'years', parse: (text: string | number) => Parsed<InclusiveRange>): readonly InclusiveRange[] | undefined => {
    const values = raw[key];
    if (values === undefined) return undefined;
    const out: InclusiveRange[] = [];
    values.forEach((text, i) => {
      const range = parse(text);
      if (range.kind === 'invalid') issues.push({ path: [...path, key, i], message: range.reason });
      else out.push(Object.freeze(range.value));
    });
    return Object.freeze(out);
  };
  const times: TimeRange[] = [];
  (raw.times ?? []).forEach((t, i) => {
    const start = parseClock(t.start_time);
    const end = parseClock(t.end_time);
    if (start.kind === 'invalid') issues.push({ path: [...path, 'times', i, 'start_time'], message: start.reason });
    if (end.kind === 'invalid') issues.push({ path: [...path, 'times', i, 'end_time'], message: end.reason });
    if (start.kind === 'invalid' || end.kind === 'invalid') return;
    if (start.value >= end.value) {
      issues.push({ path: [...path, 'times', i], message: `start_time ${t.start_time} must be before end_time ${t.end_time} (a range cannot cross midnight: list two, up to 24:00 and from 00:00)` });
    } else times.push(Object.freeze({ startMinute: start.value, endMinute: end.value }));
  });
  if (raw.location !== undefined && !isTimeZone(raw.location)) {
    issues.push({ path: [...path, 'location'], message: `"${raw.location}" is not an IANA time zone (e.g. Europe/Lisbon, America/New_York, UTC)` });
  }
  const weekdays = field('weekdays', parseWeekdays);
  const daysOfMonth = field('days_of_month', parseDaysOfMonth);
  const months = field('months', parseMonths);
  const years = field('years', parseYears);
  return Object.freeze({
    ...(raw.times === undefined ? {} : { times: Object.freeze(times) }),
    ...(weekdays === undefined ? {} : { weekdays }),
    ...(daysOfMonth === undefined ? {} : { daysOfMonth }),
    ...(months === undefined ? {} : { months }),
    ...(years === undefined ? {} : { years }),
    ...(raw.location === undefined ? {} : { location: raw.location }),
  });
}

/** The plan's time_intervals by name; a duplicate name is an issue. */
export function resolveTimeIntervals(raw: readonly unknown[] | undefined, reader: SectionReader, issues: PlanIssue[]): TimeIntervals {
  const out: Record<string, readonly TimeInterval[]> = {};
  (raw ?? []).forEach((value, i) => {
    const path = ['time_intervals', i];
    const parsed = reader.parse(rawTimeInterval, value, path);
    if (!parsed) return;
    if (Object.hasOwn(out, parsed.name)) issues.push({ path: [...path, 'name'], message: `time interval "${parsed.name}" is declared twice` });
    out[parsed.name] = Object.freeze(parsed.time_intervals.map((period, j) => resolvePeriod(period, [...path, 'time_intervals', j], issues)));
  });
  return Object.freeze(out);
}
