/**
 * The on-call vocabulary: people, schedules (oncall-schedules.ts) and
 * escalation policies (a list of steps, or `{ steps, repeat, repeat_after }`). Shapes (zod) and meaning (time zones, handoff times,
 * cross-references, spans, step order), returning every issue found.
 */
import { z } from 'zod';
import type { ChannelSpec } from './alert-types.js';
import { parseDuration } from './duration.js';
import type { PathSegment, PlanIssue } from './issue.js';
import { sectionReader } from './section.js';
import type { EscalationPolicy, EscalationStep, EscalationTarget, OnCallPlan, Person, Schedule } from './oncall-types.js';
import { resolveSchedule, type Checks } from './oncall-schedules.js';
import { isTimeZone } from './zone.js';

export { DEFAULT_HANDOFF, DEFAULT_ROTATION_START, parseHandoff, type HandoffResult } from './oncall-schedules.js';

const ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

const rawPerson = z.strictObject({
  name: z.string().min(1).optional(),
  email: z.email().optional(),
  slack: z.string().min(1).optional(),
  slack_id: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member id, e.g. U024BE7LH (in Slack: the profile, ⋮, Copy member ID)').optional(),
  timezone: z.string().optional(),
  channels: z.array(z.string()).optional(),
});

const rawSteps = z
  .array(z.strictObject({ after: z.string().optional(), notify: z.union([z.string(), z.array(z.string()).min(1)]) }))
  .min(1, 'an escalation policy needs at least one step');

const rawPolicy = z.union([
  rawSteps,
  z.strictObject({ steps: rawSteps, repeat: z.number().int().min(0).max(9).optional(), repeat_after: z.string().optional() }),
]);

/** From the last step of a round to the next round, when the plan gives no `repeat_after`. */
export const DEFAULT_REPEAT_AFTER = '30m';

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

interface KnownSchedules {
  readonly schedules: Readonly<Record<string, Schedule>>;
  /** Including those with errors of their own, which are reported already. */
  readonly declaredSchedules: readonly string[];
}

function resolvePolicy(id: string, value: unknown, known: KnownSchedules, checks: Checks): EscalationPolicy | undefined {
  const policy = checks.parse(rawPolicy, value, ['escalation', id]);
  if (!policy) return undefined;
  const { issues } = checks;
  const before = issues.length;
  const listed = Array.isArray(policy);
  const steps = listed ? policy : policy.steps;
  const repeat = listed ? {} : resolveRepeat(id, policy, checks);
  const resolved: EscalationStep[] = [];
  let previous: { ms: number; text: string } | undefined;
  steps.forEach((step, i) => {
    const path = listed ? ['escalation', id, i] : ['escalation', id, 'steps', i];
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
  return issues.length === before ? Object.freeze({ id, steps: Object.freeze(resolved), ...repeat }) : undefined;
}

/** `repeat` and `repeat_after` of a policy written as an object. */
function resolveRepeat(id: string, policy: { repeat?: number | undefined; repeat_after?: string | undefined }, checks: Checks): { repeat?: number; repeatAfterMs?: number } {
  if (policy.repeat === undefined) {
    if (policy.repeat_after !== undefined) checks.issues.push({ path: ['escalation', id, 'repeat_after'], message: 'repeat_after needs repeat (how many more rounds, e.g. repeat: 2)' });
    return {};
  }
  const after = parseDuration(policy.repeat_after ?? DEFAULT_REPEAT_AFTER);
  if (after.kind === 'invalid') checks.issues.push({ path: ['escalation', id, 'repeat_after'], message: after.reason });
  else if (after.ms < 60_000) checks.issues.push({ path: ['escalation', id, 'repeat_after'], message: `a round waits at least 1m before the next (${policy.repeat_after ?? ''} is less)` });
  return { repeat: policy.repeat, repeatAfterMs: after.kind === 'ok' ? after.ms : 0 };
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
