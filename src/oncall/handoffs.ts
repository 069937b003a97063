/**
 * The arithmetic of one rotation: the instant of handoff k and whose shift
 * k is. Pure; instants are epoch ms.
 *
 * Handoff k is at local wall-clock time `first + k * every` in the
 * rotation's zone, where `first` is the handoff time on the first day on or
 * after `start` with the handoff's weekday. The arithmetic runs on wall-clock
 * time and turns into an instant only at the end, so "monday 09:00
 * Europe/Lisbon" stays 09:00 in Lisbon on both sides of a DST change (that
 * week is an hour shorter or longer), and a 12-hour rotation handing over at
 * 09:00 hands over at 09:00 and 21:00 local time all year.
 */
import { WEEKDAYS, type Rotation } from '../plan/oncall-types.js';
import { DAY_MS, fromLocal, parseDate, weekdayOfDay } from '../plan/zone.js';

const MINUTE_MS = 60_000;

/** Days since 1970-01-01 of a rotation's handoff 0. */
function firstHandoffDay(rotation: Rotation): number {
  const start = parseDate(rotation.start);
  if (start === undefined) throw new Error(`rotation start "${rotation.start}" is not a date (the plan loader checks it)`);
  const wanted = rotation.handoff.weekday;
  if (wanted === null) return start;
  const shift = (WEEKDAYS.indexOf(wanted) - WEEKDAYS.indexOf(weekdayOfDay(start)) + 7) % 7;
  return start + shift;
}

/** The instant of handoff k (any integer k). */
export function handoffInstant(rotation: Rotation, k: number): number {
  const everyMinutes = Math.round((rotation.everyDays * DAY_MS) / MINUTE_MS);
  const wall = firstHandoffDay(rotation) * DAY_MS + (rotation.handoff.minute + k * everyMinutes) * MINUTE_MS;
  const d = new Date(wall);
  return fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0 }, rotation.timezone);
}

/** The index of the rotation shift that holds `at`: handoff(k) <= at < handoff(k + 1). */
export function shiftIndexAt(rotation: Rotation, at: number): number {
  // Shifts differ from `every` only by DST offsets (hours, less than a shift of an hour or more): the estimate is off by a step or two.
  let k = Math.floor((at - handoffInstant(rotation, 0)) / (rotation.everyDays * DAY_MS));
  while (handoffInstant(rotation, k) > at) k--;
  while (handoffInstant(rotation, k + 1) <= at) k++;
  return k;
}

export function personOfShift(rotation: Rotation, k: number): string {
  const n = rotation.people.length;
  const person = rotation.people[((k % n) + n) % n];
  if (person === undefined) throw new Error('a rotation has at least one person (the plan loader checks it)');
  return person;
}
