/**
 * Who is on call: rotation arithmetic in local wall-clock time
 * (handoffs.ts), layers (layers.ts), with overrides on top. Pure; instants
 * are epoch ms.
 *
 * Shift k of a rotation belongs to people[k mod n]. The rotation is periodic
 * in both directions: `start` fixes its phase, not a beginning.
 */
import type { Schedule } from '../plan/oncall-types.js';
import { handoffInstant, personOfShift, shiftIndexAt } from './handoffs.js';
import { layeredOnCallAt } from './layers.js';
import type { Shift } from './shift.js';

export { handoffInstant, shiftIndexAt } from './handoffs.js';
export type { Shift } from './shift.js';

/**
 * Who is on call at `at`, from when until when. An override wins for its
 * span; a rotation shift is cut short where an override begins or ends.
 */
export function onCallAt(schedule: Schedule, at: number): Shift {
  if (schedule.layers) return layeredOnCallAt(schedule, schedule.layers, at);
  const { rotation } = schedule;
  if (!rotation) throw new Error(`schedule ${schedule.id} has neither a rotation nor layers (the plan loader checks it)`);
  const override = schedule.overrides.find((o) => o.from <= at && at < o.to);
  if (override) return { person: override.person, source: 'override', shiftStart: override.from, shiftEnd: override.to };
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
