/**
 * Whose clock a notification is read on, and what it says: working hours,
 * night, weekend, each in a person's own zone. Working hours are Monday to
 * Friday, 09:00 to 18:00, unless the plan declares a time interval named
 * `working_hours` (read in its `location`, or in the person's zone when it
 * has none). Night is 22:00 to 07:00. Pure.
 */
import { contains } from '../alerting/time-intervals.js';
import type { TimeInterval } from '../plan/alert-types.js';
import { toLocal } from '../plan/zone.js';

/** The name of the plan time interval that replaces the default working hours. */
export const WORKING_HOURS_INTERVAL = 'working_hours';

/** Monday (1) to Friday (5), 09:00 to 18:00: the default. */
export const DEFAULT_WORKING_HOURS: readonly TimeInterval[] = [{ weekdays: [{ begin: 1, end: 5 }], times: [{ startMinute: 9 * 60, endMinute: 18 * 60 }] }];

export const NIGHT_STARTS_HOUR = 22;
export const NIGHT_ENDS_HOUR = 7;

/** Whether the instant is in the working hours, read in `zone` wherever a period gives no location of its own. */
export function inWorkingHours(at: number, zone: string, hours: readonly TimeInterval[] = DEFAULT_WORKING_HOURS): boolean {
  return hours.some((period) => contains(period.location === undefined ? { ...period, location: zone } : period, at));
}

export function atNight(at: number, zone: string): boolean {
  const { hour } = toLocal(at, zone);
  return hour >= NIGHT_STARTS_HOUR || hour < NIGHT_ENDS_HOUR;
}

export function onWeekend(at: number, zone: string): boolean {
  const l = toLocal(at, zone);
  const weekday = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}
