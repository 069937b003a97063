import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import type { Plan } from '../plan/types.js';
import type { AdmittedEvent } from '../store/types.js';
import { MAX_ID_LENGTH, MAX_STRING_LENGTH, admit, parseTimestamp } from './admit.js';

function loadPlan(text: string): Plan {
  const result = loadPlanText(text, 'test.yaml', {});
  if (result.kind !== 'ok') throw new Error(`expected a valid plan, got:\n${result.errors.map(formatPlanError).join('\n')}`);
  return result.plan;
}

/** The events of a command-line tool with opt-in telemetry; events may be at most one hour in the future. */
const plan = loadPlan(`
version: 1
product: { name: caro }
ingest:
  max_future: 1h
events:
  command_generation:
    backend: { enum: [static, embedded] }
    success: boolean
    duration_ms: number
    error_category: { enum: [timeout, parse_error], optional: true }
    version: { type: string, optional: true }
  heartbeat: {}
`);

const NOW = Date.parse('2026-11-22T10:00:00Z');
const HOUR = 3_600_000;

/** A valid command_generation event as a sender would post it. */
function generation(extra: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'command_generation',
    timestamp: '2026-11-22T09:30:00Z',
    properties: { backend: 'static', success: true, duration_ms: 42, ...properties },
    ...extra,
  };
}

function accepted(raw: unknown, now = NOW): { event: AdmittedEvent; dropped: readonly string[] } {
  const result = admit(raw, plan, now);
  if (result.kind !== 'ok') throw new Error(`expected the event to be accepted, got: ${result.error}`);
  return result;
}

function rejection(raw: unknown, now = NOW): string {
  const result = admit(raw, plan, now);
  if (result.kind !== 'rejected') throw new Error(`expected the event to be rejected, got: ${JSON.stringify(result.event)}`);
  return result.error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('admit: an accepted event', () => {
  it('is stored typed, with its ids, its time in epoch ms and its declared properties', () => {
    const { event, dropped } = accepted(generation({ id: 'evt-1', user_id: 'u-1', session_id: 's-1' }, { error_category: 'timeout', version: '1.1.0' }));
    expect(event).toEqual({
      id: 'evt-1',
      type: 'command_generation',
      ts: Date.parse('2026-11-22T09:30:00Z'),
      userId: 'u-1',
      sessionId: 's-1',
      properties: { backend: 'static', success: true, duration_ms: 42, error_category: 'timeout', version: '1.1.0' },
    });
    expect(dropped).toEqual([]);
  });

  it.each([
    ['2026-11-22T09:30:00Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T09:30Z', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T09:30:00.250Z', '2026-11-22T09:30:00.250Z'],
    ['2026-11-22T11:30:00+02:00', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T11:30:00+0200', '2026-11-22T09:30:00.000Z'],
    ['2026-11-22T04:30:00-05:00', '2026-11-22T09:30:00.000Z'],
  ])('reads the ISO-8601 time %s as the instant %s', (timestamp, instant) => {
    expect(new Date(accepted(generation({ timestamp })).event.ts).toISOString()).toBe(instant);
  });

  it('accepts the 29th of February of a leap year, and days that end a month', () => {
    expect(new Date(accepted(generation({ timestamp: '2024-02-29T12:00:00Z' })).event.ts).toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(new Date(accepted(generation({ timestamp: '2026-04-30T23:59:59Z' })).event.ts).toISOString()).toBe('2026-04-30T23:59:59.000Z');
  });

  it('keeps a timestamp in epoch milliseconds as it is', () => {
    const ms = Date.parse('2026-11-22T09:30:00.123Z');
    expect(accepted(generation({ timestamp: ms })).event.ts).toBe(ms);
  });

  it('accepts an event up to max_future ahead of now, not one millisecond more', () => {
    expect(accepted(generation({ timestamp: NOW + HOUR })).event.ts).toBe(NOW + HOUR);
    expect(rejection(generation({ timestamp: NOW + HOUR + 1 }))).toBe('timestamp: too far in the future (check the sender clock)');
  });

  it('generates a distinct UUID when the sender gives no id (or null)', () => {
    const first = accepted(generation()).event.id;
    const second = accepted(generation({ id: null })).event.id;
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(first).not.toBe(second);
  });

  it('keeps ids of exactly the maximum length', () => {
    const long = 'x'.repeat(MAX_ID_LENGTH);
    const { event } = accepted(generation({ id: long, user_id: long, session_id: long }));
    expect([event.id, event.userId, event.sessionId]).toEqual([long, long, long]);
  });

  it('stores user_id and session_id as null when absent or null', () => {
    expect(accepted(generation()).event).toMatchObject({ userId: null, sessionId: null });
    expect(accepted(generation({ user_id: null, session_id: null })).event).toMatchObject({ userId: null, sessionId: null });
  });

  it('stores an absent or null optional property as null', () => {
    expect(accepted(generation()).event.properties).toEqual({ backend: 'static', success: true, duration_ms: 42, error_category: null, version: null });
    expect(accepted(generation({}, { error_category: null })).event.properties.error_category).toBeNull();
  });

  it('accepts an event without properties when none is required', () => {
    expect(accepted({ type: 'heartbeat', timestamp: '2026-11-22T09:30:00Z' }).event.properties).toEqual({});
  });

  it('keeps false, zero and the empty string, which are values and not absences', () => {
    const { event } = accepted(generation({}, { success: false, duration_ms: 0, version: '' }));
    expect(event.properties).toMatchObject({ success: false, duration_ms: 0, version: '' });
  });

  it('keeps a string property of exactly the maximum length', () => {
    const version = 'v'.repeat(MAX_STRING_LENGTH);
    expect(accepted(generation({}, { version })).event.properties.version).toBe(version);
  });
});

describe('admit: only declared data is kept, and what was dropped is listed', () => {
  it('drops undeclared properties and lists them as properties.<name>', () => {
    const { event, dropped } = accepted(generation({}, { query: 'rm -rf /tmp/x', hostname: 'laptop' }));
    expect(Object.keys(event.properties).sort()).toEqual(['backend', 'duration_ms', 'error_category', 'success', 'version']);
    expect(JSON.stringify(event)).not.toContain('rm -rf');
    expect(dropped).toEqual(['properties.query', 'properties.hostname']);
  });

  it('drops envelope fields it does not know and lists them by name', () => {
    const { event, dropped } = accepted(generation({ ip: '10.0.0.1', email: 'a@example.com' }));
    expect(JSON.stringify(event)).not.toContain('10.0.0.1');
    expect(JSON.stringify(event)).not.toContain('example.com');
    expect(dropped).toEqual(['ip', 'email']);
  });

  it('lists dropped properties and envelope fields together', () => {
    expect(accepted(generation({ ip: '10.0.0.1' }, { query: 'ls' })).dropped).toEqual(['properties.query', 'ip']);
  });

  it('treats an optional property named like an Object member (constructor) as absent when not sent', () => {
    const withConstructor = loadPlan(`
version: 1
product: { name: caro }
events:
  build:
    constructor: { type: string, optional: true }
`);
    const result = admit({ type: 'build', timestamp: '2026-11-22T09:30:00Z' }, withConstructor, NOW);
    expect(result).toMatchObject({ kind: 'ok', event: { properties: { constructor: null } } });
  });
});

describe('admit: a rejected event says which field is wrong and why', () => {
  it.each([[null], [[generation()]], ['command_generation'], [42], [true]])('not a JSON object: %j', (raw) => {
    expect(rejection(raw)).toBe('an event must be a JSON object');
  });

  it('a missing or non-string type', () => {
    expect(rejection({ timestamp: '2026-11-22T09:30:00Z' })).toBe('type: required string naming a declared event');
    expect(rejection(generation({ type: 7 }))).toBe('type: required string naming a declared event');
  });

  it('a type the plan does not declare, including names inherited by every object', () => {
    expect(rejection(generation({ type: 'signup' }))).toBe('type: "signup" is not declared in the plan');
    expect(rejection(generation({ type: 'constructor' }))).toBe('type: "constructor" is not declared in the plan');
    expect(rejection(generation({ type: 'toString' }))).toBe('type: "toString" is not declared in the plan');
  });

  it('a missing timestamp, or one neither a string nor a number', () => {
    expect(rejection(generation({ timestamp: undefined }))).toBe('timestamp: required, ISO-8601 string or epoch milliseconds');
    expect(rejection(generation({ timestamp: null }))).toBe('timestamp: required, ISO-8601 string or epoch milliseconds');
    expect(rejection(generation({ timestamp: true }))).toBe('timestamp: required, ISO-8601 string or epoch milliseconds');
  });

  it.each(['2026-11-22T09:30:00', '2026-11-22 09:30:00Z', '2026-11-22', 'yesterday', '1795339800000', ''])(
    'a timestamp string that is not ISO-8601 with a time zone: %j',
    (timestamp) => {
      expect(rejection(generation({ timestamp }))).toMatch(/^timestamp: ".*" is not ISO-8601 with a time zone/);
    },
  );

  it.each(['2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-11-00T00:00:00Z', '2026-11-22T25:00:00Z', '2026-02-30T00:00:00Z', '2026-04-31T12:00:00+02:00', '2025-02-29T00:00:00Z', '2100-02-29T00:00:00Z'])(
    'a timestamp that is not a date of the calendar: %s',
    (timestamp) => {
      expect(rejection(generation({ timestamp }))).toBe(`timestamp: "${timestamp}" is not a valid date`);
    },
  );

  it.each(['2024-02-29T00:00:00Z', '2000-02-29T12:00:00Z', '2026-01-31T00:00:00Z', '2025-12-31T23:59:59.999Z'])('a leap day or last day of a month is a date: %s', (timestamp) => {
    expect(admit(generation({ timestamp }), plan, NOW).kind).toBe('ok');
  });

  it('a timestamp in epoch seconds, with a hint', () => {
    expect(rejection(generation({ timestamp: Math.floor(NOW / 1000) }))).toBe('timestamp: looks like epoch seconds; send epoch milliseconds or ISO-8601');
  });

  it('a negative epoch timestamp', () => {
    expect(rejection(generation({ timestamp: -1 }))).toBe('timestamp: epoch milliseconds must be a non-negative number');
  });

  it('a timestamp too far in the future, whether ISO-8601 or epoch ms', () => {
    expect(rejection(generation({ timestamp: '2026-11-22T11:00:01Z' }))).toBe('timestamp: too far in the future (check the sender clock)');
    expect(rejection(generation({ timestamp: NOW + 2 * HOUR }))).toBe('timestamp: too far in the future (check the sender clock)');
  });

  it.each(['id', 'user_id', 'session_id'])('%s that is not a non-empty string of at most the maximum length', (field) => {
    const message = `${field}: must be a non-empty string of at most ${MAX_ID_LENGTH} characters`;
    expect(rejection(generation({ [field]: 42 }))).toBe(message);
    expect(rejection(generation({ [field]: '' }))).toBe(message);
    expect(rejection(generation({ [field]: ['u-1'] }))).toBe(message);
    expect(rejection(generation({ [field]: 'x'.repeat(MAX_ID_LENGTH + 1) }))).toBe(message);
  });

  it('a required property that is missing or null', () => {
    expect(rejection(generation({}, { success: undefined }))).toBe('properties.success: required boolean is missing');
    expect(rejection(generation({}, { success: null }))).toBe('properties.success: required boolean is missing');
  });

  it('every property problem of the event at once', () => {
    const raw = { type: 'command_generation', timestamp: '2026-11-22T09:30:00Z', properties: { backend: 'cloud', duration_ms: '42' } };
    expect(rejection(raw)).toBe(
      'properties.backend: "cloud" is not one of static, embedded; properties.success: required boolean is missing; properties.duration_ms: expected number, got string',
    );
  });

  it.each([
    ['success', 'true', 'expected boolean, got string'],
    ['success', 1, 'expected boolean, got number'],
    ['duration_ms', '42', 'expected number, got string'],
    ['duration_ms', false, 'expected number, got boolean'],
    ['duration_ms', [42], 'expected number, got array'],
    ['duration_ms', { ms: 42 }, 'expected number, got object'],
    ['backend', 1, 'expected string, got number'],
    ['backend', ['static'], 'expected string, got array'],
    ['version', { major: 1 }, 'expected string, got object'],
  ])('a property of the wrong type: %s = %j', (name, value, problem) => {
    expect(rejection(generation({}, { [name]: value }))).toBe(`properties.${name}: ${problem}`);
  });

  it('a number that is not finite (not possible in JSON, but admit may be called in-process)', () => {
    expect(rejection(generation({}, { duration_ms: Number.NaN }))).toBe("properties.duration_ms: expected a finite number, got NaN");
    expect(rejection(generation({}, { duration_ms: Number.POSITIVE_INFINITY }))).toBe("properties.duration_ms: expected a finite number, got Infinity");
  });

  it('a value outside an enum, for required and optional properties', () => {
    expect(rejection(generation({}, { backend: 'cloud' }))).toBe('properties.backend: "cloud" is not one of static, embedded');
    expect(rejection(generation({}, { error_category: 'oom' }))).toBe('properties.error_category: "oom" is not one of timeout, parse_error');
  });

  it('an enum value differing only in case', () => {
    expect(rejection(generation({}, { backend: 'Static' }))).toBe('properties.backend: "Static" is not one of static, embedded');
  });

  it('a string property over the maximum length', () => {
    expect(rejection(generation({}, { version: 'v'.repeat(MAX_STRING_LENGTH + 1) }))).toBe(`properties.version: longer than ${MAX_STRING_LENGTH} characters`);
  });

  it.each([[[]], ['backend=static'], [null], [42]])('properties that are not an object: %j', (properties) => {
    expect(rejection(generation({ properties }))).toBe('properties: must be an object');
  });
});

describe('parseTimestamp: the toISOString form read without Date.parse', () => {
  /** Timestamps spread over four centuries, with and without milliseconds, every one checked against Date.parse. */
  it('gives the instant Date.parse gives, for 20 000 timestamps in that form', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(Math.floor(random() * 12_000_000_000_000) + Date.UTC(1800, 0, 1)).toISOString();
      const text = i % 2 ? iso : `${iso.slice(0, 19)}Z`;
      expect(parseTimestamp(text)).toEqual({ ms: Date.parse(text) });
    }
  });

  it.each([
    ['2026-02-29T10:00:00Z', /is not a valid date/],
    ['2026-13-01T10:00:00.000Z', /is not a valid date/],
    ['2026-11-22T24:00:00Z', Date.UTC(2026, 10, 23)],
    ['2026-11-22T23:60:00Z', /is not a valid date/],
    ['2026-11-22T23:59:60.000Z', /is not a valid date/],
    ['0099-01-01T00:00:00Z', Date.parse('0099-01-01T00:00:00Z')],
    ['2026-11-22T10:00:00.12Z', Date.UTC(2026, 10, 22, 10, 0, 0, 120)],
    ['2026-11-22 10:00:00.000Z', /is not ISO-8601/],
  ] as const)('reads %s as the general path does', (text, expected) => {
    const result = parseTimestamp(text);
    if (typeof expected === 'number') expect(result).toEqual({ ms: expected });
    else expect('error' in result ? result.error : '').toMatch(expected);
  });
});

describe('admit: text that is not Unicode', () => {
  const LONE = /contains a lone UTF-16 surrogate/;
  it.each([
    ['id', generation({ id: 'dup-\ud800' }), /^id: /],
    ['user_id', generation({ user_id: 'u\udc00' }), /^user_id: /],
    ['session_id', generation({ session_id: '\ud83d' }), /^session_id: /],
    ['a property', generation({}, { version: '1.0\udfff' }), /^properties\.version: /],
  ])('rejects a lone surrogate in %s, naming the field', (_what, raw, field) => {
    const result = admit(raw, plan, NOW);
    expect(result.kind).toBe('rejected');
    const error = result.kind === 'rejected' ? result.error : '';
    expect(error).toMatch(field);
    expect(error).toMatch(LONE);
  });

  it('takes paired surrogates (characters outside the BMP) and other non-ASCII text', () => {
    const result = admit(generation({ id: 'id-😀-é', session_id: 'sü' }, { version: '𝔘' }), plan, NOW);
    expect(result).toMatchObject({ kind: 'ok', event: { id: 'id-😀-é', properties: { version: '𝔘' } } });
  });
});
