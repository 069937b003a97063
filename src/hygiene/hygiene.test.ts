import { describe, expect, it } from 'vitest';
import type { NotificationRequest, Transition } from '../alerting/types.js';
import type { Incident } from '../incidents/types.js';
import type { AlertRule } from '../plan/alert-types.js';
import type { Person } from '../plan/oncall-types.js';
import { atNight, inWorkingHours, onWeekend } from './clock.js';
import { episodesOf, quantile } from './episodes.js';
import { hygiene, type HygieneInput } from './hygiene.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Monday 2026-11-02 00:00 UTC. */
const MONDAY = Date.UTC(2026, 10, 2);

function t(fingerprint: string, rule: string, from: Transition['from'], to: Transition['to'], at: number, reason: Transition['reason'] = 'condition_met'): Transition {
  return { fingerprint, rule, from, to, severity: 'P2', value: 1, at, reason };
}

/** One firing episode: fires at `at`, acknowledged `ackAfter` later (if given), resolved `lasts` later. */
function episode(fingerprint: string, rule: string, at: number, lasts: number, ackAfter?: number): Transition[] {
  return [
    t(fingerprint, rule, 'pending', 'firing', at, 'for_elapsed'),
    ...(ackAfter !== undefined ? [t(fingerprint, rule, 'firing', 'firing', at + ackAfter, 'acknowledged')] : []),
    t(fingerprint, rule, 'firing', 'resolved', at + lasts, 'condition_cleared'),
  ];
}

function note(id: string, channel: string, rule: string, at: number, groupLabels: Record<string, string> = { alertname: rule }): NotificationRequest {
  const alert = { fingerprint: `fp-${rule}`, status: 'firing' as const, labels: { alertname: rule }, annotations: {}, startsAt: at, endsAt: null, value: 1, acknowledged: false };
  return { id, channel, kind: 'alert', groupKey: id, groupLabels, status: 'firing', alerts: [alert], createdAt: at };
}

const rule = (name: string, forMs = 0): AlertRule => ({
  name,
  levels: [{ severity: 'P2', condition: { kind: 'absent', event: 'e', windowMs: HOUR, text: 'absent(e, 1h)' } }],
  forMs,
  keepFiringForMs: 0,
  labels: {},
  noData: 'keep_last',
  onError: 'alerting',
});

const people: Person[] = [
  { id: 'ana', name: 'Ana', timezone: 'Europe/Berlin', channels: ['ana_sms'] },
  { id: 'bo', name: 'Bo', timezone: 'America/New_York', channels: ['bo_sms'] },
];

function input(overrides: Partial<HygieneInput>): HygieneInput {
  return { from: MONDAY, to: MONDAY + 14 * 24 * HOUR, transitions: [], notifications: [], silences: [], incidents: [], labels: new Map(), people, rules: [rule('flappy', 60_000), rule('quiet')], zone: 'UTC', ...overrides };
}

describe('the clock', () => {
  it('reads working hours, night and weekend in the zone given', () => {
    const mondayTenBerlin = Date.UTC(2026, 10, 2, 9); // 10:00 in Berlin, 04:00 in New York
    expect(inWorkingHours(mondayTenBerlin, 'Europe/Berlin')).toBe(true);
    expect(inWorkingHours(mondayTenBerlin, 'America/New_York')).toBe(false);
    expect(atNight(mondayTenBerlin, 'America/New_York')).toBe(true);
    expect(onWeekend(Date.UTC(2026, 10, 7, 12), 'UTC')).toBe(true);
    expect(onWeekend(Date.UTC(2026, 10, 9, 3), 'America/New_York')).toBe(true); // still Sunday evening there
  });

  it("takes the plan's working hours instead, in the person's zone when they give no location", () => {
    const earlyShift = [{ weekdays: [{ begin: 0, end: 6 }], times: [{ startMinute: 6 * 60, endMinute: 14 * 60 }] }];
    const saturdaySevenBerlin = Date.UTC(2026, 10, 7, 6);
    expect(inWorkingHours(saturdaySevenBerlin, 'Europe/Berlin', earlyShift)).toBe(true);
    expect(inWorkingHours(saturdaySevenBerlin, 'Europe/Berlin')).toBe(false);
  });
});

describe('episodes', () => {
  it('pairs firings with acknowledgements and resolutions, and marks a firing within an hour of resolving as a flap', () => {
    const list = episodesOf([...episode('a', 'r', MONDAY, 10 * MIN, 2 * MIN), ...episode('a', 'r', MONDAY + 50 * MIN, 5 * MIN), ...episode('a', 'r', MONDAY + 5 * HOUR, 5 * MIN)].reverse());
    expect(list.map((e) => [e.firedAt - MONDAY, e.acknowledgedAt === null ? null : e.acknowledgedAt - MONDAY, e.flapped])).toEqual([
      [0, 2 * MIN, false],
      [50 * MIN, null, true],
      [5 * HOUR, null, false],
    ]);
  });

  it('takes the nearest-rank median and p95', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile(Array.from({ length: 20 }, (_, i) => i + 1), 0.95)).toBe(19);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('hygiene', () => {
  it('counts firings, flaps, acknowledgements and their speed per rule, noisiest first with a suggestion', () => {
    const flappy = [0, 1, 2, 3].flatMap((i) => episode('f1', 'flappy', MONDAY + 10 * HOUR + i * 30 * MIN, 10 * MIN, i === 0 ? 60_000 : i === 1 ? 180_000 : undefined));
    const quiet = episode('q1', 'quiet', MONDAY + 2 * 24 * HOUR, HOUR, 5 * MIN);
    const result = hygiene(input({ transitions: [...quiet, ...flappy] }));
    expect(result.rules.map((r) => r.rule)).toEqual(['flappy', 'quiet']);
    expect(result.rules[0]).toMatchObject({
      fired: 4,
      flapped: 3,
      acknowledged: 2,
      neverAcknowledged: 2,
      timeToAcknowledge: { medianMs: 60_000, p95Ms: 180_000 },
      suggestion: { kind: 'raise_for', text: 'flapped 3 of 4 times: raise `for` from 1m to 5m (or set keep_firing_for)' },
    });
    expect(result.rules[1]).toMatchObject({ fired: 1, flapped: 0, acknowledged: 1, timeToAcknowledge: { medianMs: 5 * MIN, p95Ms: 5 * MIN }, suggestion: null });
  });

  it('counts a firing as silenced when a matching silence covered part of it', () => {
    const silence = { id: 's1', matchers: [{ name: 'alertname', value: 'quiet', isRegex: false, isEqual: true }], startsAt: MONDAY + 30 * MIN, endsAt: MONDAY + 2 * HOUR, createdBy: 'ana', comment: '', updatedAt: MONDAY };
    const transitions = [...episode('q1', 'quiet', MONDAY, HOUR), ...episode('q1', 'quiet', MONDAY + 5 * HOUR, HOUR)];
    expect(hygiene(input({ transitions, silences: [silence] })).rules[0]).toMatchObject({ fired: 2, silenced: 1 });
  });

  it("counts notifications inside and outside the working hours of the people they reach, and each person's pages", () => {
    const mondayNineUtc = Date.UTC(2026, 10, 2, 9); // Berlin 10:00, New York 04:00
    const saturdayNoon = Date.UTC(2026, 10, 7, 12);
    const notifications = [
      note('n1', 'ana_sms', 'quiet', mondayNineUtc),
      note('n2', 'bo_sms', 'quiet', mondayNineUtc),
      note('n3', 'team', 'quiet', saturdayNoon),
      note('n4', 'ana_sms', 'quiet', saturdayNoon, { incident: 'INC-1', person: 'ana' }),
    ];
    const result = hygiene(input({ notifications }));
    expect(result.rules[0]?.notifications).toEqual({ total: 4, inWorkingHours: 1, outsideWorkingHours: 3 });
    expect(result.people).toEqual([
      { person: 'ana', zone: 'Europe/Berlin', pages: 2, atNight: 0, onWeekends: 1, outsideWorkingHours: 1 },
      { person: 'bo', zone: 'America/New_York', pages: 1, atNight: 1, onWeekends: 0, outsideWorkingHours: 1 },
    ]);
  });

  it('suggests a lower severity for a rule nobody acknowledges, and a time interval for one that wakes people', () => {
    const ignored = [0, 1, 2, 3].flatMap((i) => episode('q1', 'quiet', MONDAY + i * 24 * HOUR, HOUR));
    expect(hygiene(input({ transitions: ignored })).rules[0]?.suggestion).toEqual({ kind: 'lower_severity', text: '4 of 4 firings were never acknowledged: lower the severity from P2 to P3' });
    const nights = [0, 1, 2].map((i) => note(`n${i}`, 'bo_sms', 'quiet', Date.UTC(2026, 10, 3 + i, 7)));
    expect(hygiene(input({ notifications: nights })).rules[0]?.suggestion?.kind).toBe('add_time_interval');
  });

  it('lists the incidents declared by hand with no alert behind them', () => {
    const base: Incident = { id: 'INC-1', title: 'Checkout down', severity: 'SEV1', status: 'resolved', commander: null, components: {}, alerts: [], declaredAt: MONDAY + HOUR, declaredBy: 'ana', acknowledgedAt: null, mitigatedAt: null, resolvedAt: null, lastUpdateAt: MONDAY, postmortemDueAt: null, postmortemWrittenAt: null };
    const fromAlert: Incident = { ...base, id: 'INC-2', alerts: ['fp'], fromRule: 'quiet' };
    const result = hygiene(input({ incidents: [fromAlert, base] }));
    expect(result.incidentsWithoutAlert).toEqual([{ id: 'INC-1', title: 'Checkout down', severity: 'SEV1', declaredAt: MONDAY + HOUR, declaredBy: 'ana' }]);
  });
});
