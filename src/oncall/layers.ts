/**
 * Who is on call in a schedule of layers: overrides first, then the highest
 * layer whose restrictions hold at that moment, else nobody. Pure.
 *
 * What the answer can change at is a finite set of instants near any time:
 * each layer's handoffs, the edges of its restrictions (local wall-clock
 * times in its zone, turned into instants day by day, so "09:00" stays 09:00
 * across DST changes), and the overrides' ends. A shift runs from the last of
 * these at or before `at` where the holder changed to the first after `at`
 * where it changes again; a layer's handoff always ends a shift, even to the
 * same person.
 */
import type { Layer, Restriction, Schedule } from '../plan/oncall-types.js';
import { DAY_MS, dayNumber, fromLocal, toLocal, weekdayOfDay } from '../plan/zone.js';
import { handoffInstant, personOfShift, shiftIndexAt } from './handoffs.js';
import type { Shift } from './shift.js';

/** How far a shift's bounds are looked for, per step, and at most (a gap that never ends is cut there). */
const WINDOW_MS = 8 * DAY_MS;
const HORIZON_MS = 400 * DAY_MS;

interface Holder {
  readonly person: string | null;
  readonly source: Shift['source'];
  readonly layer?: string;
  /** Equal keys: the same shift. */
  readonly key: string;
}

/** The civil day (in `zone`) an instant falls on. */
function localDay(at: number, zone: string): number {
  const l = toLocal(at, zone);
  return dayNumber(l.year, l.month, l.day);
}

/** The instant of `minute` (0..1440) past midnight of civil day `day` in `zone`. */
function instantOf(day: number, minute: number, zone: string): number {
  const d = new Date((day + Math.floor(minute / 1440)) * DAY_MS);
  const m = minute % 1440;
  return fromLocal({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60, second: 0 }, zone);
}

/** The spans of one restriction that begin on civil day `day`, as instants. */
function spansOfDay(restriction: Restriction, day: number, zone: string): [number, number][] {
  if (!restriction.weekdays.includes(weekdayOfDay(day))) return [];
  return restriction.times.map((t) => [instantOf(day, t.start, zone), instantOf(day, t.end > t.start ? t.end : t.end + 1440, zone)]);
}

/** Whether a layer holds the schedule at `at`: no restrictions, or inside one (a span may have begun the day before). */
export function layerActive(layer: Layer, at: number): boolean {
  if (layer.restrict.length === 0) return true;
  const zone = layer.rotation.timezone;
  const day = localDay(at, zone);
  return layer.restrict.some((r) => [day - 1, day].some((d) => spansOfDay(r, d, zone).some(([from, to]) => from <= at && at < to)));
}

function holderAt(schedule: Schedule, layers: readonly Layer[], at: number): Holder {
  const override = schedule.overrides.find((o) => o.from <= at && at < o.to);
  if (override) return { person: override.person, source: 'override', key: `override:${override.from}` };
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (!layer || !layerActive(layer, at)) continue;
    const k = shiftIndexAt(layer.rotation, at);
    return { person: personOfShift(layer.rotation, k), source: 'rotation', layer: layer.name, key: `layer:${i}:${k}` };
  }
  return { person: null, source: 'none', key: 'none' };
}

/** Every instant in [from, to] the answer may change at, ascending. */
function candidates(schedule: Schedule, layers: readonly Layer[], from: number, to: number): number[] {
  const found = new Set<number>();
  for (const o of schedule.overrides) for (const at of [o.from, o.to]) found.add(at);
  for (const layer of layers) {
    const { rotation } = layer;
    for (let k = shiftIndexAt(rotation, from); k <= shiftIndexAt(rotation, to) + 1; k++) found.add(handoffInstant(rotation, k));
    const zone = rotation.timezone;
    for (let day = localDay(from, zone) - 1; day <= localDay(to, zone) + 1; day++) {
      for (const r of layer.restrict) for (const span of spansOfDay(r, day, zone)) for (const at of span) found.add(at);
    }
  }
  return [...found].filter((at) => at >= from && at <= to).sort((a, b) => a - b);
}

/** The first instant after `at` where the holder is no longer `holder`. */
function shiftEndAfter(schedule: Schedule, layers: readonly Layer[], at: number, holder: Holder): number {
  for (let from = at; from < at + HORIZON_MS; from += WINDOW_MS) {
    for (const c of candidates(schedule, layers, from + 1, from + WINDOW_MS)) if (holderAt(schedule, layers, c).key !== holder.key) return c;
  }
  return at + HORIZON_MS;
}

/** The last instant at or before `at` where the holder became `holder`. */
function shiftStartBefore(schedule: Schedule, layers: readonly Layer[], at: number, holder: Holder): number {
  for (let to = at; to > at - HORIZON_MS; to -= WINDOW_MS) {
    const found = candidates(schedule, layers, to - WINDOW_MS + 1, to).reverse();
    for (const c of found) if (holderAt(schedule, layers, c - 1).key !== holder.key) return c;
  }
  return at - HORIZON_MS;
}

/** Who is on call at `at` in a schedule of layers, from when until when. */
export function layeredOnCallAt(schedule: Schedule, layers: readonly Layer[], at: number): Shift {
  const holder = holderAt(schedule, layers, at);
  const shiftStart = shiftStartBefore(schedule, layers, at, holder);
  const shiftEnd = shiftEndAfter(schedule, layers, at, holder);
  return { person: holder.person, source: holder.source, ...(holder.layer === undefined ? {} : { layer: holder.layer }), shiftStart, shiftEnd };
}
