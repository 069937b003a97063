/**
 * Time intervals against Alertmanager's own cases (timeinterval_test.go and
 * its documentation), written as a plan's time_intervals and read by the plan
 * loader, so the parsing and the evaluation are checked together.
 */
import { describe, expect, it } from 'vitest';
import type { TimeInterval, TimeIntervals } from '../plan/alert-types.js';
import { formatPlanError, loadPlanText } from '../plan/load.js';
import { contains, isMuted, muteDecision } from './time-intervals.js';

const HEAD = ['version: 1', 'product: { name: x }', 'events:', '  e: { ok: boolean }'];

/** The plan's intervals from `time_intervals:` YAML lines. */
function intervalsOf(lines: readonly string[]): TimeIntervals {
  const result = loadPlanText([...HEAD, 'time_intervals:', ...lines, ''].join('\n'), 'plan.yaml', {});
  if (result.kind === 'invalid') throw new Error(result.errors.map(formatPlanError).join('\n'));
  return result.plan.routing.timeIntervals ?? {};
}

/** The one period of a one-period interval written as its YAML fields (flow style). */
function period(fields: string): TimeInterval {
  const found = intervalsOf([`  - name: t`, `    time_intervals: [${fields}]`]).t?.[0];
  if (!found) throw new Error('no period');
  return found;
}

/** Go's RFC822Z, as Alertmanager's tests write instants: "04 May 20 15:04 +0000". */
function at(text: string): number {
  const m = /^(\d{1,2}) (\w{3}) (\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad instant ${text}`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2] ?? '');
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return Date.UTC(2000 + Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5])) - offset;
}

function expectContains(p: TimeInterval, inside: readonly string[], outside: readonly string[]): void {
  expect(inside.filter((t) => !contains(p, at(t)))).toEqual([]);
  expect(outside.filter((t) => contains(p, at(t)))).toEqual([]);
}

describe('contains: Alertmanager timeinterval cases', () => {
  it('an empty period holds every instant', () => {
    expectContains(period('{}'), ['02 Jan 06 15:04 +0000', '03 Jan 07 10:04 +0000'], []);
  });

  it('09:00-17:00 monday:friday, the end excluded', () => {
    const p = period(`{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }] }`);
    expectContains(
      p,
      ['04 May 20 15:04 +0000', '05 May 20 10:04 +0000', '09 Jun 20 09:04 +0000', '08 Jul 20 09:00 +0000', '08 Jul 20 16:59 +0000'],
      ['03 May 20 15:04 +0000', '04 May 20 08:59 +0000', '05 May 20 05:00 +0000', '08 Jul 20 17:00 +0000'],
    );
  });

  it('Easter 2020: days 4:6 of April 2020', () => {
    const p = period(`{ days_of_month: ['4:6'], months: [april], years: ['2020'] }`);
    expectContains(
      p,
      ['04 Apr 20 15:04 +0000', '05 Apr 20 00:00 +0000', '06 Apr 20 23:05 +0000'],
      ['03 May 18 15:04 +0000', '03 Apr 20 23:59 +0000', '04 Jun 20 23:59 +0000', '06 Apr 19 23:59 +0000', '07 Apr 20 00:00 +0000'],
    );
  });

  it("'-3:-1': the last three days of each month, leap February included", () => {
    const p = period(`{ days_of_month: ['-3:-1'] }`);
    expectContains(
      p,
      ['31 Jan 20 15:04 +0000', '30 Jan 20 15:04 +0000', '29 Jan 20 15:04 +0000', '30 Jun 20 00:00 +0000', '29 Feb 20 23:05 +0000', '27 Feb 20 00:00 +0000'],
      ['27 Jan 20 15:04 +0000', '03 Apr 20 23:59 +0000', '01 Mar 20 00:00 +0000', '26 Feb 20 23:59 +0000'],
    );
  });

  it("'-1' is the last day: the 29th of February in a leap year, the 28th otherwise", () => {
    const p = period(`{ days_of_month: ['-1'] }`);
    // 2000 is a leap year (divisible by 400).
    expectContains(p, ['29 Feb 24 12:00 +0000', '28 Feb 23 12:00 +0000', '29 Feb 00 12:00 +0000', '31 Dec 26 23:59 +0000'], ['28 Feb 24 12:00 +0000', '28 Feb 00 12:00 +0000', '30 Dec 26 12:00 +0000']);
  });

  it('days beyond the month are clamped to it; a range starting after the month ends holds nothing', () => {
    // Alertmanager's case is the range -31:31, which its own parser refuses (a negative start needs a negative end): as a value here.
    expectContains({ months: [{ begin: 6, end: 6 }], daysOfMonth: [{ begin: -31, end: 31 }] }, ['30 Jun 20 00:00 +0000', '01 Jun 20 00:00 +0000'], ['31 May 20 00:00 +0000', '1 Jul 20 00:00 +0000']);
    expectContains(period(`{ days_of_month: ['29:31'] }`), ['29 Feb 24 00:00 +0000', '30 Apr 26 23:59 +0000'], ['28 Feb 24 23:59 +0000', '01 Mar 24 00:00 +0000']);
    expectContains(period(`{ days_of_month: ['30:31'], years: ['2020:2023'], months: [february] }`), [], ['28 Feb 21 13:00 +0000', '29 Feb 20 13:00 +0000']);
  });

  it('the last week of the first quarter, weekdays and Sunday, in two year ranges', () => {
    const p = period(
      `{ weekdays: ['monday:friday', sunday], months: ['january:march'], days_of_month: ['-7:-1'], years: ['2020:2025', '2030:2035'], times: [{ start_time: '09:00', end_time: '17:00' }] }`,
    );
    expectContains(
      p,
      ['27 Jan 21 09:00 +0000', '28 Jan 21 16:59 +0000', '29 Jan 21 13:00 +0000', '31 Mar 25 13:00 +0000', '31 Jan 35 13:00 +0000'],
      ['30 Jan 21 13:00 +0000', '01 Apr 21 13:00 +0000', '30 Jan 26 13:00 +0000', '31 Jan 35 17:01 +0000'],
    );
  });

  it('every field together: weekdays, 13:00-15:00, days 1, 10 and 20:-1, 2020-2023, January to March', () => {
    const p = period(
      `{ weekdays: ['monday:wednesday', saturday, sunday], times: [{ start_time: '13:00', end_time: '15:00' }], days_of_month: ['1', '10', '20:-1'], years: ['2020:2023'], months: ['january:march'] }`,
    );
    expectContains(p, ['10 Jan 21 13:00 +0000', '30 Jan 21 14:24 +0000'], ['09 Jan 21 13:00 +0000', '20 Jan 21 12:59 +0000', '02 Feb 21 13:00 +0000']);
  });

  it('months by number and any case; bare YAML numbers as days', () => {
    expectContains(period(`{ months: ['January:december'] }`), ['15 Aug 26 00:00 +0000'], []);
    expectContains(period(`{ months: ['2:3'], days_of_month: [1, -1] }`), ['01 Feb 26 00:00 +0000', '31 Mar 26 23:59 +0000'], ['02 Feb 26 00:00 +0000', '01 Apr 26 00:00 +0000']);
  });

  it("end_time '24:00' holds up to midnight", () => {
    const p = period(`{ times: [{ start_time: '17:00', end_time: '24:00' }] }`);
    expectContains(p, ['08 Jul 20 17:00 +0000', '08 Jul 20 23:59 +0000'], ['08 Jul 20 16:59 +0000', '09 Jul 20 00:00 +0000']);
  });
});

describe('contains: location', () => {
  it('Australia/Sydney 9-17 on weekdays, in and out of daylight saving', () => {
    expectContains(period(`{ times: [{ start_time: '09:00', end_time: '17:00' }], weekdays: ['monday:friday'], location: Australia/Sydney }`), ['06 Apr 21 13:00 +1000'], ['06 Apr 21 13:00 +0000']);
    const november = period(`{ times: [{ start_time: '09:00', end_time: '17:00' }], weekdays: ['monday:friday'], months: ['11'], location: Australia/Sydney }`);
    expectContains(november, ['01 Nov 21 09:00 +1100', '31 Oct 21 22:00 +0000'], ['31 Oct 21 21:00 +0000']);
  });

  it("America/New_York's last day of March does not shift with the spring-forward", () => {
    expectContains(period(`{ days_of_month: ['-1'], location: America/New_York }`), ['31 Mar 21 12:00 -0400', '01 Apr 21 03:59 +0000'], ['30 Mar 21 12:00 -0400', '01 Apr 21 04:00 +0000']);
  });

  it('Europe/Lisbon business hours follow the clock across both transitions of 2026', () => {
    const p = period(`{ times: [{ start_time: '09:00', end_time: '17:00' }], weekdays: ['monday:friday'], location: Europe/Lisbon }`);
    // Winter (WET, UTC+0): Friday 2026-03-27; summer (WEST, UTC+1) after 2026-03-29: Monday 03-30; winter again after 10-25: Monday 10-26.
    expectContains(
      p,
      ['27 Mar 26 09:00 +0000', '27 Mar 26 16:59 +0000', '30 Mar 26 08:00 +0000', '30 Mar 26 15:59 +0000', '23 Oct 26 08:00 +0000', '26 Oct 26 09:00 +0000', '26 Oct 26 16:59 +0000'],
      ['27 Mar 26 08:59 +0000', '30 Mar 26 07:59 +0000', '30 Mar 26 16:00 +0000', '23 Oct 26 07:59 +0000', '26 Oct 26 08:59 +0000', '26 Oct 26 17:00 +0000'],
    );
  });

  it('a night window 01:00-02:00 in New York: skipped on the spring-forward day, held twice on the fall-back day', () => {
    const p = period(`{ times: [{ start_time: '01:00', end_time: '02:00' }], location: America/New_York }`);
    // 2026-03-08 02:00 EST became 03:00 EDT; 2026-11-01 02:00 EDT became 01:00 EST.
    expectContains(p, ['08 Mar 26 06:30 +0000', '01 Nov 26 05:30 +0000', '01 Nov 26 06:30 +0000'], ['08 Mar 26 07:00 +0000', '08 Mar 26 07:30 +0000', '01 Nov 26 07:00 +0000']);
  });

  it('without a location the period is read in UTC', () => {
    expectContains(period(`{ times: [{ start_time: '09:00', end_time: '17:00' }] }`), ['06 Apr 21 09:00 +0000'], ['06 Apr 21 09:00 +1000']);
  });
});

describe('isMuted: Alertmanager time mute and time active stages', () => {
  const intervals = intervalsOf([
    '  - name: evenings',
    '    time_intervals:',
    "      - { times: [{ start_time: '00:00', end_time: '09:00' }, { start_time: '17:00', end_time: '24:00' }], location: Australia/Sydney }",
    '  - name: weekends',
    "    time_intervals: [{ weekdays: [saturday, sunday], location: Australia/Sydney }]",
    '  - name: business_hours',
    "    time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }], location: Australia/Sydney }]",
  ]);
  const saturdayEvening = at('05 Jun 21 18:00 +1000');
  const tuesdayMorning = at('08 Jun 21 10:00 +1000');
  const tuesdayNight = at('08 Jun 21 23:00 +1000');

  it('a route is muted while now is in any of its mute intervals, naming those that hold', () => {
    const route = { muteTimeIntervals: ['evenings', 'weekends'] };
    expect(muteDecision(route, intervals, saturdayEvening)).toEqual({ muted: true, reason: 'mute_interval', intervals: ['evenings', 'weekends'] });
    expect(muteDecision(route, intervals, tuesdayNight)).toEqual({ muted: true, reason: 'mute_interval', intervals: ['evenings'] });
    expect(isMuted(route, intervals, tuesdayMorning)).toBe(false);
  });

  it('a route with active intervals is muted outside all of them', () => {
    const route = { activeTimeIntervals: ['business_hours'] };
    expect(muteDecision(route, intervals, tuesdayMorning)).toEqual({ muted: false, reason: 'not_muted', active: ['business_hours'] });
    expect(muteDecision(route, intervals, tuesdayNight)).toEqual({ muted: true, reason: 'not_active', intervals: ['business_hours'] });
  });

  it('a mute interval wins over an active one that also holds', () => {
    const route = { activeTimeIntervals: ['business_hours'], muteTimeIntervals: ['weekends'] };
    expect(muteDecision(route, intervals, tuesdayMorning).muted).toBe(false);
    expect(muteDecision({ activeTimeIntervals: ['weekends'], muteTimeIntervals: ['evenings'] }, intervals, saturdayEvening).reason).toBe('mute_interval');
  });

  it('a route naming no interval, or an empty active list, is never muted', () => {
    expect(isMuted({}, intervals, saturdayEvening)).toBe(false);
    expect(isMuted({ activeTimeIntervals: [] }, intervals, saturdayEvening)).toBe(false);
  });

  it('an interval is in force when any of its periods holds', () => {
    const multi = intervalsOf(['  - name: maintenance', "    time_intervals: [{ weekdays: [sunday], times: [{ start_time: '02:00', end_time: '04:00' }] }, { days_of_month: ['1'] }]"]);
    expect(isMuted({ muteTimeIntervals: ['maintenance'] }, multi, at('07 Jun 26 03:00 +0000'))).toBe(true);
    expect(isMuted({ muteTimeIntervals: ['maintenance'] }, multi, at('01 Jul 26 12:00 +0000'))).toBe(true);
    expect(isMuted({ muteTimeIntervals: ['maintenance'] }, multi, at('07 Jun 26 04:00 +0000'))).toBe(false);
  });
});
