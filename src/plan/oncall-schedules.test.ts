import { describe, expect, it } from 'vitest';
import { formatPlanError, loadPlanText } from './load.js';
import type { Plan } from './types.js';

const HEAD = ['version: 1', 'product: { name: x }', 'events: {}', 'people: { ana: {}, ben: {}, cleo: {} }'];

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

/** The day/night schedule of the docs: nights and weekends under a weekday 09:00–18:00 layer. */
const DAY_NIGHT = [
  'schedules:',
  '  support:',
  '    timezone: Europe/Lisbon',
  '    layers:',
  '      - { name: nights, every: 1w, handoff: "monday 09:00", people: [cleo, ana, ben], start: 2026-01-05 }',
  '      - name: days',
  '        every: 1w',
  '        handoff: "monday 09:00"',
  '        people: [ana, ben, cleo]',
  '        start: 2026-01-05',
  '        restrict: [{ weekdays: [mon-fri], times: [{ start: "09:00", end: "18:00" }] }]',
  '    overrides: [ { person: ben, from: "2026-12-24", to: "2026-12-27" } ]',
];

describe('schedules with layers', () => {
  it('reads layers lowest first, each a rotation in the schedule zone with its restrictions', () => {
    const s = plan(DAY_NIGHT).schedules.support;
    const rotation = { everyDays: 7, handoff: { weekday: 'monday', minute: 540 }, timezone: 'Europe/Lisbon', start: '2026-01-05' };
    expect(s).toEqual({
      id: 'support',
      timezone: 'Europe/Lisbon',
      layers: [
        { name: 'nights', rotation: { ...rotation, people: ['cleo', 'ana', 'ben'] }, restrict: [] },
        {
          name: 'days',
          rotation: { ...rotation, people: ['ana', 'ben', 'cleo'] },
          restrict: [{ weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], times: [{ start: 540, end: 1080 }] }],
        },
      ],
      // A bare date is midnight in the schedule's zone (WET = UTC in December).
      overrides: [{ person: 'ben', from: Date.parse('2026-12-24T00:00Z'), to: Date.parse('2026-12-27T00:00Z') }],
    });
  });

  it('takes sub-day rotations, a layer zone of its own, wrapping weekday ranges, whole days and nights past midnight', () => {
    const s = plan([
      'schedules:',
      '  sun:',
      '    layers:',
      '      - { every: 12h, handoff: "08:00", timezone: America/New_York, people: [ana, ben], restrict: [{ weekdays: [fri-mon, wed] }] }',
      '      - { every: 1d, people: [cleo], restrict: [{ times: [{ start: "22:00", end: "06:00" }, { start: "12:00", end: "24:00" }] }] }',
    ]).schedules.sun;
    expect(s?.timezone).toBe('UTC');
    expect(s?.layers?.map((l) => l.name)).toEqual(['layer-1', 'layer-2']);
    expect(s?.layers?.[0]?.rotation).toMatchObject({ everyDays: 0.5, timezone: 'America/New_York', handoff: { weekday: null, minute: 480 } });
    expect(s?.layers?.[0]?.restrict).toEqual([{ weekdays: ['monday', 'wednesday', 'friday', 'saturday', 'sunday'], times: [{ start: 0, end: 1440 }] }]);
    expect(s?.layers?.[1]?.restrict[0]?.times).toEqual([
      { start: 1320, end: 360 },
      { start: 720, end: 1440 },
    ]);
  });

  it('names each error where it is', () => {
    const found = errors([
      'schedules:',
      '  a: { rotation: { every: 1w, people: [ana] }, layers: [{ every: 1w, people: [ana] }] }',
      '  b: { timezone: Mars/Olympus, layers: [{ every: 30m, people: [bob] }] }',
      '  c:',
      '    layers:',
      '      - { name: x, every: 1d, handoff: "monday 09:00", people: [ana] }',
      '      - { name: x, every: 1w, people: [ana], restrict: [{ weekdays: [mon-fry], times: [{ start: "9am", end: "24:30" }, { start: "09:00", end: "09:00" }] }] }',
      '  d: { overrides: [] }',
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^plan\.yaml:6:\d+: schedules\.a\.layers: a schedule has either a rotation or layers, not both/),
      expect.stringMatching(/^plan\.yaml:7:\d+: schedules\.b\.timezone: "Mars\/Olympus" is not a time zone/),
      expect.stringMatching(/^plan\.yaml:7:\d+: schedules\.b\.layers\.0\.every: a layer hands over after whole minutes, at least 1h \(12h, 1d, 1w\); "30m" is not/),
      expect.stringMatching(/^plan\.yaml:7:\d+: schedules\.b\.layers\.0\.people\.0: no person "bob" is declared under people/),
      expect.stringMatching(/^plan\.yaml:10:\d+: schedules\.c\.layers\.0\.handoff: a handoff on a weekday needs a rotation of whole weeks/),
      expect.stringMatching(/^plan\.yaml:11:\d+: schedules\.c\.layers\.1\.name: another layer of this schedule is named "x"/),
      expect.stringMatching(/^plan\.yaml:11:\d+: schedules\.c\.layers\.1\.restrict\.0\.weekdays\.0: "mon-fry" is not a weekday or a range of them/),
      expect.stringMatching(/^plan\.yaml:11:\d+: schedules\.c\.layers\.1\.restrict\.0\.times\.0\.start: "9am" is not a time of day/),
      expect.stringMatching(/^plan\.yaml:11:\d+: schedules\.c\.layers\.1\.restrict\.0\.times\.0\.end: "24:30" is not a time of day/),
      expect.stringMatching(/^plan\.yaml:11:\d+: schedules\.c\.layers\.1\.restrict\.0\.times\.1\.end: a time range ends at another time than it starts/),
      expect.stringMatching(/^plan\.yaml:12:\d+: schedules\.d: a schedule needs a rotation or layers/),
    ]);
  });
});

describe('escalation policies that repeat', () => {
  const SCHEDULE = ['schedules:', '  primary: { rotation: { every: 1w, people: [ana] } }', 'escalation:'];

  it('reads { steps, repeat, repeat_after }, repeat_after 30m by default, and a list of steps as before', () => {
    const p = plan([
      ...SCHEDULE,
      '  twice: { repeat: 2, repeat_after: 10m, steps: [ { notify: schedule:primary }, { after: 5m, notify: person:ben } ] }',
      '  default: { repeat: 1, steps: [ { notify: person:ana } ] }',
      '  once: [ { notify: person:ana } ]',
    ]);
    expect(p.escalation.twice).toMatchObject({ repeat: 2, repeatAfterMs: 600_000 });
    expect(p.escalation.twice?.steps.map((s) => s.afterMs)).toEqual([0, 300_000]);
    expect(p.escalation.default).toMatchObject({ repeat: 1, repeatAfterMs: 1_800_000 });
    expect(p.escalation.once).toEqual({ id: 'once', steps: [{ afterMs: 0, targets: [{ kind: 'person', person: 'ana' }] }] });
  });

  it('names errors in the object form where they are', () => {
    const found = errors([
      ...SCHEDULE,
      '  a: { repeat_after: 5m, steps: [ { notify: person:ana } ] }',
      '  b: { repeat: 1, repeat_after: 10s, steps: [ { notify: person:ana }, { notify: person:bob } ] }',
    ]);
    expect(found).toEqual([
      expect.stringMatching(/^plan\.yaml:8:\d+: escalation\.a\.repeat_after: repeat_after needs repeat/),
      expect.stringMatching(/^plan\.yaml:9:\d+: escalation\.b\.repeat_after: a round waits at least 1m before the next/),
      expect.stringMatching(/^plan\.yaml:9:\d+: escalation\.b\.steps\.1: a step after the first needs after/),
      expect.stringMatching(/^plan\.yaml:9:\d+: escalation\.b\.steps\.1\.notify: no person "bob" is declared under people/),
    ]);
  });
});
