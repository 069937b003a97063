/**
 * The on-call vocabulary: people, schedules (a rotation with overrides) and
 * escalation policies. Shapes (zod) and meaning (time zones, handoff times,
 * cross-references, spans, step order), returning every issue found.
 */
import { z } from 'zod';
import type { ChannelSpec } from './alert-types.js';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { sectionReader } from './section.js';
import { WEEKDAYS, type EscalationPolicy, type EscalationStep, type EscalationTarget, type Handoff, type OnCallPlan, type Override, type Person, type Schedule } from './oncall-types.js';
import { isTimeZone, parseDate, parseInstant } from './zone.js';

/** The phase of a rotation without `start`: Monday 1970-01-05. */
export const DEFAULT_ROTATION_START = '1970-01-05';
export const DEFAULT_HANDOFF = '09:00';

const ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

const rawPerson = z.strictObject({
  name: z.string().min(1).optional(),
  email: z.email().optional(),
  slack: z.string().min(1).optional(),
  slack_id: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member id, e.g. U024BE7LH (in Slack: the profile, ⋮, Copy member ID)').optional(),
  timezone: z.string().optional(),
  channels: z.array(z.string()).optional(),
});

const rawSchedule = z.strictObject({
  rotation: z.strictObject({
    every: z.string(),
    handoff: z.string().optional(),
    timezone: z.string().optional(),
    people: z.array(z.string()),
    start: z.string().optional(),
  }),
  overrides: z.array(z.strictObject({ person: z.string(), from: z.string(), to: z.string() })).optional(),
});

const rawPolicy = z
  .array(z.strictObject({ after: z.string().optional(), notify: z.union([z.string(), z.array(z.string()).min(1)]) }))
  .min(1, 'an escalation policy needs at least one step');

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
interface Checks {
  readonly issues: PlanIssue[];
  parse<T>(schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[]): T | undefined;
  zone(zone: string | undefined, path: readonly PathSegment[]): void;
  person(id: string, path: readonly PathSegment[]): boolean;
}

export function resolveOnCall(
  raw: { people?: Record<string, unknown>; schedules?: Record<string, unknown>; escalation?: Record<string, unknown> },
  context: { channels: Readonly<Record<string, ChannelSpec>> },
  issues: PlanIssue[],
  zodIssues: (error: z.ZodError, base: readonly PathSegment[]) => PlanIssue[],
): OnCallPlan {
  const declaredPeople = Object.keys(raw.people ?? {});
  const reader = sectionReader(issues, zodIssues);
  const checks: Checks = {
    issues,
    parse: (schema, value, path) => reader.parse(schema, value, path),
    zone(zone, path) {
      if (zone !== undefined && !isTimeZone(zone)) issues.push({ path, message: `"${zone}" is not a time zone (expected an IANA name such as Europe/Lisbon, America/New_York or UTC)` });
    },
    person(id, path) {
      if (declaredPeople.includes(id)) return true;
      issues.push({ path, message: `no person "${id}" is declared under people (declared: ${declaredPeople.join(', ') || 'none'})` });
      return false;
    },
  };
  const resolveAll = <T>(section: 'people' | 'schedules' | 'escalation', resolve: (id: string, value: unknown) => T | undefined): Record<string, T> => {
    const resolved: Record<string, T> = {};
    for (const [id, value] of Object.entries(raw[section] ?? {})) {
      if (!ID.test(id)) issues.push({ path: [section, id], message: `"${id}" is not an id (letters, digits, _ . -, starting with a letter)`, atKey: true });
      const item = resolve(id, value);
      if (item !== undefined) resolved[id] = item;
    }
    return resolved;
  };
  const people = resolveAll('people', (id, value) => resolvePerson(id, value, context.channels, checks));
  const schedules = resolveAll('schedules', (id, value) => resolveSchedule(id, value, checks));
  const declaredSchedules = Object.keys(raw.schedules ?? {});
  const escalation = resolveAll('escalation', (id, value) => resolvePolicy(id, value, { schedules, declaredSchedules }, checks));
  return { people: Object.freeze(people), schedules: Object.freeze(schedules), escalation: Object.freeze(escalation) };
}

function resolvePerson(id: string, value: unknown, channels: Readonly<Record<string, ChannelSpec>>, checks: Checks): Person | undefined {
  const p = checks.parse(rawPerson, value ?? {}, ['people', id]);
  if (!p) return undefined;
  checks.zone(p.timezone, ['people', id, 'timezone']);
  const names = p.channels ?? [];
  names.forEach((channel, i) => {
    if (!Object.hasOwn(channels, channel)) {
      checks.issues.push({ path: ['people', id, 'channels', i], message: `no channel "${channel}" is declared under channels (declared: ${Object.keys(channels).join(', ') || 'none'})` });
    }
  });
  return Object.freeze({
    id,
    name: p.name ?? id,
    ...(p.email ? { email: p.email } : {}),
    ...(p.slack ? { slack: p.slack } : {}),
    ...(p.slack_id ? { slackId: p.slack_id } : {}),
    ...(p.timezone ? { timezone: p.timezone } : {}),
    channels: Object.freeze([...names]),
  });
}

function resolveSchedule(id: string, value: unknown, checks: Checks): Schedule | undefined {
  const s = checks.parse(rawSchedule, value, ['schedules', id]);
  if (!s) return undefined;
  const { issues } = checks;
  const before = issues.length;
  const base = ['schedules', id, 'rotation'];
  const r = s.rotation;
  const zone = r.timezone ?? 'UTC';
  checks.zone(r.timezone, [...base, 'timezone']);
  const handoff = parseHandoff(r.handoff ?? DEFAULT_HANDOFF);
  if (handoff.kind === 'invalid') issues.push({ path: [...base, 'handoff'], message: handoff.reason });
  const every = parseDuration(r.every);
  const everyDays = every.kind === 'ok' ? every.ms / 86_400_000 : NaN;
  if (every.kind === 'invalid') issues.push({ path: [...base, 'every'], message: every.reason });
  else if (!Number.isInteger(everyDays) || everyDays < 1) issues.push({ path: [...base, 'every'], message: `a rotation hands over after whole days (1d, 1w, 2w); "${r.every}" is not` });
  else if (handoff.kind === 'ok' && handoff.handoff.weekday !== null && everyDays % 7 !== 0) {
    issues.push({ path: [...base, 'handoff'], message: `a handoff on a weekday needs a rotation of whole weeks (every: 1w, 2w ...), not every ${r.every}` });
  }
  const start = r.start ?? DEFAULT_ROTATION_START;
  if (parseDate(start) === undefined) issues.push({ path: [...base, 'start'], message: `"${start}" is not a date (expected YYYY-MM-DD)` });
  if (r.people.length === 0) issues.push({ path: [...base, 'people'], message: 'a rotation needs at least one person' });
  r.people.forEach((person, i) => checks.person(person, [...base, 'people', i]));
  const overrides = resolveOverrides(id, s.overrides ?? [], isTimeZone(zone) ? zone : 'UTC', checks);
  if (issues.length > before || handoff.kind === 'invalid') return undefined;
  return Object.freeze({
    id,
    rotation: Object.freeze({ everyDays, handoff: Object.freeze(handoff.handoff), timezone: zone, people: Object.freeze([...r.people]), start }),
    overrides: Object.freeze(overrides),
  });
}

/** Overrides sorted by start; a time without a zone is read in the rotation's zone. */
function resolveOverrides(id: string, raw: readonly { person: string; from: string; to: string }[], zone: string, checks: Checks): Override[] {
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

interface KnownSchedules {
  readonly schedules: Readonly<Record<string, Schedule>>;
  /** Including those with errors of their own, which are reported already. */
  readonly declaredSchedules: readonly string[];
}

function resolvePolicy(id: string, value: unknown, known: KnownSchedules, checks: Checks): EscalationPolicy | undefined {
  const steps = checks.parse(rawPolicy, value, ['escalation', id]);
  if (!steps) return undefined;
  const { issues } = checks;
  const before = issues.length;
  const resolved: EscalationStep[] = [];
  let previous: { ms: number; text: string } | undefined;
  steps.forEach((step, i) => {
    const path = ['escalation', id, i];
    let afterMs = 0;
    if (step.after === undefined) {
      if (i > 0) issues.push({ path, message: 'a step after the first needs after (e.g. after: 5m), counted from when the page began' });
    } else {
      const parsed = parseDuration(step.after);
      if (parsed.kind === 'invalid') issues.push({ path: [...path, 'after'], message: parsed.reason });
      else afterMs = parsed.ms;
      if (parsed.kind === 'ok' && previous && parsed.ms <= previous.ms) {
        issues.push({ path: [...path, 'after'], message: `steps run in order: after (${step.after}) must be later than the previous step's (${previous.text}); both count from when the page began` });
      }
    }
    previous = { ms: afterMs, text: step.after ?? '0s' };
    const texts = typeof step.notify === 'string' ? [step.notify] : step.notify;
    const targets = texts.map((text, j) => resolveTarget(text, typeof step.notify === 'string' ? [...path, 'notify'] : [...path, 'notify', j], known, checks));
    resolved.push(Object.freeze({ afterMs, targets: Object.freeze(targets.filter((t): t is EscalationTarget => t !== undefined)) }));
  });
  return issues.length === before ? Object.freeze({ id, steps: Object.freeze(resolved) }) : undefined;
}

function resolveTarget(text: string, path: readonly PathSegment[], known: KnownSchedules, checks: Checks): EscalationTarget | undefined {
  const match = /^(schedule|person):(.+)$/.exec(text.trim());
  const name = match?.[2]?.trim() ?? '';
  if (match?.[1] === 'person') return checks.person(name, path) ? Object.freeze({ kind: 'person', person: name }) : undefined;
  if (match?.[1] === 'schedule') {
    const schedule = known.schedules[name];
    if (schedule) return Object.freeze({ kind: 'schedule', schedule });
    if (!known.declaredSchedules.includes(name)) {
      checks.issues.push({ path, message: `no schedule "${name}" is declared under schedules (declared: ${known.declaredSchedules.join(', ') || 'none'})` });
    }
    return undefined;
  }
  checks.issues.push({ path, message: `"${text}" is not a target (expected schedule:<id> or person:<id>)` });
  return undefined;
}
