/**
 * admit(raw, plan, now): whether one incoming event is stored, and in what form.
 * Validates the envelope and the declared schema, keeps only declared
 * properties (privacy by allowlist) and normalises time. Pure.
 */
import { randomUUID } from 'node:crypto';
import { senderEvent } from '../plan/privacy.js';
import type { EventSpec, Plan, PropertySpec, Scalar } from '../plan/types.js';
import { protect, type Redaction } from '../privacy/protect.js';
import type { AdmittedEvent } from '../store/types.js';

export const MAX_ID_LENGTH = 128;
export const MAX_STRING_LENGTH = 4096;

export type Admission =
  | { readonly kind: 'ok'; readonly event: AdmittedEvent; readonly dropped: readonly string[]; readonly redactions?: readonly Redaction[] }
  | { readonly kind: 'rejected'; readonly error: string };

const ENVELOPE = new Set(['id', 'type', 'timestamp', 'user_id', 'session_id', 'properties']);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function rejected(error: string): Admission {
  return { kind: 'rejected', error };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits value[from..to) (the ISO regex has checked they are digits). */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

/** Whether the YYYY-MM-DD a timestamp starts with exists (Date.parse rolls 2026-02-30 over to March 2). Proleptic Gregorian, as Date. */
function isCalendarDate(value: string): boolean {
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/** Where the toISOString form has its digits. */
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** Whether value[at] is an ASCII digit. */
function isDigit(value: string, at: number): boolean {
  const c = value.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/**
 * The instant of a timestamp in the form Date.prototype.toISOString writes
 * (`2026-11-22T09:30:00.123Z`, or without the fraction), read without a regex
 * or Date.parse; undefined for any other form or any field out of its range,
 * which the general path then reads (or refuses). Most senders write this form.
 */
function canonicalInstant(value: string): number | undefined {
  const n = value.length;
  if ((n !== 24 && n !== 20) || value.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  for (let i = 0; i < CANONICAL_DIGITS.length; i++) if (!isDigit(value, CANONICAL_DIGITS[i] ?? 0)) return undefined;
  const dash = 45;
  const colon = 58;
  if (value.charCodeAt(4) !== dash || value.charCodeAt(7) !== dash || value.charCodeAt(10) !== 84 /* T */ || value.charCodeAt(13) !== colon || value.charCodeAt(16) !== colon) {
    return undefined;
  }
  let fraction = 0;
  if (n === 24) {
    if (value.charCodeAt(19) !== 46 /* . */ || !isDigit(value, 20) || !isDigit(value, 21) || !isDigit(value, 22)) return undefined;
    fraction = digits(value, 20, 23);
  }
  const year = digits(value, 0, 4);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  // Date.UTC reads years 0–99 as 1900–1999, and ISO's 24:00 is the next day: leave both to Date.parse.
  if (year < 100 || hour > 23 || minute > 59 || second > 59 || !isCalendarDate(value)) return undefined;
  return Date.UTC(year, digits(value, 5, 7) - 1, digits(value, 8, 10), hour, minute, second, fraction);
}

/** Event time in epoch ms, or why it is not one. */
export function parseTimestamp(value: unknown): { ms: number } | { error: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { error: 'timestamp: epoch milliseconds must be a non-negative number' };
    // Seconds instead of milliseconds put the event in 1970: say so.
    if (value < 100_000_000_000) return { error: 'timestamp: looks like epoch seconds; send epoch milliseconds or ISO-8601' };
    return { ms: value };
  }
  if (typeof value === 'string') {
    const instant = canonicalInstant(value);
    if (instant !== undefined) return { ms: instant };
    if (!ISO_8601.test(value)) return { error: `timestamp: "${value.slice(0, 40)}" is not ISO-8601 with a time zone (e.g. 2026-11-22T09:30:00Z) or epoch milliseconds` };
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || !isCalendarDate(value)) return { error: `timestamp: "${value.slice(0, 40)}" is not a valid date` };
    return { ms };
  }
  return { error: 'timestamp: required, ISO-8601 string or epoch milliseconds' };
}

/** Whether a string is well-formed UTF-16: a lone surrogate (`"\ud800"` in JSON) cannot be stored as UTF-8 and would come back as U+FFFD. */
export function wellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

const LONE_SURROGATE = 'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not Unicode text';

function optionalId(value: unknown, field: string): { value: string | null } | { error: string } {
  if (value === undefined || value === null) return { value: null };
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    return { error: `${field}: must be a non-empty string of at most ${MAX_ID_LENGTH} characters` };
  }
  if (!wellFormed(value)) return { error: `${field}: ${LONE_SURROGATE}` };
  return { value };
}

function checkProperty(name: string, spec: PropertySpec, value: unknown): string | undefined {
  if (typeof value !== spec.type || (typeof value === 'number' && !Number.isFinite(value))) {
    if (typeof value === 'number' && spec.type === 'number') return `properties.${name}: expected a finite number, got ${value}`;
    return `properties.${name}: expected ${spec.type}, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`;
  }
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH) return `properties.${name}: longer than ${MAX_STRING_LENGTH} characters`;
    if (!wellFormed(value)) return `properties.${name}: ${LONE_SURROGATE}`;
    if (spec.enum && !spec.enum.includes(value)) return `properties.${name}: "${value.slice(0, 40)}" is not one of ${spec.enum.join(', ')}`;
  }
  return undefined;
}

/** Each event spec's declared properties as a list, computed once: admit runs for every event. */
const declaredOf = new WeakMap<EventSpec, readonly (readonly [string, PropertySpec])[]>();

function declared(event: EventSpec): readonly (readonly [string, PropertySpec])[] {
  let list = declaredOf.get(event);
  if (!list) declaredOf.set(event, (list = Object.entries(event.properties)));
  return list;
}

const NONE: readonly string[] = [];

/** The own keys of `given` that `keep` does not have, without allocating when there are none. */
function keysOutside(given: Record<string, unknown>, keep: (key: string) => boolean): readonly string[] {
  let out: string[] | undefined;
  for (const key in given) {
    if (Object.hasOwn(given, key) && !keep(key)) (out ??= []).push(key);
  }
  return out ?? NONE;
}

function admitProperties(event: EventSpec, raw: unknown): { properties: Record<string, Scalar | null>; dropped: readonly string[] } | { error: string } {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) return { error: 'properties: must be an object' };
  const given = (raw ?? {}) as Record<string, unknown>;
  const properties: Record<string, Scalar | null> = {};
  const errors: string[] = [];
  for (const [name, spec] of declared(event)) {
    // Own properties only: a "constructor" the sender did not send must not be read from Object.prototype.
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined || value === null) {
      if (!spec.optional) errors.push(`properties.${name}: required ${spec.type} is missing`);
      properties[name] = null;
      continue;
    }
    const problem = checkProperty(name, spec, value);
    if (problem) errors.push(problem);
    else properties[name] = value as Scalar;
  }
  if (errors.length > 0) return { error: errors.join('; ') };
  return { properties, dropped: keysOutside(given, (name) => Object.hasOwn(event.properties, name)) };
}

export function admit(raw: unknown, plan: Plan, now: number): Admission {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return rejected('an event must be a JSON object');
  const input = raw as Record<string, unknown>;
  if (typeof input.type !== 'string') return rejected('type: required string naming a declared event');
  const event = Object.hasOwn(plan.events, input.type) ? plan.events[input.type] : senderEvent(plan, input.type);
  if (!event) return rejected(`type: "${input.type.slice(0, 64)}" is not declared in the plan`);

  const time = parseTimestamp(input.timestamp);
  if ('error' in time) return rejected(time.error);
  if (time.ms > now + plan.ingest.maxFutureMs) return rejected('timestamp: too far in the future (check the sender clock)');

  const id = optionalId(input.id, 'id');
  if ('error' in id) return rejected(id.error);
  const userId = optionalId(input.user_id, 'user_id');
  if ('error' in userId) return rejected(userId.error);
  const sessionId = optionalId(input.session_id, 'session_id');
  if ('error' in sessionId) return rejected(sessionId.error);

  const props = admitProperties(event, input.properties);
  if ('error' in props) return rejected(props.error);
  // Privacy by construction (src/privacy): free text scrubbed, a user_id that is not opaque rejected or hashed.
  const privacy = protect(event, props.properties, userId.value, plan.privacy, sessionId.value);
  if (privacy.kind === 'rejected') return rejected(privacy.error);

  const envelopeExtras = keysOutside(input, (key) => ENVELOPE.has(key));
  const dropped = props.dropped.length === 0 && envelopeExtras.length === 0 ? NONE : [...props.dropped.map((p) => `properties.${p}`), ...envelopeExtras];
  return {
    kind: 'ok',
    event: {
      id: id.value ?? randomUUID(),
      type: event.name,
      ts: time.ms,
      userId: privacy.userId,
      sessionId: privacy.sessionId ?? sessionId.value,
      properties: props.properties,
    },
    dropped,
    ...(privacy.redactions ? { redactions: privacy.redactions } : {}),
  };
}
