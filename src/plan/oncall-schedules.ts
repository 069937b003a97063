/**
 * The `schedules` section: a schedule is one `rotation` (the original form)
 * or `layers`, each a rotation of its own with `restrict`ions to times of day
 * and weekdays, plus `overrides`. Shapes (zod) and meaning (zones, handoff
 * times, references, restrictions), returning every issue found.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { WEEKDAYS, type Layer, type Restriction, type Handoff, type Override, type Rotation, type Schedule, type TimeOfDayRange, type Weekday } from './oncall-types.js';
import { isTimeZone, parseDate, parseInstant } from './zone.js';

/** The phase of a rotation without `start`: Monday 1970-01-05. */
export const DEFAULT_ROTATION_START = '1970-01-05';
export const DEFAULT_HANDOFF = '09:00';

const HANDOFF = /^(?:([a-z]+)\s+)?(\d{1,2}):(\d{2})$/;

export type HandoffResult = { kind: 'ok'; handoff: Handoff } | { kind: 'invalid'; reason: string };

/** `monday 09:00`, `mon 9:00` or `09:00` (24-hour local time). */
export function parseHandoff(text: string): HandoffResult {
  const match = HANDOFF.exec(text.trim().toLowerCase());
  const word = match?.[1];
  const weekday = word === undefined ? null : WEEKDAYS.find((day) => day === word || (word.length === 3 && day.startsWith(word)));
  const [hour, minute] = [Number(match?.[2]), Number(match?.[3])];
  if (!match || weekday === undefined || hour > 23 || minute > 59) {
    return { kind: 'invalid', reason: `"${text}" is not a handoff time (expected a 24-hour time with an optional weekday, e.g. "monday 09:00" or "18:30")` };
  }
  return { kind: 'ok', handoff: { weekday, minute: hour * 60 + minute } };
}

/** What the section resolvers share: the issue list and the checks that add to it. */
export interface Checks {
  readonly issues: PlanIssue[];
  parse<T>(schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[]): T | undefined;
  zone(zone: string | undefined, path: readonly PathSegment[]): void;
  person(id: string, path: readonly PathSegment[]): boolean;
}

const rotationKeys = {
  every: z.string(),
  handoff: z.string().optional(),
  timezone: z.string().optional(),
  people: z.array(z.string()),
  start: z.string().optional(),
};

const rawRestriction = z.strictObject({
  weekdays: z.array(z.string()).min(1, 'list at least one weekday, or leave weekdays out for every day').optional(),
  times: z.array(z.strictObject({ start: z.string(), end: z.string() })).min(1, 'list at least one time range, or leave times out for the whole day').optional(),
});

const rawLayer = z.strictObject({ name: z.string().optional(), ...rotationKeys, restrict: z.array(rawRestriction).optional() });

export const rawSchedule = z.strictObject({
  rotation: z.strictObject(rotationKeys).optional(),
  timezone: z.string().optional(),
  layers: z.array(rawLayer).min(1, 'a schedule with layers needs at least one').optional(),
  overrides: z.array(z.strictObject({ person: z.string(), from: z.string(), to: z.string() })).optional(),
  handoff_notice: z.string().optional(),
});

type RawRotation = z.infer<z.ZodObject<typeof rotationKeys>>;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A rotation's keys, its zone defaulting to `zone`; `subDay`: a layer may hand over every 12h, 8h ... */
function resolveRotation(r: RawRotation, base: readonly PathSegment[], zone: string, subDay: boolean, checks: Checks): Rotation | undefined {
  const { issues } = checks;
  const before = issues.length;
  checks.zone(r.timezone, [...base, 'timezone']);
  const handoff = parseHandoff(r.handoff ?? DEFAULT_HANDOFF);
  if (handoff.kind === 'invalid') issues.push({ path: [...base, 'handoff'], message: handoff.reason });
  const every = parseDuration(r.every);
  const everyMs = every.kind === 'ok' ? every.ms : NaN;
  const everyDays = everyMs / DAY_MS;
  if (every.kind === 'invalid') issues.push({ path: [...base, 'every'], message: every.reason });
  else if (!subDay && (!Number.isInteger(everyDays) || everyDays < 1)) issues.push({ path: [...base, 'every'], message: `a rotation hands over after whole days (1d, 1w, 2w); "${r.every}" is not` });
  else if (subDay && (everyMs < HOUR_MS || everyMs % 60_000 !== 0)) issues.push({ path: [...base, 'every'], message: `a layer hands over after whole minutes, at least 1h (12h, 1d, 1w); "${r.every}" is not` });
  else if (handoff.kind === 'ok' && handoff.handoff.weekday !== null && everyDays % 7 !== 0) {
    issues.push({ path: [...base, 'handoff'], message: `a handoff on a weekday needs a rotation of whole weeks (every: 1w, 2w ...), not every ${r.every}` });
  }
  const start = r.start ?? DEFAULT_ROTATION_START;
  if (parseDate(start) === undefined) issues.push({ path: [...base, 'start'], message: `"${start}" is not a date (expected YYYY-MM-DD)` });
  if (r.people.length === 0) issues.push({ path: [...base, 'people'], message: 'a rotation needs at least one person' });
  r.people.forEach((person, i) => checks.person(person, [...base, 'people', i]));
  if (issues.length > before || handoff.kind === 'invalid') return undefined;
  return Object.freeze({ everyDays, handoff: Object.freeze(handoff.handoff), timezone: r.timezone ?? zone, people: Object.freeze([...r.people]), start });
}

function weekdayOf(word: string): Weekday | undefined {
  const w = word.trim().toLowerCase();
  return WEEKDAYS.find((day) => day === w || (w.length === 3 && day.startsWith(w)));
}

/** `mon-fri`, `sat`, `sunday`, `fri-mon` (a range may wrap past Sunday). */
function parseWeekdays(texts: readonly string[], path: readonly PathSegment[], checks: Checks): Weekday[] {
  const days = new Set<Weekday>();
  texts.forEach((text, i) => {
    const [from, to, ...rest] = text.split('-');
    const first = weekdayOf(from ?? '');
    const last = to === undefined ? first : weekdayOf(to);
    if (first === undefined || last === undefined || rest.length > 0) {
      checks.issues.push({ path: [...path, i], message: `"${text}" is not a weekday or a range of them (expected e.g. mon-fri, sat, sunday)` });
      return;
    }
    for (let d = WEEKDAYS.indexOf(first); ; d = (d + 1) % 7) {
      days.add(WEEKDAYS[d] ?? 'monday');
      if (WEEKDAYS[d] === last) break;
    }
  });
  return WEEKDAYS.filter((d) => days.has(d));
}

const TIME = /^(\d{1,2}):(\d{2})$/;

function minuteOf(text: string, allowMidnightEnd: boolean): number | undefined {
  const match = TIME.exec(text.trim());
  const [hour, minute] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || minute > 59 || hour > 24 || (hour === 24 && (minute > 0 || !allowMidnightEnd))) return undefined;
  return hour * 60 + minute;
}

function parseTimes(raw: readonly { start: string; end: string }[], path: readonly PathSegment[], checks: Checks): TimeOfDayRange[] {
  const ranges: TimeOfDayRange[] = [];
  raw.forEach((t, i) => {
    const start = minuteOf(t.start, false);
    const end = minuteOf(t.end, true);
    const bad = (key: string, text: string): void => void checks.issues.push({ path: [...path, i, key], message: `"${text}" is not a time of day (expected 24-hour HH:MM, e.g. "09:00"; an end may be "24:00")` });
    if (start === undefined) bad('start', t.start);
    if (end === undefined) bad('end', t.end);
    if (start === undefined || end === undefined) return;
    if (start === end % 1440) checks.issues.push({ path: [...path, i, 'end'], message: `a time range ends at another time than it starts (${t.start}–${t.end}); leave times out for the whole day` });
    else ranges.push(Object.freeze({ start, end: end === 0 ? 1440 : end }));
  });
  return ranges;
}

function resolveRestrictions(raw: readonly z.infer<typeof rawRestriction>[], base: readonly PathSegment[], checks: Checks): Restriction[] {
  return raw.map((r, i) => {
    const weekdays = r.weekdays === undefined ? [...WEEKDAYS] : parseWeekdays(r.weekdays, [...base, i, 'weekdays'], checks);
    const times = r.times === undefined ? [{ start: 0, end: 1440 }] : parseTimes(r.times, [...base, i, 'times'], checks);
    return Object.freeze({ weekdays: Object.freeze(weekdays), times: Object.freeze(times) });
  });
}

function resolveLayers(id: string, raw: readonly z.infer<typeof rawLayer>[], zone: string, checks: Checks): Layer[] | undefined {
  const before = checks.issues.length;
  const names = new Set<string>();
  const layers = raw.map((l, i) => {
    const base = ['schedules', id, 'layers', i];
    const name = l.name ?? `layer-${i + 1}`;
    if (names.has(name)) checks.issues.push({ path: [...base, 'name'], message: `another layer of this schedule is named "${name}"; layer names must differ` });
    names.add(name);
    const rotation = resolveRotation(l, base, zone, true, checks);
    const restrict = resolveRestrictions(l.restrict ?? [], [...base, 'restrict'], checks);
    return rotation ? Object.freeze({ name, rotation, restrict: Object.freeze(restrict) }) : undefined;
  });
  if (checks.issues.length > before) return undefined;
  return layers.filter((l): l is Layer => l !== undefined);
}

export function resolveSchedule(id: string, value: unknown, checks: Checks): Schedule | undefined {
  const s = checks.parse(rawSchedule, value, ['schedules', id]);
  if (!s) return undefined;
  const { issues } = checks;
  const before = issues.length;
  checks.zone(s.timezone, ['schedules', id, 'timezone']);
  if (s.rotation && s.layers) issues.push({ path: ['schedules', id, 'layers'], message: 'a schedule has either a rotation or layers, not both (a rotation is a schedule of one layer)' });
  if (!s.rotation && !s.layers) issues.push({ path: ['schedules', id], message: 'a schedule needs a rotation or layers' });
  if (s.rotation && s.timezone !== undefined) issues.push({ path: ['schedules', id, 'timezone'], message: 'a schedule of one rotation takes its time zone from rotation.timezone' });
  const declared = s.timezone !== undefined && isTimeZone(s.timezone) ? s.timezone : 'UTC';
  const zone = s.rotation?.timezone ?? declared;
  const rotation = s.rotation ? resolveRotation(s.rotation, ['schedules', id, 'rotation'], 'UTC', false, checks) : undefined;
  const layers = s.layers && !s.rotation ? resolveLayers(id, s.layers, declared, checks) : undefined;
  const overrides = resolveOverrides(id, s.overrides ?? [], isTimeZone(zone) ? zone : 'UTC', checks);
  const notice = s.handoff_notice === undefined ? undefined : parseDuration(s.handoff_notice);
  if (notice?.kind === 'invalid') issues.push({ path: ['schedules', id, 'handoff_notice'], message: notice.reason });
  else if (notice && (notice.ms < 60_000 || notice.ms > 7 * DAY_MS)) issues.push({ path: ['schedules', id, 'handoff_notice'], message: `a handoff notice comes 1m to 7d before the shift, not ${s.handoff_notice ?? ''}` });
  if (issues.length > before) return undefined;
  const extra = notice?.kind === 'ok' ? { handoffNoticeMs: notice.ms } : {};
  if (rotation) return Object.freeze({ id, rotation, overrides: Object.freeze(overrides), ...extra });
  if (!layers) return undefined;
  return Object.freeze({ id, layers: Object.freeze(layers), timezone: declared, overrides: Object.freeze(overrides), ...extra });
}

/** Overrides sorted by start; a time without a zone is read in the rotation's zone. */
export function resolveOverrides(id: string, raw: readonly { person: string; from: string; to: string }[], zone: string, checks: Checks): Override[] {
  const { issues } = checks;
  const overrides: { override: Override; index: number }[] = [];
  raw.forEach((o, index) => {
    const path = ['schedules', id, 'overrides', index];
    checks.person(o.person, [...path, 'person']);
    const from = parseInstant(o.from, zone);
    const to = parseInstant(o.to, zone);
    if (from.kind === 'invalid') issues.push({ path: [...path, 'from'], message: from.reason });
    if (to.kind === 'invalid') issues.push({ path: [...path, 'to'], message: to.reason });
    if (from.kind !== 'ok' || to.kind !== 'ok') return;
    if (from.at >= to.at) issues.push({ path: [...path, 'to'], message: `an override ends after it begins (from ${o.from}, to ${o.to})` });
    else overrides.push({ override: Object.freeze({ person: o.person, from: from.at, to: to.at }), index });
  });
  overrides.sort((a, b) => a.override.from - b.override.from);
  let reach: (typeof overrides)[number] | undefined; // the override reaching furthest so far
  for (const o of overrides) {
    if (reach && reach.override.to > o.override.from) {
      const [first, second] = [reach.index, o.index].sort((a, b) => a - b);
      issues.push({ path: ['schedules', id, 'overrides', second ?? o.index], message: `this override overlaps overrides[${first ?? reach.index}]; overrides of a schedule must not overlap` });
    }
    if (!reach || o.override.to > reach.override.to) reach = o;
  }
  return overrides.map((o) => o.override);
}
