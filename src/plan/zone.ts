/**
 * Wall-clock time in IANA time zones with Intl alone: an instant's local
 * date-time, and the instant of a local date-time (DST gaps and overlaps
 * resolved like Temporal's "compatible": a skipped time moves forward by the
 * gap, a repeated time takes its first occurrence). Civil days are counted
 * from 1970-01-01 so that calendar arithmetic never touches a time zone.
 */
import { WEEKDAYS, type Weekday } from './oncall-types.js';

export const DAY_MS = 86_400_000;

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, found);
  }
  return found;
}

/** Whether Intl knows the zone (an IANA name such as Europe/Lisbon, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The local date-time of an instant in a zone (whole seconds). */
export function toLocal(at: number, zone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The local date-time read as if it were UTC: the "wall" number of ms. */
function wallMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** The zone's offset from UTC at an instant, in ms (local minus UTC). */
export function offsetAt(at: number, zone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallMs(toLocal(whole, zone)) - whole;
}

/** The instant a local date-time names in a zone. */
export function fromLocal(local: LocalDateTime, zone: string): number {
  const wall = wallMs(local);
  // The offsets a day either side cover any single transition near this time.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const valid = [...new Set([before, after])].map((offset) => wall - offset).filter((at) => at + offsetAt(at, zone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap (clocks jumped forward past it): read the time with the offset before the jump.
  return wall - before;
}

/** The civil day number (days since 1970-01-01) of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function dateOfDay(dayNo: number): { year: number; month: number; day: number } {
  const d = new Date(dayNo * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOfDay(dayNo: number): Weekday {
  // 1970-01-01 was a Thursday.
  return WEEKDAYS[(((dayNo + 3) % 7) + 7) % 7] ?? 'monday';
}

/** A local date `YYYY-MM-DD` as a civil day number, or undefined when it is not a real date. */
export function parseDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNo = dayNumber(year, month, day);
  const back = dateOfDay(dayNo);
  return back.year === year && back.month === month && back.day === day ? dayNo : undefined;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export type InstantResult = { kind: 'ok'; at: number } | { kind: 'invalid'; reason: string };

/**
 * An ISO 8601 date-time. With `Z` or an offset it names an instant; without
 * one it is a wall-clock time in `zone` (a bare date is its midnight), and
 * without a zone to read it in it is refused.
 */
export function parseInstant(text: string, zone?: string): InstantResult {
  const match = INSTANT.exec(text.trim());
  const dayNo = match ? parseDate(match[1] ?? '') : undefined;
  const [hour, minute, second] = [Number(match?.[2] ?? 0), Number(match?.[3] ?? 0), Number(match?.[4] ?? 0)];
  if (!match || dayNo === undefined || hour > 23 || minute > 59 || second > 59) {
    return { kind: 'invalid', reason: `"${text}" is not a date-time (expected ISO 8601, e.g. 2026-12-24T09:00Z or 2026-12-24T09:00+01:00)` };
  }
  const millis = Number((match[5] ?? '0').padEnd(3, '0'));
  const local: LocalDateTime = { ...dateOfDay(dayNo), hour, minute, second };
  const designator = match[6];
  if (designator === undefined) {
    if (zone === undefined) return { kind: 'invalid', reason: `"${text}" has no time zone (add Z or an offset such as +01:00)` };
    return { kind: 'ok', at: fromLocal(local, zone) + millis };
  }
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(designator);
  const offsetMs = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 3_600_000 + Number(offset[3] ?? 0) * 60_000) : 0;
  return { kind: 'ok', at: wallMs(local) + millis - offsetMs };
}

const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const two = (n: number): string => String(n).padStart(2, '0');

/** "Mon 2026-03-30 09:00": an instant as people in a zone read it. */
export function formatLocal(at: number, zone: string): string {
  const l = toLocal(at, zone);
  const weekday = SHORT_DAYS[WEEKDAYS.indexOf(weekdayOfDay(dayNumber(l.year, l.month, l.day)))] ?? '';
  return `${weekday} ${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)}`;
}
