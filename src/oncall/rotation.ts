/**
 * Who is on call: rotation arithmetic in local wall-clock time, with
 * overrides on top. Pure; instants are epoch ms.
 *
 * Handoff k happens on local day `first + k * everyDays` at the handoff time
 * in the rotation's zone, where `first` is the first day on or after `start`
 * with the handoff's weekday. Shift k belongs to people[k mod n]. The
 * arithmetic runs on civil days and turns into an instant only at the end, so
 * "monday 09:00 Europe/Lisbon" stays 09:00 in Lisbon on both sides of a DST
 * change (that week is an hour shorter or longer). The rotation is periodic in
 * both directions: `start` fixes its phase, not a beginning.
 */
import { WEEKDAYS, type Rotation, type Schedule } from '../plan/oncall-types.js';
import { DAY_MS, dateOfDay, fromLocal, parseDate, weekdayOfDay } from '../plan/zone.js';

/** Who is on call for a span of a schedule, and why. */
export interface Shift {
  readonly person: string;
  readonly source: 'rotation' | 'override';
  /** Epoch ms; the shift is [shiftStart, shiftEnd). */
  readonly shiftStart: number;
  readonly shiftEnd: number;
}

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
  const date = dateOfDay(firstHandoffDay(rotation) + k * rotation.everyDays);
  const { minute } = rotation.handoff;
  return fromLocal({ ...date, hour: Math.floor(minute / 60), minute: minute % 60, second: 0 }, rotation.timezone);
}

/** The index of the rotation shift that holds `at`: handoff(k) <= at < handoff(k + 1). */
export function shiftIndexAt(rotation: Rotation, at: number): number {
  // Shifts differ from everyDays * 24h only by DST offsets (hours): the estimate is off by at most one.
  let k = Math.floor((at - handoffInstant(rotation, 0)) / (rotation.everyDays * DAY_MS));
  while (handoffInstant(rotation, k) > at) k--;
  while (handoffInstant(rotation, k + 1) <= at) k++;
  return k;
}

function personOfShift(rotation: Rotation, k: number): string {
  const n = rotation.people.length;
  const person = rotation.people[((k % n) + n) % n];
  if (person === undefined) throw new Error('a rotation has at least one person (the plan loader checks it)');
  return person;
}

/**
 * Who is on call at `at`, from when until when. An override wins for its
 * span; a rotation shift is cut short where an override begins or ends.
 */
export function onCallAt(schedule: Schedule, at: number): Shift {
  const override = schedule.overrides.find((o) => o.from <= at && at < o.to);
  if (override) return { person: override.person, source: 'override', shiftStart: override.from, shiftEnd: override.to };
  const { rotation } = schedule;
  const k = shiftIndexAt(rotation, at);
  let shiftStart = handoffInstant(rotation, k);
  let shiftEnd = handoffInstant(rotation, k + 1);
  for (const o of schedule.overrides) {
    if (o.to <= at && o.to > shiftStart) shiftStart = o.to;
    if (o.from > at && o.from < shiftEnd) shiftEnd = o.from;
  }
  return { person: personOfShift(rotation, k), source: 'rotation', shiftStart, shiftEnd };
}

/** The next `count` shifts after the one holding `from`, in order: each begins where the previous ends. */
export function nextHandoffs(schedule: Schedule, from: number, count: number): Shift[] {
  const shifts: Shift[] = [];
  let at = onCallAt(schedule, from).shiftEnd;
  for (let i = 0; i < count; i++) {
    const shift = onCallAt(schedule, at);
    shifts.push(shift);
    at = shift.shiftEnd;
  }
  return shifts;
}
