import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import { parseHandoff } from './oncall.js';
import type { Plan } from './types.js';

const HEAD = ['version: 1', 'product: { name: x }', 'events: {}', 'channels:', '  ops: { type: webhook, url: "https://ops.example.com/hook" }'];

function load(lines: string[]) {
  return loadPlanText([...HEAD, ...lines, ''].join('\n'), 'plan.yaml', {});
}
function plan(lines: string[]): Plan {
  const result = load(lines);
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan;
}
function errors(lines: string[]): string[] {
  const result = load(lines);
  if (result.kind === 'ok') throw new Error('expected the plan to be rejected');
  return result.errors.map(formatPlanError);
}

/** The issue's vocabulary, lines 6 onwards. */
const ISSUE = [
  'people:',
  '  ana:  { name: Ana Silva, email: ana@example.com, slack: "@ana", timezone: Europe/Lisbon, channels: [ops] }',
  '  ben:  { name: Ben Okafor, email: ben@example.com, timezone: America/New_York }',
  '  cleo: { name: Cleo Tan, email: cleo@example.com, timezone: Asia/Singapore }',
  'schedules:',
  '  primary:',
  '    rotation: { every: 1w, handoff: "monday 09:00", timezone: Europe/Lisbon, people: [ana, ben, cleo], start: 2026-01-05 }',
  '    overrides: [ { person: ben, from: 2026-12-24T00:00Z, to: 2026-12-27T00:00Z } ]',
  '  secondary:',
  '    rotation: { every: 1w, people: [cleo, ana, ben] }',
  'escalation:',
  '  default:',
  '    - { notify: schedule:primary }',
  '    - { after: 5m, notify: schedule:secondary }',
  '    - { after: 30m, notify: [person:cleo, person:ana] }',
];

describe('the on-call vocabulary', () => {
  it('reads people, schedules and escalation policies', () => {
    const p = plan(ISSUE);
    expect(p.people.ana).toEqual({ id: 'ana', name: 'Ana Silva', email: 'ana@example.com', slack: '@ana', timezone: 'Europe/Lisbon', channels: ['ops'] });
    expect(p.people.ben).toEqual({ id: 'ben', name: 'Ben Okafor', email: 'ben@example.com', timezone: 'America/New_York', channels: [] });
    expect(p.schedules.primary).toEqual({
      id: 'primary',
      rotation: { everyDays: 7, handoff: { weekday: 'monday', minute: 540 }, timezone: 'Europe/Lisbon', people: ['ana', 'ben', 'cleo'], start: '2026-01-05' },
      overrides: [{ person: 'ben', from: Date.parse('2026-12-24T00:00Z'), to: Date.parse('2026-12-27T00:00Z') }],
    });
    // Defaults: UTC, 09:00, phase from Monday 1970-01-05.
    expect(p.schedules.secondary?.rotation).toEqual({ everyDays: 7, handoff: { weekday: null, minute: 540 }, timezone: 'UTC', people: ['cleo', 'ana', 'ben'], start: '1970-01-05' });
    const steps = p.escalation.default?.steps ?? [];
    expect(steps.map((s) => s.afterMs)).toEqual([0, 300_000, 1_800_000]);
    expect(steps[0]?.targets).toEqual([{ kind: 'schedule', schedule: p.schedules.primary }]);
    expect(steps[2]?.targets).toEqual([
      { kind: 'person', person: 'cleo' },
      { kind: 'person', person: 'ana' },
    ]);
    expect(Object.isFrozen(p.schedules.primary?.overrides)).toBe(true);
    expect(Object.isFrozen(p.escalation.default?.steps[1])).toBe(true);
  });

  it('reads override times without a zone in the rotation time zone', () => {
    const p = plan([
      'people: { ana: {}, ben: {} }',
      'schedules:',
      '  ny:',
      '    rotation: { every: 1d, handoff: "18:00", timezone: America/New_York, people: [ana, ben] }',
      '    overrides: [ { person: ben, from: 2026-07-03, to: "2026-07-05 18:00" } ]',
    ]);
    expect(p.people.ana?.name).toBe('ana');
    expect(p.schedules.ny?.overrides).toEqual([{ person: 'ben', from: Date.parse('2026-07-03T04:00Z'), to: Date.parse('2026-07-05T22:00Z') }]);
  });

  it('is optional: a plan without it has none', () => {
    const p = plan([]);
    expect([p.people, p.schedules, p.escalation]).toEqual([{}, {}, {}]);
  });
});

describe('on-call errors, each at its file:line:col', () => {
  it('names unknown people, schedules and channels', () => {
    expect(
      errors([
        'people:',
        '  ana: { timezone: Europe/Lisbon, channels: [pager] }',
        'schedules:',
        '  primary:',
        '    rotation: { every: 1w, people: [ana, bob] }',
        '    overrides: [ { person: zed, from: 2026-12-24T00:00Z, to: 2026-12-27T00:00Z } ]',
        'escalation:',
        '  default:',
        '    - { notify: schedule:primary }',
        '    - { after: 5m, notify: schedule:secondary }',
        '    - { after: 30m, notify: [person:ana, person:cleo] }',
        '    - { after: 1h, notify: team:ops }',
      ]),
    ).toEqual([
      'plan.yaml:7:46: people.ana.channels.0: no channel "pager" is declared under channels (declared: ops)',
      'plan.yaml:10:42: schedules.primary.rotation.people.1: no person "bob" is declared under people (declared: ana)',
      'plan.yaml:11:28: schedules.primary.overrides.0.person: no person "zed" is declared under people (declared: ana)',
      'plan.yaml:15:28: escalation.default.1.notify: no schedule "secondary" is declared under schedules (declared: primary)',
      'plan.yaml:16:42: escalation.default.2.notify.1: no person "cleo" is declared under people (declared: ana)',
      'plan.yaml:17:28: escalation.default.3.notify: "team:ops" is not a target (expected schedule:<id> or person:<id>)',
    ]);
  });

  it('checks time zones, handoff text, whole-day rotations and start dates', () => {
    const found = errors([
      'people:',
      '  ana: { timezone: Europe/Lisboa }',
      'schedules:',
      '  a: { rotation: { every: 1w, handoff: "mondays 9am", timezone: Mars/Olympus, people: [ana] } }',
      '  b: { rotation: { every: 36h, people: [ana] } }',
      '  c: { rotation: { every: 3d, handoff: "friday 17:00", people: [ana], start: 2026-02-30 } }',
      '  d: { rotation: { every: 0d, handoff: "25:00", people: [] } }',
    ]);
    expect(found).toEqual([
      'plan.yaml:7:20: people.ana.timezone: "Europe/Lisboa" is not a time zone (expected an IANA name such as Europe/Lisbon, America/New_York or UTC)',
      expect.stringMatching(/^plan\.yaml:9:40: schedules\.a\.rotation\.handoff: "mondays 9am" is not a handoff time/),
      'plan.yaml:9:65: schedules.a.rotation.timezone: "Mars/Olympus" is not a time zone (expected an IANA name such as Europe/Lisbon, America/New_York or UTC)',
      'plan.yaml:10:27: schedules.b.rotation.every: a rotation hands over after whole days (1d, 1w, 2w); "36h" is not',
      'plan.yaml:11:40: schedules.c.rotation.handoff: a handoff on a weekday needs a rotation of whole weeks (every: 1w, 2w ...), not every 3d',
      'plan.yaml:11:78: schedules.c.rotation.start: "2026-02-30" is not a date (expected YYYY-MM-DD)',
      'plan.yaml:12:27: schedules.d.rotation.every: a rotation hands over after whole days (1d, 1w, 2w); "0d" is not',
      expect.stringMatching(/^plan\.yaml:12:40: schedules\.d\.rotation\.handoff: "25:00" is not a handoff time/),
      'plan.yaml:12:57: schedules.d.rotation.people: a rotation needs at least one person',
    ]);
  });

  it('checks override spans: a zone or one to read them in, from before to, no overlaps', () => {
    expect(
      errors([
        'people: { ana: {}, ben: {} }',
        'schedules:',
        '  p:',
        '    rotation: { every: 1w, people: [ana] }',
        '    overrides:',
        '      - { person: ben, from: 2026-12-27T00:00Z, to: 2026-12-24T00:00Z }',
        '      - { person: ben, from: "next friday", to: 2026-12-24T00:00Z }',
        '      - { person: ben, from: 2026-12-01T00:00Z, to: 2026-12-10T00:00Z }',
        '      - { person: ana, from: 2026-12-05T00:00Z, to: 2026-12-06T00:00Z }',
      ]),
    ).toEqual([
      'plan.yaml:11:53: schedules.p.overrides.0.to: an override ends after it begins (from 2026-12-27T00:00Z, to 2026-12-24T00:00Z)',
      expect.stringMatching(/^plan\.yaml:12:30: schedules\.p\.overrides\.1\.from: "next friday" is not a date-time/),
      'plan.yaml:14:9: schedules.p.overrides.3: this override overlaps overrides[2]; overrides of a schedule must not overlap',
    ]);
  });

  it('checks escalation steps: durations, a strictly increasing after, shapes', () => {
    expect(
      errors([
        'people: { ana: {} }',
        'escalation:',
        '  default:',
        '    - { notify: person:ana }',
        '    - { after: 30m, notify: person:ana }',
        '    - { after: 5m, notify: person:ana }',
        '    - { after: 5 min, notify: person:ana }',
        '    - { notify: person:ana }',
        '  empty: []',
        '  odd: [ { after: 1m, notify: person:ana, to: x } ]',
      ]),
    ).toEqual([
      "plan.yaml:11:16: escalation.default.2.after: steps run in order: after (5m) must be later than the previous step's (30m); both count from when the page began",
      expect.stringMatching(/^plan\.yaml:12:16: escalation\.default\.3\.after: "5 min" is not a duration/),
      'plan.yaml:13:7: escalation.default.4: a step after the first needs after (e.g. after: 5m), counted from when the page began',
      'plan.yaml:14:10: escalation.empty: an escalation policy needs at least one step',
      'plan.yaml:15:43: escalation.odd.0.to: unknown key "to"',
    ]);
  });

  it('checks ids and unknown keys', () => {
    expect(errors(['people:', '  "9lives": { nickname: x }'])).toEqual([
      'plan.yaml:7:3: people.9lives: "9lives" is not an id (letters, digits, _ . -, starting with a letter)',
      'plan.yaml:7:15: people.9lives.nickname: unknown key "nickname"',
    ]);
  });
});

describe('parseHandoff', () => {
  it('reads a 24-hour time with an optional weekday, full or three letters', () => {
    expect(parseHandoff('monday 09:00')).toEqual({ kind: 'ok', handoff: { weekday: 'monday', minute: 540 } });
    expect(parseHandoff('Fri 17:30')).toEqual({ kind: 'ok', handoff: { weekday: 'friday', minute: 1050 } });
    expect(parseHandoff('9:05')).toEqual({ kind: 'ok', handoff: { weekday: null, minute: 545 } });
    expect(parseHandoff('00:00')).toEqual({ kind: 'ok', handoff: { weekday: null, minute: 0 } });
    for (const bad of ['monday', '24:00', '09:60', 'mo 09:00', 'someday 09:00', '9am', 'monday 09:00 UTC']) {
      expect(parseHandoff(bad)).toMatchObject({ kind: 'invalid' });
    }
  });
});
